package eval

import (
	"math"
	"testing"
)

func TestContains(t *testing.T) {
	tests := []struct {
		answer string
		golds  []string
		want   bool
	}{
		{"임종석이 시위를 주도했다. [1]", []string{"임종석"}, true},
		{"1989년2월15일에 지명수배되었다.", []string{"1989년 2월 15일"}, true},
		{"《삼국사기》에 기록되어 있다.", []string{"삼국사기"}, true},
		{"'경희대' 학생회관 계단에서 검거되었다", []string{"학생회관 건물 계단", "경희대"}, true},
		{"문서에서 답을 찾지 못했습니다.", []string{"임종석"}, false},
		{"답은 [1] 입니다", []string{"1"}, false}, // citation markers are not answers
		{"아무 말", []string{"", "  "}, false},
		{"It was founded in 1998 in Seoul. [1]", []string{"1998"}, true},
		{"DENVER broncos won.", []string{"the Denver Broncos"}, true},
		{"The answer is within reach", []string{"in"}, false},
		{"Santa Clara, California", []string{"Santa Clara"}, true},
		{"Levi's Stadium", []string{"Levis Stadium"}, true},
	}
	for _, tt := range tests {
		if got := Contains(tt.answer, tt.golds); got != tt.want {
			t.Errorf("Contains(%q, %q) = %v, want %v", tt.answer, tt.golds, got, tt.want)
		}
	}
}

func TestF1(t *testing.T) {
	tests := []struct {
		answer string
		golds  []string
		want   float64
	}{
		{"임종석", []string{"임종석"}, 1},
		// 4 characters, 3 shared: P 3/4, R 1, F1 = 2·.75/1.75.
		{"임종석이", []string{"임종석"}, 6.0 / 7},
		// 1 9 8 9 년 2 월 (7) against 1 9 8 9 년 2 월 1 5 일 (10): all 7 shared, P 1, R .7.
		{"1989년 2월", []string{"1989년 2월 15일"}, 14.0 / 17},
		{"서울", []string{"부산"}, 0},
		{"임종석 [1]", []string{"김철수", "임종석"}, 1},
		// Hangul in the answer switches to characters: i b m 이 만 들 었 다 vs i b m.
		{"IBM이 만들었다", []string{"IBM"}, 6.0 / 11},
		{"the Denver Broncos", []string{"Denver Broncos"}, 1},
		// denver broncos won game (4) vs denver broncos (2): P .5, R 1.
		{"Denver Broncos won the game.", []string{"Denver Broncos"}, 2.0 / 3},
		{"Carolina Panthers", []string{"Denver Broncos"}, 0},
		{"", []string{"Denver Broncos"}, 0},
		{"Denver", nil, 0},
	}
	for _, tt := range tests {
		if got := F1(tt.answer, tt.golds); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("F1(%q, %q) = %v, want %v", tt.answer, tt.golds, got, tt.want)
		}
	}
}
