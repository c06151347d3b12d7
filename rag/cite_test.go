package rag

import (
	"reflect"
	"strings"
	"testing"
)

func TestCheckCitations(t *testing.T) {
	valid := func(n int) bool { return n >= 1 && n <= 3 }
	tests := []struct {
		in, want       string
		cited, removed []int
	}{
		{"서울은 수도이다 [1]. 인구는 많다[2][9].", "서울은 수도이다 [1]. 인구는 많다[2].", []int{1, 2}, []int{9}},
		{"A [1, 9] and B [3，2].", "A [1] and B [3, 2].", []int{1, 3, 2}, []int{9}},
		{"Made up [9].", "Made up.", nil, []int{9}},
		{"No markers [a] or [ ].", "No markers [a] or [ ].", nil, nil},
		{"[2] first and again [2]", "[2] first and again [2]", []int{2}, nil},
	}
	for _, tc := range tests {
		got, cited, removed := checkCitations(tc.in, valid)
		if got != tc.want || !reflect.DeepEqual(cited, tc.cited) || !reflect.DeepEqual(removed, tc.removed) {
			t.Errorf("%q → %q %v %v; want %q %v %v", tc.in, got, cited, removed, tc.want, tc.cited, tc.removed)
		}
	}
}

func TestCiteFilterStream(t *testing.T) {
	valid := func(n int) bool { return n == 1 || n == 2 }
	in := "근거는 다음과 같다 [1]. 꾸며낸 출처 [9]와 배열 a[i] 그리고 [2, 9]."
	for _, size := range []int{1, 2, 3, 7, len(in)} {
		var out strings.Builder
		f := &citeFilter{valid: valid, out: func(s string) error { out.WriteString(s); return nil }}
		rs := []rune(in)
		for i := 0; i < len(rs); i += size {
			if err := f.write(string(rs[i:min(i+size, len(rs))])); err != nil {
				t.Fatal(err)
			}
		}
		f.flush()
		want, _, _ := checkCitations(in, valid) // the stream reads exactly like the final text
		if out.String() != want {
			t.Errorf("chunk %d: %q want %q", size, out.String(), want)
		}
	}
}

func FuzzCheckCitations(f *testing.F) {
	f.Add("a [1] b [2, 9] c [x]")
	f.Fuzz(func(t *testing.T, s string) {
		valid := func(n int) bool { return n%2 == 1 }
		clean, _, _ := checkCitations(s, valid)
		_, _, removed := checkCitations(clean, valid)
		if len(removed) != 0 {
			t.Fatalf("cleaned text still has invalid citations: %q → %q", s, clean)
		}
		var out strings.Builder
		cf := &citeFilter{valid: valid, out: func(x string) error { out.WriteString(x); return nil }}
		cf.write(s)
		cf.flush()
		// A bracket inside a bracket ("[[0]0]") can outwit a filter that
		// sends text as it comes; the final text is still clean.
		if _, _, removed := checkCitations(out.String(), valid); len(removed) != 0 && !nestedBrackets(s) {
			t.Fatalf("stream kept an invalid citation: %q → %q", s, out.String())
		}
	})
}

// nestedBrackets reports a '[' opened inside another before it closed
// ("[0[0]]"): a stream filter that sends text as it comes cannot take back
// the outer bracket once the inner marker is removed; the final text is
// still clean.
func nestedBrackets(s string) bool {
	open := false
	for _, r := range s {
		switch r {
		case '[':
			if open {
				return true
			}
			open = true
		case ']':
			open = false
		}
	}
	return false
}
