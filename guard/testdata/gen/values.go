//go:build ignore

package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Value generators: each returns one realistic value of an entity, in one of
// the formats people actually write. Check digits are computed here, from the
// published algorithms, never by asking the detector.

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// rrnCheck is the pre-October-2020 check digit (foreigners: 13 - sum mod 11).
func rrnCheck(d12 string) byte {
	w := []int{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5}
	sum := 0
	for i, x := range w {
		sum += int(d12[i]-'0') * x
	}
	c := (11 - sum%11) % 10
	if d12[6] >= '5' && d12[6] <= '8' {
		c = (13 - sum%11) % 10
	}
	return byte('0' + c)
}

func birth(r *rand.Rand, from, to int) (string, int) {
	y := from + r.IntN(to-from+1)
	m := 1 + r.IntN(12)
	d := 1 + r.IntN(daysIn(y, m))
	return fmt.Sprintf("%02d%02d%02d", y%100, m, d), y
}

// rrnDigits returns 13 digits. modern numbers (born or issued after October
// 2020) have random final digits that fail the check on purpose.
func rrnDigits(r *rand.Rand, foreigner, modern bool) string {
	var b string
	var y int
	if modern {
		y = 2021 + r.IntN(4)
		m := 1 + r.IntN(12)
		b = fmt.Sprintf("%02d%02d%02d", y%100, m, 1+r.IntN(daysIn(y, m)))
	} else {
		b, y = birth(r, 1938, 2019)
	}
	g := byte('1' + r.IntN(2))
	if y >= 2000 {
		g += 2
	}
	if foreigner {
		g += 4
	}
	d12 := b + string(g) + digits(r, 5)
	c := rrnCheck(d12)
	if modern {
		last := digits(r, 1)[0]
		if last == c {
			last = '0' + (last-'0'+1)%10
		}
		return d12 + string(last)
	}
	return d12 + string(c)
}

func fmtRRN(r *rand.Rand, d string, bare bool) string {
	if bare {
		return d
	}
	switch r.IntN(10) {
	case 0:
		return d[:6] + " - " + d[6:]
	case 1:
		return d[:6] + " " + d[6:]
	}
	return d[:6] + "-" + d[6:]
}

func phone(r *rand.Rand) string {
	mid := func() string {
		if r.IntN(5) == 0 {
			return digits(r, 3)
		}
		return digits(r, 4)
	}
	switch r.IntN(16) {
	case 0:
		return "010" + digits(r, 8)
	case 1:
		return "010." + digits(r, 4) + "." + digits(r, 4)
	case 2:
		return "010 " + digits(r, 4) + " " + digits(r, 4)
	case 3:
		return "+82 10-" + digits(r, 4) + "-" + digits(r, 4)
	case 4:
		return "+82-10-" + digits(r, 4) + "-" + digits(r, 4)
	case 5:
		return pick(r, []string{"011", "016", "017", "019"}) + "-" + digits(r, 3) + "-" + digits(r, 4)
	case 6:
		return "02-" + mid() + "-" + digits(r, 4)
	case 7:
		return pick(r, []string{"031", "032", "051", "053", "062", "042", "064", "041", "055"}) + "-" + mid() + "-" + digits(r, 4)
	case 8:
		return "(02) " + mid() + "-" + digits(r, 4)
	case 9:
		return "(031)" + mid() + "-" + digits(r, 4)
	case 10:
		return "070-" + digits(r, 4) + "-" + digits(r, 4)
	case 11:
		return pick(r, []string{"1588", "1544", "1577", "1600", "1666", "1899", "1644"}) + "-" + fmt.Sprint(1000+r.IntN(9000))
	case 12:
		return "0505-" + digits(r, 3) + "-" + digits(r, 4)
	case 13:
		return "+821" + pick(r, []string{"0", "1"}) + digits(r, 8)
	}
	return "010-" + digits(r, 4) + "-" + digits(r, 4)
}

var (
	romanNames = []string{"hong", "gildong", "kim.minjun", "lee_seoyeon", "park.jh", "choi88", "jung.suah", "kang2024", "yoon.hj", "sjlim", "hanbyul", "oh.taeyang", "seo-jiwoo", "kwon.yr", "hwang77", "ahn.cs", "song_mina", "ryu.dh", "jeon.jy", "go.eun"}
	domains    = []string{"naver.com", "daum.net", "gmail.com", "hanmail.net", "korea.kr", "seoul.go.kr", "samsung.com", "company.co.kr", "snu.ac.kr", "kakao.com", "example.org", "nate.com"}
)

func email(r *rand.Rand) string {
	l := pick(r, romanNames)
	if r.IntN(3) == 0 {
		l += digits(r, 2)
	}
	if r.IntN(6) == 0 {
		l = strings.ToUpper(l[:1]) + l[1:]
	}
	return l + "@" + pick(r, domains)
}

