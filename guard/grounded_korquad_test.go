package guard

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seogo/seogo/textproc"
)

// TestGroundednessKorQuAD holds Grounded to the bar on answers built
// from KorQuAD paragraphs: it must keep at least 95% of correct claims
// (sentences copied from the paragraph, the sentence holding a question's
// answer) and remove at least 90% of altered ones (a number or date
// changed, a person's name swapped for a name from another paragraph, a
// negation inserted or removed). Each claim is checked against its own
// paragraph and the next one, as a retriever would return them.
func TestGroundednessKorQuAD(t *testing.T) {
	paragraphs := loadKorQuAD(t)
	if len(paragraphs) > 400 {
		paragraphs = paragraphs[:400]
	}
	r := rand.New(rand.NewPCG(5, 400))
	names := personAnswers(paragraphs)
	var all []string
	for _, ns := range names {
		all = append(all, ns...)
	}
	type tally struct{ n, kept int }
	correct := map[string]*tally{"copied": {}, "answer": {}}
	altered := map[string]*tally{"number": {}, "name": {}, "negation": {}}
	check := func(m map[string]*tally, kind, claim string, sources []string, wantKept bool) {
		rep := Grounded(claim, sources)
		kept := rep.Score == 1
		m[kind].n++
		if kept {
			m[kind].kept++
		}
		if kept != wantKept && testing.Verbose() {
			t.Logf("%s (want kept=%v): %q %+v", kind, wantKept, claim, rep.Claims)
		}
	}
	for i, p := range paragraphs {
		sources := []string{p.Context, paragraphs[(i+1)%len(paragraphs)].Context}
		var sents []string
		for _, sp := range textproc.Sentences(p.Context) {
			if s := strings.TrimSpace(p.Context[sp.Start:sp.End]); utf8.RuneCountInString(s) >= 12 {
				sents = append(sents, s)
			}
		}
		if len(sents) == 0 {
			continue
		}
		check(correct, "copied", sents[r.IntN(len(sents))], sources, true)
		if len(p.QAs) > 0 && len(p.QAs[0].Answers) > 0 {
			if s := sentenceAt(p.Context, p.QAs[0].Answers[0].Start); s != "" {
				check(correct, "answer", s, sources, true)
			}
		}
		joined := strings.Join(sources, " ")
		for _, k := range r.Perm(len(sents)) {
			if alt, ok := changeNumber(r, sents[k], joined); ok {
				check(altered, "number", alt, sources, false)
				break
			}
		}
		for _, name := range names[i] {
			if k := indexContaining(sents, name); k >= 0 {
				other := all[r.IntN(len(all))]
				for tries := 0; strings.Contains(joined, other) && tries < 10; tries++ {
					other = all[r.IntN(len(all))]
				}
				if !strings.Contains(joined, other) {
					check(altered, "name", strings.ReplaceAll(sents[k], name, other), sources, false)
				}
				break
			}
		}
		for _, k := range r.Perm(len(sents)) {
			if alt, ok := flipNegation(sents[k]); ok {
				check(altered, "negation", alt, sources, false)
				break
			}
		}
	}
	keep, keepN := 0, 0
	for _, kind := range []string{"copied", "answer"} {
		c := correct[kind]
		keep, keepN = keep+c.kept, keepN+c.n
		t.Logf("correct %-8s kept %4d / %4d", kind, c.kept, c.n)
	}
	removed, removedN := 0, 0
	for _, kind := range []string{"number", "name", "negation"} {
		c := altered[kind]
		removed, removedN = removed+c.n-c.kept, removedN+c.n
		t.Logf("altered %-8s removed %4d / %4d", kind, c.n-c.kept, c.n)
	}
	keepRate, removeRate := ratio(keep, keepN), ratio(removed, removedN)
	t.Logf("keeps %.3f of %d correct claims, removes %.3f of %d altered ones", keepRate, keepN, removeRate, removedN)
	if keepRate < 0.95 {
		t.Errorf("keep rate %.3f < 0.95", keepRate)
	}
	if removeRate < 0.90 {
		t.Errorf("remove rate %.3f < 0.90", removeRate)
	}
	for kind, c := range altered {
		if c.n < 50 {
			t.Errorf("only %d %s alterations; the measure needs more", c.n, kind)
		}
	}
}

// personAnswers returns, per paragraph, the answers to "누구" (who)
// questions that look like a person's name: two to five Hangul syllables,
// or two such words.
func personAnswers(ps []korquadParagraph) [][]string {
	out := make([][]string, len(ps))
	name := regexp.MustCompile(`^[가-힣]{2,5}( [가-힣]{2,5})?$`)
	for i, p := range ps {
		for _, qa := range p.QAs {
			if !strings.Contains(qa.Question, "누구") || len(qa.Answers) == 0 {
				continue
			}
			if a := qa.Answers[0].Text; name.MatchString(a) {
				out[i] = append(out[i], a)
			}
		}
	}
	return out
}

func sentenceAt(text string, runeOffset int) string {
	if runeOffset < 0 || runeOffset > utf8.RuneCountInString(text) {
		return ""
	}
	b := len(string([]rune(text)[:runeOffset]))
	for _, sp := range textproc.Sentences(text) {
		if sp.Start <= b && b < sp.End {
			return strings.TrimSpace(text[sp.Start:sp.End])
		}
	}
	return ""
}

func indexContaining(sents []string, s string) int {
	for i, x := range sents {
		if strings.Contains(x, s) {
			return i
		}
	}
	return -1
}

var digitRun = regexp.MustCompile(`\d+`)

// changeNumber replaces one number in s by another that appears nowhere in
// the sources, so that the altered claim is certainly unsupported.
func changeNumber(r *rand.Rand, s, sources string) (string, bool) {
	locs := digitRun.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return "", false
	}
	l := locs[r.IntN(len(locs))]
	n, err := strconv.Atoi(s[l[0]:l[1]])
	if err != nil {
		return "", false
	}
	for _, d := range []int{1 + r.IntN(9), 11, 13, 27} {
		m := strconv.Itoa(n + d)
		if !strings.Contains(sources, m) {
			return s[:l[0]] + m + s[l[1]:], true
		}
	}
	return "", false
}

// negations turn a sentence's predicate into its negation and back. Each
// pair is tried at the end of the sentence, as Korean puts the predicate.
var negations = [][2]string{
	{"하였다.", "하지 않았다."}, {"했다.", "하지 않았다."}, {"되었다.", "되지 않았다."}, {"됐다.", "되지 않았다."},
	{"있었다.", "없었다."}, {"있다.", "없다."}, {"이었다.", "이 아니었다."}, {"였다.", "가 아니었다."}, {"이다.", "이 아니다."},
	{"한다.", "하지 않는다."}, {"된다.", "되지 않는다."}, {"받았다.", "받지 못했다."}, {"았다.", "지 않았다."}, {"었다.", "지 않았다."},
}

func flipNegation(s string) (string, bool) {
	for _, p := range negations {
		if strings.HasSuffix(s, p[1]) {
			return strings.TrimSuffix(s, p[1]) + p[0], true
		}
	}
	for _, p := range negations {
		if strings.HasSuffix(s, p[0]) {
			return strings.TrimSuffix(s, p[0]) + p[1], true
		}
	}
	return "", false
}
