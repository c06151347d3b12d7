package guard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seogo/seogo/i18n"
)

func TestMask(t *testing.T) {
	tests := []struct{ entity, in, want string }{
		{EntityRRN, "900101-1234568", "900101-1******"},
		{EntityRRN, "9001011234568", "9001011******"},
		{EntityFRN, "900101-5234561", "900101-5******"},
		{EntityPhone, "010-1234-5678", "010-****-5678"},
		{EntityPhone, "01012345678", "010****5678"},
		{EntityPhone, "+82 10-1234-5678", "+82 **-****-5678"},
		{EntityPhone, "０１０－１２３４－５６７８", "０１０－****－５６７８"},
		{EntityPhone, "1588-1234", "1588-****"},
		{EntityEmail, "hong@example.com", "h***@example.com"},
		{EntityCreditCard, "4111-1111-1111-1111", "****-****-****-1111"},
		{EntityBankAccount, "110-123-456789", "***-***-**6789"},
		{EntityBRN, "220-81-62517", "220-81-*****"},
		{EntityPassport, "M12345678", "M********"},
		{EntityDriverLicense, "11-12-345678-90", "11-**-******-**"},
		{EntityCarPlate, "12가3456", "12가****"},
		{EntityIPAddress, "192.168.0.1", "192.***.*.*"},
		{EntityPerson, "홍길동", "홍*동"},
		{EntityPerson, "김철", "김*"},
		{EntityPerson, "John Smith", "J*** S****"},
	}
	for _, tt := range tests {
		got := Mask(tt.entity, tt.in)
		if got != tt.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", tt.entity, tt.in, got, tt.want)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(tt.in) {
			t.Errorf("Mask(%q) changed the length in runes", tt.in)
		}
	}
}

func mustGuard(t *testing.T, p Policy) *Guard {
	t.Helper()
	g, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestPIPAStages(t *testing.T) {
	g := mustGuard(t, PIPA())
	ctx := context.Background()
	text := "성명: 홍길동, 주민번호 900101-1234568, 연락처 010-1234-5678, 카드 4111-1111-1111-1111"
	tests := []struct {
		stage Stage
		want  string
	}{
		{StageIngest, "성명: 홍길동, 주민번호 900101-1******, 연락처 010-1234-5678, 카드 ****-****-****-1111"},
		{StageQuery, "성명: 홍길동, 주민번호 <주민등록번호_1>, 연락처 010-1234-5678, 카드 <카드번호_1>"},
		{StageContext, "성명: <이름_1>, 주민번호 <주민등록번호_1>, 연락처 <전화번호_1>, 카드 <카드번호_1>"},
		{StageAnswer, "성명: 홍길동, 주민번호 900101-1******, 연락처 010-1234-5678, 카드 ****-****-****-1111"},
	}
	for _, tt := range tests {
		v := NewVault()
		res, err := g.Check(ctx, tt.stage, text, v)
		if err != nil {
			t.Fatalf("%s: %v", tt.stage, err)
		}
		if res.Text != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.stage, res.Text, tt.want)
		}
		if got := v.Restore(res.Text); (tt.stage == StageContext || tt.stage == StageQuery) && got != text {
			t.Errorf("%s: Restore = %q, want the original", tt.stage, got)
		}
		for _, f := range res.Findings {
			if f.Stage != string(tt.stage) {
				t.Errorf("finding stage %q, want %q", f.Stage, tt.stage)
			}
		}
	}
}

func TestNothingSensitiveLeavesUnderPIPA(t *testing.T) {
	g := mustGuard(t, PIPA())
	text := "고객 홍길동 님(주민등록번호 900101-1234568, 외국인 900101-5234561)의 휴대폰 010-1234-5678, " +
		"메일 hong@example.com, 여권 M12345678, 계좌 신한은행 110-123-456789, 면허 11-12-345678-90"
	res, err := g.Check(context.Background(), StageContext, text, NewVault())
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"1234568", "5234561", "1234-5678", "hong@", "12345678", "456789", "345678"} {
		if strings.Contains(res.Text, leak) {
			t.Errorf("%q leaked into the context: %q", leak, res.Text)
		}
	}
}

