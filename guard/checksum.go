package guard

// Check digits and date validity for Korean identifiers and card numbers.
// Every function takes ASCII digits only.

// validBirthDate reports whether yymmdd with the RRN's gender digit is a real
// date. The gender digit gives the century: 1 2 5 6 → 1900s, 3 4 7 8 →
// 2000s, 9 0 → 1800s.
func validBirthDate(d string, gender byte) bool {
	year := int(d[0]-'0')*10 + int(d[1]-'0')
	month := int(d[2]-'0')*10 + int(d[3]-'0')
	day := int(d[4]-'0')*10 + int(d[5]-'0')
	switch gender {
	case '1', '2', '5', '6':
		year += 1900
	case '3', '4', '7', '8':
		year += 2000
	default:
		year += 1800
	}
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= daysIn(year, month)
}

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

// rrnCheck reports whether the 13-digit number carries the check digit used
// for numbers issued before October 2020 (weights 2..9,2..5; 11 - sum mod 11,
// mod 10). Foreigner numbers use 13 - sum mod 11. Newer numbers have random
// final digits, so a failure lowers confidence and never rejects.
func rrnCheck(d string) bool {
	weights := [12]int{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5}
	sum := 0
	for i, w := range weights {
		sum += int(d[i]-'0') * w
	}
	want := (11 - sum%11) % 10
	if d[6] >= '5' && d[6] <= '8' {
		want = (13 - sum%11) % 10
	}
	return int(d[12]-'0') == want
}

// luhn reports whether a card number passes the Luhn check.
func luhn(d string) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

// knownBIN reports whether a card number starts with an issuer prefix in use:
// Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37, JCB 3528–3589, Diners
// 36/38/300–305, Discover/UnionPay 6, and Korean domestic cards 9.
func knownBIN(d string) bool {
	p2 := int(d[0]-'0')*10 + int(d[1]-'0')
	p4 := p2*100 + int(d[2]-'0')*10 + int(d[3]-'0')
	switch {
	case d[0] == '4', d[0] == '6', d[0] == '9':
		return true
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return true
	case p2 == 34 || p2 == 37 || p2 == 36 || p2 == 38, p4 >= 3528 && p4 <= 3589, p4 >= 3000 && p4 <= 3059:
		return true
	}
	return false
}

// brnCheck verifies a 10-digit business registration number (사업자등록번호):
// weights 1 3 7 1 3 7 1 3 5, plus the tens digit of 5 × the ninth digit.
func brnCheck(d string) bool {
	weights := [9]int{1, 3, 7, 1, 3, 7, 1, 3, 5}
	sum := 0
	for i, w := range weights {
		sum += int(d[i]-'0') * w
	}
	sum += int(d[8]-'0') * 5 / 10
	return int(d[9]-'0') == (10-sum%10)%10
}

// licenceRegion reports whether the first two digits of a driver's licence
// number are a region code (11–26 and 28).
func licenceRegion(d string) bool {
	r := int(d[0]-'0')*10 + int(d[1]-'0')
	return (r >= 11 && r <= 26) || r == 28
}
