package guard

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Check digits in this file were computed by hand:
//
//	RRN 900101-123456? : 9·2+0·3+0·4+1·5+0·6+1·7+1·8+2·9+3·2+4·3+5·4+6·5 = 124;
//	                     124 mod 11 = 3; (11−3) mod 10 = 8 → 900101-1234568 passes.
//	RRN 850315-200000? : 8·2+5·3+0+3·5+1·6+5·7+2·8+0… = 103; 103 mod 11 = 4;
//	                     (11−4) mod 10 = 7 → 850315-2000007 passes.
//	FRN 900101-523456? : 18+5+7+5·8+2·9+3·2+4·3+5·4+6·5 = 156; 156 mod 11 = 2;
//	                     (13−2) mod 10 = 1 → 900101-5234561 passes.
//	BRN 220-81-6251?   : 2·1+2·3+0·7+8·1+1·3+6·7+2·1+5·3+1·5 = 83, + ⌊1·5/10⌋ = 83;
//	                     (10−3) mod 10 = 7 → 220-81-62517 passes.
//	Card 4111 1111 1111 1111: Luhn sum 30 → valid; …1112 → 31, invalid.
func TestDetectPositives(t *testing.T) {
	tests := []struct {
		name, text, entity, want string
	}{
		{"rrn particles attached", "주민번호는900101-1234568입니다", EntityRRN, "900101-1234568"},
		{"rrn failing check still found", "주민등록번호: 900101-1234567", EntityRRN, "900101-1234567"},
		{"rrn post-2020 no check", "신생아 주민번호 201015-3847261", EntityRRN, "201015-3847261"},
		{"rrn no hyphen with context", "주민번호 9001011234568 확인", EntityRRN, "9001011234568"},
		{"rrn no hyphen passing check", "번호 8503152000007", EntityRRN, "8503152000007"},
		{"rrn spaced hyphen", "RRN 850315 - 2000007", EntityRRN, "850315 - 2000007"},
		{"rrn full-width", "주민번호 ９００１０１－１２３４５６８", EntityRRN, "９００１０１－１２３４５６８"},
		{"rrn en dash", "주민번호 900101–1234568", EntityRRN, "900101–1234568"},
		{"frn", "외국인등록번호 900101-5234561", EntityFRN, "900101-5234561"},
		{"frn failing check", "등록번호 020304-7123456", EntityFRN, "020304-7123456"},
		{"mobile", "연락처 010-1234-5678로", EntityPhone, "010-1234-5678"},
		{"mobile dots", "010.1234.5678", EntityPhone, "010.1234.5678"},
		{"mobile bare", "핸드폰01012345678입니다", EntityPhone, "01012345678"},
		{"mobile old 3-digit", "016-123-4567", EntityPhone, "016-123-4567"},
		{"mobile +82", "call +82 10-1234-5678 now", EntityPhone, "+82 10-1234-5678"},
		{"mobile +82 bare", "+821012345678", EntityPhone, "+821012345678"},
		{"seoul", "대표전화 02-123-4567", EntityPhone, "02-123-4567"},
		{"area code in brackets", "(031) 123-4567", EntityPhone, "(031) 123-4567"},
		{"070", "인터넷전화 070-1234-5678", EntityPhone, "070-1234-5678"},
		{"representative", "고객센터 1588-1234", EntityPhone, "1588-1234"},
		{"full-width phone", "전화 ０１０－１２３４－５６７８", EntityPhone, "０１０－１２３４－５６７８"},
		{"zero-width phone", "010\u200b1234\u200b5678", EntityPhone, "010\u200b1234\u200b5678"},
		{"email", "메일은 hong.gildong@example.co.kr로 보내세요", EntityEmail, "hong.gildong@example.co.kr"},
		{"email end of sentence", "Contact: a_b+c@mail.example.com.", EntityEmail, "a_b+c@mail.example.com"},
		{"card dashes", "카드 4111-1111-1111-1111 결제", EntityCreditCard, "4111-1111-1111-1111"},
		{"card spaces", "5555 5555 5555 4444", EntityCreditCard, "5555 5555 5555 4444"},
		{"card bare with context", "카드번호 4111111111111111", EntityCreditCard, "4111111111111111"},
		{"amex", "card 3782-822463-10005", EntityCreditCard, "3782-822463-10005"},
		{"brn", "사업자등록번호: 220-81-62517", EntityBRN, "220-81-62517"},
		{"brn no context valid check", "220-81-62517", EntityBRN, "220-81-62517"},
		{"passport", "여권번호 M12345678", EntityPassport, "M12345678"},
		{"passport new", "passport M123A4567.", EntityPassport, "M123A4567"},
		{"licence", "운전면허 11-12-345678-90", EntityDriverLicense, "11-12-345678-90"},
		{"licence bare with context", "운전면허번호 281234567890", EntityDriverLicense, "281234567890"},
		{"account", "신한은행 110-123-456789 (예금주 홍길동)", EntityBankAccount, "110-123-456789"},
		{"account kakao", "카카오뱅크 3333-01-1234567로 입금", EntityBankAccount, "3333-01-1234567"},
		{"account bare", "입금 계좌 1002123456789", EntityBankAccount, "1002123456789"},
		{"health", "건강보험증 번호 1-2345678901", EntityHealthInsurance, "1-2345678901"},
		{"plate", "차량 12가3456 주차", EntityCarPlate, "12가3456"},
		{"plate region", "서울12가3456", EntityCarPlate, "서울12가3456"},
		{"plate new", "123가 4567 차량", EntityCarPlate, "123가 4567"},
		{"ipv4", "서버 IP 192.168.0.1에 접속", EntityIPAddress, "192.168.0.1"},
		{"ipv6", "host 2001:db8::1 down", EntityIPAddress, "2001:db8::1"},
		{"ipv6 full", "fe80::1ff:fe23:4567:890a", EntityIPAddress, "fe80::1ff:fe23:4567:890a"},
		{"name label", "성명: 홍길동", EntityPerson, "홍길동"},
		{"name label particle", "이름은 김철수입니다", EntityPerson, "김철수"},
		{"name full-width colon", "성명：이영희", EntityPerson, "이영희"},
		{"name honorific", "홍길동 님께서 신청하셨습니다", EntityPerson, "홍길동"},
		{"name ssi", "김철수씨는 어제 왔다", EntityPerson, "김철수"},
		{"name compound surname", "성명: 남궁민수", EntityPerson, "남궁민수"},
		{"name english", "Name: John Smith", EntityPerson, "John Smith"},
		{"name mr", "Please ask Mr. Park", EntityPerson, "Park"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Detect(tt.text)
			for _, f := range fs {
				if f.Entity == tt.entity && f.Text == tt.want {
					if tt.text[f.Start:f.End] != f.Text {
						t.Errorf("span [%d,%d) = %q, Text %q", f.Start, f.End, tt.text[f.Start:f.End], f.Text)
					}
					return
				}
			}
			t.Errorf("Detect(%q) = %v, want %s %q", tt.text, fs, tt.entity, tt.want)
		})
	}
}

