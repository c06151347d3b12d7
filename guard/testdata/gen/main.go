//go:build ignore

// Command gen writes the guard's labelled test sets:
//
//	pii_labelled.jsonl       Korean documents with every PII span labelled
//	injection_attacks.jsonl  prompt-injection attacks (see injection.go)
//	injection_benign.jsonl   benign questions that look a little like attacks
//
// Run it from the guard directory:
//
//	go run testdata/gen/main.go testdata/gen/values.go testdata/gen/templates.go testdata/gen/injection.go
//
// Everything is derived from a fixed seed, so the files are reproducible.
// Span offsets are recorded while each text is written (byte offsets into
// the UTF-8 text), never by running the detector: the labels must not learn
// the detector's mistakes.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"

	"golang.org/x/text/unicode/norm"
)

type span struct {
	Entity string `json:"entity"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

type record struct {
	Text  string `json:"text"`
	Spans []span `json:"spans"`
	// Kind names the document type, to find a failing line's template.
	Kind string `json:"kind"`
}

// doc builds one text and its spans.
type doc struct {
	b     strings.Builder
	spans []span
	nfd   bool // write literal Korean decomposed, as some Mac exports do
	wide  bool // write numbers in full-width forms, as some forms do
}

func (d *doc) lit(s string) {
	if d.nfd {
		s = norm.NFD.String(s)
	}
	d.b.WriteString(s)
}

func (d *doc) value(entity, v string) {
	if d.wide && entity != "PERSON" && entity != "EMAIL" {
		v = fullWidth(v)
	}
	if d.nfd && entity == "PERSON" {
		v = norm.NFD.String(v)
	}
	st := d.b.Len()
	d.b.WriteString(v)
	if entity != "" {
		d.spans = append(d.spans, span{entity, st, d.b.Len()})
	}
}

func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7F {
			r += 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// render fills a template: {SLOT} is a value from slots; everything else is
// literal text.
func render(r *rand.Rand, d *doc, tpl string) {
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			d.lit(tpl)
			return
		}
		j := strings.IndexByte(tpl[i:], '}') + i
		d.lit(tpl[:i])
		name := tpl[i+1 : j]
		f, ok := slots[name]
		if !ok {
			panic("unknown slot " + name)
		}
		f(r, d)
		tpl = tpl[j+1:]
	}
}

type slotFunc func(*rand.Rand, *doc)

func v(entity string, gen func(*rand.Rand) string) slotFunc {
	return func(r *rand.Rand, d *doc) { d.value(entity, gen(r)) }
}

// neg writes a value that looks like PII but is not: it gets no span.
func neg(gen func(*rand.Rand) string) slotFunc {
	return func(r *rand.Rand, d *doc) { d.value("", gen(r)) }
}

var slots = map[string]slotFunc{
	"RRN":    v("KR_RRN", func(r *rand.Rand) string { return fmtRRN(r, rrnDigits(r, false, r.IntN(2) == 0), false) }),
	"RRNB":   v("KR_RRN", func(r *rand.Rand) string { return rrnDigits(r, false, r.IntN(2) == 0) }),
	"RRNNEW": v("KR_RRN", func(r *rand.Rand) string { return fmtRRN(r, rrnDigits(r, false, true), false) }),
	"FRN":    v("KR_FRN", func(r *rand.Rand) string { return fmtRRN(r, rrnDigits(r, true, r.IntN(3) == 0), false) }),
	"PHONE":  v("PHONE", phone),
	"EMAIL":  v("EMAIL", email),
	"CARD":   v("CREDIT_CARD", func(r *rand.Rand) string { return card(r, false) }),
	"CARDB":  v("CREDIT_CARD", func(r *rand.Rand) string { return card(r, true) }),
	"BRN":    v("KR_BRN", func(r *rand.Rand) string { return brn(r, false) }),
	"BRNB":   v("KR_BRN", func(r *rand.Rand) string { return brn(r, true) }),
	"PASS":   v("KR_PASSPORT", passport),
	"LIC":    v("KR_DRIVER_LICENSE", func(r *rand.Rand) string { return licence(r, false) }),
	"LICB":   v("KR_DRIVER_LICENSE", func(r *rand.Rand) string { return licence(r, true) }),
	"HI":     v("KR_HEALTH_INSURANCE", health),
	"PLATE":  v("CAR_PLATE", plate),
	"IP":     v("IP_ADDRESS", ip),
	"NAME":   v("PERSON", koreanName),
	"ENAME":  v("PERSON", func(r *rand.Rand) string { return pick(r, englishNames) }),
	"BANK": func(r *rand.Rand, d *doc) {
		bank, acct := bankAccount(r)
		d.lit(bank + " ")
		d.value("BANK_ACCOUNT", acct)
	},
	"ACCT": v("BANK_ACCOUNT", func(r *rand.Rand) string {
		_, a := bankAccount(r)
		if r.IntN(3) == 0 {
			return strings.ReplaceAll(a, "-", "")
		}
		return a
	}),

	// hard negatives
	"ORDER": neg(func(r *rand.Rand) string {
		return fmt.Sprintf("2024%02d%02d", 1+r.IntN(12), 1+r.IntN(28)) + digits(r, 6)
	}),
	"ORDER2": neg(func(r *rand.Rand) string {
		return fmt.Sprintf("%s-2024%02d%02d-%s", pick(r, []string{"ORD", "A", "KR"}), 1+r.IntN(12), 1+r.IntN(28), digits(r, 6))
	}),
	"INVOICE": neg(func(r *rand.Rand) string { return fmt.Sprintf("INV-2024-%06d", r.IntN(1000000)) }),
	"TAXINV": neg(func(r *rand.Rand) string {
		return fmt.Sprintf("2024%02d%02d-4100%04d-%s", 1+r.IntN(12), 1+r.IntN(28), r.IntN(10000), digits(r, 8))
	}),
	"DATE": neg(func(r *rand.Rand) string {
		y, m, dd := 2019+r.IntN(7), 1+r.IntN(12), 1+r.IntN(28)
		return fmt.Sprintf(pick(r, []string{"%d-%02d-%02d", "%d%02d%02d", "%d.%02d.%02d", "%d. %d. %d."}), y, m, dd)
	}),
	"AMOUNT": neg(func(r *rand.Rand) string {
		n := 10000 * (1 + r.IntN(5000))
		return fmt.Sprintf(pick(r, []string{"%s원", "금 %s원정", "₩%s", "%s 원"}), commas(n+r.IntN(10)*1000))
	}),
	"BIGAMOUNT": neg(func(r *rand.Rand) string { return commas(1000000000+r.IntN(900000000)*10) + "원" }),
	"PCODE": neg(func(r *rand.Rand) string {
		switch r.IntN(5) {
		case 0:
			return "A010-" + digits(r, 4) + "-" + digits(r, 4)
		case 1:
			return "010-" + digits(r, 4) + "-" + digits(r, 4) + "-" + digits(r, 1)
		case 2:
			return "SM-G" + digits(r, 3) + "N"
		case 3:
			return "0101-" + digits(r, 4) + "-" + digits(r, 4)
		}
		return digits(r, 3) + "-" + digits(r, 3) + "-" + digits(r, 6)
	}),
	"VER": neg(func(r *rand.Rand) string {
		return pick(r, []string{"v2.10.3", "1.2.3.4", "3.1.0", "v1.18.2", "10.0.19045.3693", "2.4.57", "5.0.1.2"})
	}),
	"ISBN": neg(func(r *rand.Rand) string {
		return pick(r, []string{"978-89-", "979-11-"}) + digits(r, 4) + "-" + digits(r, 3) + "-" + digits(r, 1)
	}),
	"POST": neg(func(r *rand.Rand) string { return fmt.Sprintf("%05d", r.IntN(63000)+1000) }),
	"TRACK": neg(func(r *rand.Rand) string {
		return pick(r, []string{"6", "5", "3"}) + digits(r, 3) + "-" + digits(r, 4) + "-" + digits(r, 4)
	}),
	"TRACKB": neg(func(r *rand.Rand) string { return pick(r, []string{"6", "5", "3"}) + digits(r, 11) }),
	"REG13":  neg(func(r *rand.Rand) string { return pick(r, []string{"6", "1"}) + digits(r, 12) }),
	"ROOM": neg(func(r *rand.Rand) string {
		return fmt.Sprintf("%d동 %d%02d호", 101+r.IntN(15), 1+r.IntN(25), 1+r.IntN(8))
	}),
	"CORP": neg(func(r *rand.Rand) string {
		return pick(r, []string{"110111", "131111", "134511", "284211"}) + "-" + digits(r, 7)
	}),
	"TIME":  neg(func(r *rand.Rand) string { return fmt.Sprintf("%02d:%02d:%02d", r.IntN(24), r.IntN(60), r.IntN(60)) }),
	"COORD": neg(func(r *rand.Rand) string { return fmt.Sprintf("37.%04d, 126.%04d", r.IntN(10000), r.IntN(10000)) }),
	"SID":   neg(func(r *rand.Rand) string { return fmt.Sprintf("202%d%04d", r.IntN(5), r.IntN(10000)) }),
	"CASE": neg(func(r *rand.Rand) string {
		return fmt.Sprintf("2024%s%d", pick(r, []string{"가합", "나", "구단", "고단"}), 1000+r.IntN(90000))
	}),
	"DOCNO": neg(func(r *rand.Rand) string {
		return fmt.Sprintf("%s-%d", pick(r, []string{"민원과", "총무과", "정보화담당관"}), 1000+r.IntN(9000))
	}),
	"COUNT": neg(func(r *rand.Rand) string {
		return commas(1000+r.IntN(2000000)) + pick(r, []string{"건", "명", "개", "회"})
	}),
	"YEARS": neg(func(r *rand.Rand) string { y := 1900 + r.IntN(100); return fmt.Sprintf("%d-%d", y, y+1+r.IntN(20)) }),
}

func commas(n int) string {
	s := fmt.Sprint(n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func main() {
	r := rand.New(rand.NewPCG(2024, 5))
	writeJSONL("pii_labelled.jsonl", piiRecords(r))
	attacks, benign := injectionSets(rand.New(rand.NewPCG(2024, 6)))
	writeJSONL("injection_attacks.jsonl", attacks)
	writeJSONL("injection_benign.jsonl", benign)
}

// piiRecords writes documents until every entity has at least minPerEntity
// labelled spans.
func piiRecords(r *rand.Rand) []any {
	const minPerEntity = 60
	counts := map[string]int{}
	entities := []string{"KR_RRN", "KR_FRN", "PHONE", "EMAIL", "CREDIT_CARD", "KR_BRN", "KR_PASSPORT", "KR_DRIVER_LICENSE", "BANK_ACCOUNT", "KR_HEALTH_INSURANCE", "CAR_PLATE", "IP_ADDRESS", "PERSON"}
	done := func() bool {
		for _, e := range entities {
			if counts[e] < minPerEntity {
				return false
			}
		}
		return true
	}
	var out []any
	for i := 0; !done() || i < 360; i++ {
		kind := kinds[i%len(kinds)]
		d := &doc{nfd: r.IntN(12) == 0, wide: r.IntN(14) == 0}
		pool := templates[kind]
		n := 2 + r.IntN(3)
		perm := r.Perm(len(pool))
		for k := 0; k < n && k < len(perm); k++ {
			if k > 0 {
				d.lit(pick(r, []string{" ", " ", "\n"}))
			}
			render(r, d, pool[perm[k]])
		}
		for _, s := range d.spans {
			counts[s.Entity]++
		}
		if d.spans == nil {
			d.spans = []span{}
		}
		out = append(out, record{Text: d.b.String(), Spans: d.spans, Kind: kind})
	}
	fmt.Fprintln(os.Stderr, "pii spans per entity:", counts)
	return out
}

func writeJSONL(path string, recs []any) {
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, rec := range recs {
		if err := enc.Encode(rec); err != nil {
			panic(err)
		}
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
	fmt.Fprintf(os.Stderr, "%s: %d lines\n", path, len(recs))
}
