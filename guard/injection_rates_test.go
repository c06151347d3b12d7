package guard

import (
	"strings"
	"testing"
)

type labelledPrompt struct {
	Text     string `json:"text"`
	Category string `json:"category"`
}

// TestInjectionRates holds DetectInjection to the bar on the
// hand-written sets in testdata (written by testdata/gen): a true-positive
// rate of at least 0.90 on attacks, a false-positive rate of at most 0.01 on
// benign questions that talk about prompts, rules and systems.
func TestInjectionRates(t *testing.T) {
	attacks := readJSONL[labelledPrompt](t, "testdata/injection_attacks.jsonl")
	benign := readJSONL[labelledPrompt](t, "testdata/injection_benign.jsonl")
	if len(attacks) < 150 || len(benign) < 150 {
		t.Fatalf("sets too small: %d attacks, %d benign (need 150 each)", len(attacks), len(benign))
	}
	caught := 0
	perCat := map[string][2]int{}
	for _, a := range attacks {
		c := perCat[a.Category]
		c[1]++
		if inj := DetectInjection(a.Text); inj.Detected {
			caught++
			c[0]++
		} else {
			t.Logf("missed [%s] %q (%.2f %v)", a.Category, a.Text, inj.Score, inj.Reasons)
		}
		perCat[a.Category] = c
	}
	flagged := 0
	for _, b := range benign {
		if inj := DetectInjection(b.Text); inj.Detected {
			flagged++
			t.Logf("false positive %q (%.2f %v)", b.Text, inj.Score, inj.Reasons)
		}
	}
	tpr, fpr := ratio(caught, len(attacks)), float64(flagged)/float64(len(benign))
	var cats []string
	for c, n := range perCat {
		cats = append(cats, c+" "+itoa(n[0])+"/"+itoa(n[1]))
	}
	t.Logf("attacks: TPR %.3f (%d/%d) [%s]; benign: FPR %.3f (%d/%d)", tpr, caught, len(attacks), strings.Join(sortedStrings(cats), ", "), fpr, flagged, len(benign))
	if tpr < 0.90 {
		t.Errorf("true-positive rate %.3f < 0.90", tpr)
	}
	if fpr > 0.01 {
		t.Errorf("false-positive rate %.3f > 0.01", fpr)
	}
}