func luhnComplete(p string) string {
	sum := 0
	double := true
	for i := len(p) - 1; i >= 0; i-- {
		n := int(p[i] - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return p + string(byte('0'+(10-sum%10)%10))
}

func card(r *rand.Rand, bare bool) string {
	var d string
	switch r.IntN(6) {
	case 0, 1:
		d = luhnComplete("4" + digits(r, 14))
	case 2:
		d = luhnComplete(fmt.Sprint(51+r.IntN(5)) + digits(r, 13))
	case 3:
		d = luhnComplete("9" + pick(r, []string{"4", "2", "1"}) + digits(r, 13))
	case 4:
		d = luhnComplete(fmt.Sprint(3528+r.IntN(62)) + digits(r, 11))
	default:
		d = luhnComplete(pick(r, []string{"34", "37"}) + digits(r, 12))
		if bare {
			return d
		}
		return d[:4] + "-" + d[4:10] + "-" + d[10:]
	}
	if bare {
		return d
	}
	sep := pick(r, []string{"-", "-", " "})
	return d[:4] + sep + d[4:8] + sep + d[8:12] + sep + d[12:]
}

func brn(r *rand.Rand, bare bool) string {
	for {
		d := fmt.Sprint(101+r.IntN(899)) + fmt.Sprintf("%02d", 1+r.IntN(98)) + digits(r, 4)
		w := []int{1, 3, 7, 1, 3, 7, 1, 3, 5}
		sum := 0
		for i, x := range w {
			sum += int(d[i]-'0') * x
		}
		sum += int(d[8]-'0') * 5 / 10
		d += string(byte('0' + (10-sum%10)%10))
		if bare {
			return d
		}
		return d[:3] + "-" + d[3:5] + "-" + d[5:]
	}
}

func passport(r *rand.Rand) string {
	p := pick(r, []string{"M", "M", "M", "S", "R", "O", "D", "G"})
	if r.IntN(3) == 0 {
		return p + digits(r, 3) + string(byte('A'+r.IntN(26))) + digits(r, 4)
	}
	return p + digits(r, 8)
}

func licence(r *rand.Rand, bare bool) string {
	reg := pick(r, []string{"11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "28"})
	d := reg + fmt.Sprintf("%02d", 10+r.IntN(15)) + digits(r, 6) + digits(r, 2)
	if bare {
		return d
	}
	return d[:2] + "-" + d[2:4] + "-" + d[4:10] + "-" + d[10:]
}

// bankAccount returns a bank name and an account number in that bank's
// layout.
func bankAccount(r *rand.Rand) (string, string) {
	switch r.IntN(9) {
	case 0:
		return "신한은행", "110-" + digits(r, 3) + "-" + digits(r, 6)
	case 1:
		return "국민은행", digits(r, 6) + "-" + digits(r, 2) + "-" + digits(r, 6)
	case 2:
		return "우리은행", "1002-" + digits(r, 3) + "-" + digits(r, 6)
	case 3:
		return "하나은행", digits(r, 3) + "-" + digits(r, 6) + "-" + digits(r, 5)
	case 4:
		return "농협", pick(r, []string{"301", "302", "351", "352"}) + "-" + digits(r, 4) + "-" + digits(r, 4) + "-" + digits(r, 2)
	case 5:
		return "카카오뱅크", "3333-" + digits(r, 2) + "-" + digits(r, 7)
	case 6:
		return "기업은행", digits(r, 3) + "-" + digits(r, 6) + "-" + digits(r, 2) + "-" + digits(r, 3)
	case 7:
		return "토스뱅크", "1000-" + digits(r, 4) + "-" + digits(r, 4)
	}
	return "우체국", digits(r, 6) + "-" + digits(r, 2) + "-" + digits(r, 6)
}

func health(r *rand.Rand) string {
	d := string(byte('1'+r.IntN(8))) + digits(r, 10)
	if r.IntN(2) == 0 {
		return d[:1] + "-" + d[1:]
	}
	return d
}

const plateSyl = "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주하허호배"

func plate(r *rand.Rand) string {
	syl := string(pick(r, []rune(plateSyl)))
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("%d%s%s", 100+r.IntN(900), syl, digits(r, 4))
	case 1:
		return fmt.Sprintf("%d%s %s", 100+r.IntN(900), syl, digits(r, 4))
	case 2:
		return pick(r, []string{"서울", "경기", "부산", "인천", "대구"}) + fmt.Sprintf("%d%s%s", 10+r.IntN(90), syl, digits(r, 4))
	}
	return fmt.Sprintf("%d%s%s", 10+r.IntN(90), syl, digits(r, 4))
}

func ip(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0:
		return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254))
	case 1:
		return fmt.Sprintf("172.%d.%d.%d", 16+r.IntN(16), r.IntN(256), 1+r.IntN(254))
	case 2:
		return fmt.Sprintf("%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), 1+r.IntN(254))
	case 3:
		return pick(r, []string{"2001:db8::1", "fe80::1ff:fe23:4567:890a", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2404:6800:4004:80b::200e"})
	}
	return fmt.Sprintf("192.168.%d.%d", r.IntN(256), 1+r.IntN(254))
}

var (
	surnames     = []rune("김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허남심노하곽성차주우구민진")
	givenNames   = []string{"민준", "서연", "지훈", "수빈", "영희", "철수", "현우", "지민", "예은", "도윤", "하은", "준서", "유진", "성민", "정호", "미경", "은지", "상훈", "동현", "혜진", "태양", "보람", "가영", "승우", "다은", "재원", "소희", "민호", "경수", "나래"}
	englishNames = []string{"John Smith", "Emily Clark", "David Lee", "Sarah Kim", "Michael Brown", "Anna Park", "James Wilson", "Olivia Choi"}
)

func koreanName(r *rand.Rand) string {
	if r.IntN(25) == 0 {
		return pick(r, []string{"남궁", "황보", "제갈", "선우"}) + pick(r, givenNames)
	}
	return string(pick(r, surnames)) + pick(r, givenNames)
}