func TestDetectNegatives(t *testing.T) {
	for _, text := range []string{
		"금액은 1,000,000원입니다",
		"총 12,345,678,901원을 지급",
		"버전 1.2.3.4 릴리스",
		"v2.10.3 업데이트",
		"2023-12-25에 시작해 2024.01.05에 끝난다",
		"2023년 12월 25일 10:30:45",
		"제품 코드 A010-1234-5678",
		"일련번호 9990101012345678999",
		"부품 010-1234-5678-9",
		"임진왜란은 1592-1598년에 있었다",
		"1588년에 태어났다",
		"901301-1234567", // month 13
		"900230-1234567", // 30 February
		"10조 1000억원 규모",
		"3년 2개월 동안",
		"성명서를 발표했다",
		"공동성명은 공식적으로 발표되었다",
		"고객님 안녕하세요",
		"선생님께서 말씀하셨다",
		"이사장님이 오셨다",
		"날씨가 좋고 글씨가 예쁘다",
		"부품번호 123-456-789012",
		"std::vector<int> a;",
		"ratio 3:2:1",
		"주문번호 20231215-000123",
		"ISBN 978-89-1234-567-8",
		"4111-1111-1111-1112",
		"220-81-62518",
		"인구는 51,780,579명이다",
		"좌표 37.5665, 126.9780",
		"전화번호부 제작",
	} {
		if fs := Detect(text); len(fs) > 0 {
			t.Errorf("Detect(%q) = %+v, want none", text, fs)
		}
	}
}

func TestDetectScores(t *testing.T) {
	score := func(text string) float64 {
		fs := Detect(text)
		if len(fs) != 1 {
			t.Fatalf("Detect(%q) = %v, want one finding", text, fs)
		}
		return fs[0].Score
	}
	// the pre-2020 check digit raises confidence; a failure never rejects
	if pass, fail := score("900101-1234568"), score("900101-1234567"); pass <= fail {
		t.Errorf("passing check %.2f <= failing %.2f", pass, fail)
	}
	// context words raise the score
	if with, without := score("전화 02-123-4567"), score("02-123-4567"); with <= without {
		t.Errorf("context %.2f <= none %.2f", with, without)
	}
	// thresholds are per entity
	fs := detect("연락처 010-1234-5678", map[string]float64{EntityPhone: 1.01})
	if len(fs) != 0 {
		t.Errorf("threshold above every score still found %v", fs)
	}
}

func TestDetectNFD(t *testing.T) {
	text := norm.NFD.String("연락처는 010-1234-5678이고 성명: 홍길동입니다")
	fs := Detect(text)
	got := map[string]string{}
	for _, f := range fs {
		got[f.Entity] = f.Text
		if !strings.HasPrefix(text[f.Start:], f.Text) {
			t.Errorf("bad span %+v", f)
		}
	}
	if got[EntityPhone] != "010-1234-5678" {
		t.Errorf("phone in NFD text: %v", fs)
	}
	if norm.NFC.String(got[EntityPerson]) != "홍길동" {
		t.Errorf("name in NFD text: %v", fs)
	}
}

func TestDetectSeveral(t *testing.T) {
	text := "홍길동(900101-1234568) 연락처 010-1234-5678, 메일 hong@example.com"
	fs := Detect(text)
	want := []string{EntityRRN, EntityPhone, EntityEmail}
	var got []string
	for _, f := range fs {
		got = append(got, f.Entity)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("entities = %v, want %v (%+v)", got, want, fs)
	}
}