func TestSummary(t *testing.T) {
	g := mustGuard(t, Policy{Entities: map[string]Rule{EntityPhone: {Context: ActionMask}, EntityRRN: {Context: ActionMask}}})
	res, err := g.Check(context.Background(), StageContext, "전화 010-1234-5678", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Ko != "전화번호 1건을 가렸습니다" || res.Summary.En != "masked 1 phone number" {
		t.Errorf("summary = %+v", res.Summary)
	}
	res, _ = g.Check(context.Background(), StageContext, "주민번호 900101-1234568, 전화 010-1234-5678, 02-123-4567", nil)
	if res.Summary.Ko != "주민등록번호 1건, 전화번호 2건을 가렸습니다" || res.Summary.En != "masked 1 resident registration number and 2 phone numbers" {
		t.Errorf("summary = %+v", res.Summary)
	}
	res, _ = g.Check(context.Background(), StageIngest, "전화 010-1234-5678", nil)
	if res.Summary != (i18n.Text{}) || res.Text != "전화 010-1234-5678" {
		t.Errorf("allowed stage: %+v", res)
	}
}

func TestBlock(t *testing.T) {
	g := mustGuard(t, Policy{Entities: map[string]Rule{EntityRRN: {Query: ActionBlock}}})
	res, err := g.Check(context.Background(), StageQuery, "내 주민번호는 900101-1234568이야", nil)
	if !errors.Is(err, ErrBlocked) || !res.Blocked || res.Text != "" {
		t.Fatalf("res=%+v err=%v", res, err)
	}
	if got := i18n.Localize(err, i18n.Ko); got != "주민등록번호 1건이 포함되어 있어 처리하지 않았습니다" {
		t.Errorf("ko message %q", got)
	}
	if got := i18n.Localize(err, i18n.En); got != "refused: the text contains 1 resident registration number" {
		t.Errorf("en message %q", got)
	}
}

func TestHash(t *testing.T) {
	p := Policy{HashKey: "k1", Entities: map[string]Rule{EntityRRN: {Ingest: ActionHash}}}
	g1 := mustGuard(t, p)
	p.HashKey = "k2"
	g2 := mustGuard(t, p)
	ctx := context.Background()
	a, _ := g1.Check(ctx, StageIngest, "900101-1234568", nil)
	b, _ := g1.Check(ctx, StageIngest, "9001011234568", nil) // same number, other form
	c, _ := g2.Check(ctx, StageIngest, "900101-1234568", nil)
	if a.Text != b.Text || a.Text == c.Text || !strings.HasPrefix(a.Text, "<주민등록번호:") || len(a.Text) != len("<주민등록번호:>")+hashPrefix {
		t.Errorf("hashes: %q %q %q", a.Text, b.Text, c.Text)
	}
}

func TestReplaceEnglishAndNumbering(t *testing.T) {
	g := mustGuard(t, Policy{Lang: "en", Entities: map[string]Rule{EntityPhone: {Query: ActionReplace}}})
	res, _ := g.Check(context.Background(), StageQuery, "010-1234-5678, 010.1234.5678, 02-123-4567", nil)
	if res.Text != "<PHONE_1>, <PHONE_1>, <PHONE_2>" {
		t.Errorf("got %q", res.Text)
	}
}

func TestVault(t *testing.T) {
	g := mustGuard(t, PIPA())
	v := NewVault()
	ctx := context.Background()
	q, _ := g.Check(ctx, StageContext, "제 번호는 010-1234-5678이고 친구는 010-9999-8888입니다", v)
	d, _ := g.Check(ctx, StageContext, "문서: 010-1234-5678로 연락", v)
	if q.Text != "제 번호는 <전화번호_1>이고 친구는 <전화번호_2>입니다" || d.Text != "문서: <전화번호_1>로 연락" {
		t.Errorf("placeholders: %q / %q", q.Text, d.Text)
	}
	answer := "<전화번호_2>로 연락하세요. <전화번호_9>는 모릅니다."
	if got := v.Restore(answer); got != "010-9999-8888로 연락하세요. <전화번호_9>는 모릅니다." {
		t.Errorf("Restore = %q", got)
	}
	if _, err := json.Marshal(v); err == nil {
		t.Error("a vault marshalled to JSON")
	}
	if s := fmt.Sprintf("%v %+v %#v", v, v, v); strings.Contains(s, "010") {
		t.Errorf("vault printed its contents: %s", s)
	}
	if v.Len() != 2 {
		t.Errorf("Len = %d", v.Len())
	}
}

func TestPolicyValidate(t *testing.T) {
	p := Policy{Lang: "jp", Entities: map[string]Rule{
		"KR_RRNX":      {},
		EntityRRN:      {Ingest: "msk", Threshold: 2},
		EntityCarPlate: {Context: ActionHash},
	}, Injection: InjectionRule{Action: "yell"}}
	err := p.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, field := range []string{"lang", "entities.KR_RRNX", "entities.KR_RRN.ingest", "entities.KR_RRN.threshold", "hash_key", "injection.action", `"msk"`} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("error does not name %s: %v", field, err)
		}
	}
	if _, err := New(p); err == nil {
		t.Error("New accepted an invalid policy")
	}
	for _, p := range []Policy{PIPA(), Permissive(), {}} {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
	}
	if _, err := PolicyByName("strict"); err == nil {
		t.Error("unknown preset accepted")
	}
}

func TestPolicyThreshold(t *testing.T) {
	g := mustGuard(t, Policy{Entities: map[string]Rule{EntityPhone: {Threshold: 0.95, Context: ActionMask}}})
	if fs := g.Detect("010-1234-5678"); len(fs) != 0 {
		t.Errorf("found %v under threshold 0.95", fs)
	}
	if fs := g.Detect("전화 010-1234-5678"); len(fs) != 1 {
		t.Errorf("context should lift the score over 0.95: %v", fs)
	}
}

func TestCheckCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := mustGuard(t, PIPA()).Check(ctx, StageQuery, "x", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}
