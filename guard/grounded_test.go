package guard

import (
	"strings"
	"testing"
)

var groundSources = []string{
	"세종대왕은 1443년에 훈민정음을 창제하였다. 훈민정음은 1446년에 반포되었다. 집현전 학자들이 참여하였다.",
	"The Eiffel Tower is 330 metres tall and was completed in 1889. It was not designed by Gustave Eiffel alone.",
}

func TestGrounded(t *testing.T) {
	tests := []struct {
		answer    string
		supported []bool
		reasons   []string
	}{
		{"세종대왕은 1443년에 훈민정음을 창제했습니다 [1].", []bool{true}, []string{""}},
		{"훈민정음은 1450년에 반포되었습니다.", []bool{false}, []string{"missing_number"}},
		{"세종대왕은 훈민정음을 창제하지 않았다.", []bool{false}, []string{"negation"}},
		{"에펠탑은 1889년에 완공되었다 [1].", []bool{false}, []string{"missing_number"}},
		{"The tower was completed in 1889 [2]. It is 330 metres tall.", []bool{true, true}, []string{"", ""}},
		{"The tower is 300 metres tall.", []bool{false}, []string{"missing_number"}},
		{"조선의 수도는 한양이었다 [3].", []bool{false}, []string{"bad_citation"}},
		{"고려의 무신정권은 백 년 동안 이어졌다.", []bool{false}, []string{"low_overlap"}},
		{"네, 집현전 학자들이 참여하였습니다.", []bool{true}, []string{""}},
		{"Ｔｈｅ tower was completed in １８８９.", []bool{true}, []string{""}},
	}
	for _, tt := range tests {
		r := Grounded(tt.answer, groundSources)
		if len(r.Claims) != len(tt.supported) {
			t.Errorf("%q: %d claims, want %d: %+v", tt.answer, len(r.Claims), len(tt.supported), r.Claims)
			continue
		}
		for i, c := range r.Claims {
			if c.Supported != tt.supported[i] || c.Reason != tt.reasons[i] {
				t.Errorf("%q claim %q: supported=%v reason=%q, want %v %q (%+v)", tt.answer, c.Text, c.Supported, c.Reason, tt.supported[i], tt.reasons[i], c)
			}
		}
	}
}

func TestGroundedDrop(t *testing.T) {
	answer := "세종대왕은 1443년에 훈민정음을 창제했다 [1]. 훈민정음은 1450년에 반포되었다 [1]. 집현전 학자들이 참여했다."
	r := Grounded(answer, groundSources, DropUnsupported())
	if r.Text != "세종대왕은 1443년에 훈민정음을 창제했다 [1]. 집현전 학자들이 참여했다." {
		t.Errorf("Text = %q", r.Text)
	}
	if len(r.Removed) != 1 || !strings.Contains(r.Removed[0], "1450") || r.Score < 0.66 || r.Score > 0.67 {
		t.Errorf("report %+v", r)
	}
	if r := Grounded(answer, groundSources); r.Text != answer {
		t.Errorf("without DropUnsupported the text changed: %q", r.Text)
	}
	if r := Grounded("", nil); r.Score != 1 || len(r.Claims) != 0 {
		t.Errorf("empty: %+v", r)
	}
}
