package guard

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/seogo/seogo/i18n"
)

// Action is what a policy does with a finding at a stage.
type Action string

// The actions. The zero value is ActionAllow.
const (
	ActionAllow Action = "allow" // keep the text as it is (the finding is still reported)
	// ActionMask hides most characters with '*', keeping the length in runes
	// and the parts that help a reader without identifying anyone:
	// 900101-1******, 010-****-5678, h***@example.com.
	ActionMask Action = "mask"
	// ActionReplace puts a typed placeholder in place of the value:
	// <주민등록번호_1>. The same value gets the same number within one
	// Check (or one Vault); the original is not kept.
	ActionReplace Action = "replace"
	// ActionHash puts a keyed HMAC-SHA256 prefix in place of the value
	// (<주민등록번호:3f2a9c1b7e4d>): equal values hash equally under one key,
	// so records can still be joined, but the value cannot be read back.
	ActionHash Action = "hash"
	// ActionPseudonymize replaces like ActionReplace and records the
	// original in the request's Vault, so Vault.Restore can put it back in
	// the answer shown to the same user.
	ActionPseudonymize Action = "pseudonymize"
	// ActionBlock refuses the whole text: Check returns ErrBlocked.
	ActionBlock Action = "block"
)

var actions = []Action{ActionAllow, ActionMask, ActionReplace, ActionHash, ActionPseudonymize, ActionBlock}

// severity orders actions so that merging rules keeps the stricter one.
func (a Action) severity() int {
	switch a {
	case ActionBlock:
		return 5
	case ActionMask:
		return 4
	case ActionHash:
		return 3
	case ActionReplace:
		return 2
	case ActionPseudonymize:
		return 1
	}
	return 0
}

func (a Action) valid() bool {
	for _, x := range actions {
		if a == x {
			return true
		}
	}
	return a == ""
}

// Mask returns value with its identifying characters replaced by '*'. The
// result has as many runes as value; separators are kept.
func Mask(entity, value string) string {
	runes := []rune(value)
	// idx lists the positions of the characters that carry the value (digits,
	// letters), in order; separators and spaces are never masked.
	idx := make([]int, 0, len(runes))
	for i, r := range runes {
		if isValueRune(r) {
			idx = append(idx, i)
		}
	}
	keepFirst, keepLast := 0, 0
	n := len(idx)
	switch entity {
	case EntityRRN, EntityFRN:
		keepFirst = 7 // birth date and gender digit: 900101-1******
	case EntityPhone:
		return maskPhone(runes, idx)
	case EntityEmail:
		return maskEmail(value)
	case EntityCreditCard, EntityBankAccount:
		keepLast = 4
	case EntityBRN:
		keepFirst = 5
	case EntityPassport, EntityHealthInsurance:
		keepFirst = 1
	case EntityDriverLicense:
		keepFirst = 2 // region code
	case EntityCarPlate:
		keepFirst = n - 4 // mask the serial: 12가****
	case EntityIPAddress:
		return maskIP(runes)
	case EntityPerson:
		return maskName(runes)
	case EntityBanned:
		keepFirst = 0 // nothing of a banned word is worth keeping
		for _, i := range idx {
			runes[i] = '*'
		}
		return string(runes)
	default:
		keepFirst = min(2, n/3)
	}
	if keepFirst+keepLast >= n {
		keepFirst, keepLast = 0, 0
		if n > 1 {
			keepFirst = 1
		}
	}
	for k, i := range idx {
		if k >= keepFirst && k < n-keepLast {
			runes[i] = '*'
		}
	}
	return string(runes)
}

func isValueRune(r rune) bool {
	r = foldRune(r)
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80 && !invisible(r) && r != '-' && r != ' '
}

// maskPhone keeps the first and last digit groups: 010-****-5678; for
// two groups the first (1588-****), and for bare digits the first three and
// last four: 010****5678.
func maskPhone(runes []rune, idx []int) string {
	groups := [][]int{}
	prev := -2
	for _, i := range idx {
		if i != prev+1 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], i)
		prev = i
	}
	if len(groups) >= 3 {
		for _, g := range groups[1 : len(groups)-1] {
			for _, i := range g {
				runes[i] = '*'
			}
		}
		return string(runes)
	}
	if len(groups) == 2 { // 1588-1234: the second group identifies
		for _, i := range groups[1] {
			runes[i] = '*'
		}
		return string(runes)
	}
	for k, i := range idx {
		if k >= 3 && k < len(idx)-4 {
			runes[i] = '*'
		}
	}
	if len(idx) <= 7 {
		for k, i := range idx {
			if k >= 1 {
				runes[i] = '*'
			}
		}
	}
	return string(runes)
}

// maskEmail keeps the first character of the local part and the domain.
func maskEmail(v string) string {
	at := strings.LastIndexByte(v, '@')
	if at <= 0 {
		return strings.Repeat("*", utf8.RuneCountInString(v))
	}
	_, n := utf8.DecodeRuneInString(v)
	return v[:n] + strings.Repeat("*", utf8.RuneCountInString(v[n:at])) + v[at:]
}

// maskIP keeps the first group of an address: 192.***.***.***.
func maskIP(runes []rune) string {
	seenSep := false
	for i, r := range runes {
		if r == '.' || r == ':' {
			seenSep = true
			continue
		}
		if seenSep {
			runes[i] = '*'
		}
	}
	return string(runes)
}

// maskName keeps a Korean name's first and last syllables (홍*동, 김*) and
// the initial of each word of a Latin name (J*** S****).
func maskName(runes []rune) string {
	if len(runes) > 0 && isHangul(runes[0]) {
		for i := 1; i < len(runes); i++ {
			if i < len(runes)-1 || len(runes) == 2 {
				runes[i] = '*'
			}
		}
		return string(runes)
	}
	start := true
	for i, r := range runes {
		if r == ' ' || r == '-' {
			start = true
			continue
		}
		if !start {
			runes[i] = '*'
		}
		start = false
	}
	return string(runes)
}

// canonical is the form of a value under which equal values compare equal:
// digits (and letters) only for numbers, lower case for e-mail addresses.
func canonical(entity, value string) string {
	f := fold(value).s
	switch entity {
	case EntityEmail, EntityIPAddress:
		return strings.ToLower(f)
	case EntityPerson, EntityCarPlate:
		return strings.ReplaceAll(f, " ", "")
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if isAlnum(f[i]) {
			b.WriteByte(lowerASCII(f[i]))
		}
	}
	if b.Len() == 0 {
		return f
	}
	return b.String()
}

// hashValue is the hex HMAC-SHA256 prefix of the canonical value, keyed and
// domain-separated by entity.
func hashValue(key []byte, entity, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(entity))
	m.Write([]byte{0})
	m.Write([]byte(canonical(entity, value)))
	return hex.EncodeToString(m.Sum(nil))[:hashPrefix]
}

const hashPrefix = 12

// placeholderLabel is the entity's label inside placeholders.
func placeholderLabel(entity string, english bool) string {
	if english {
		if l, ok := placeholderEn[entity]; ok {
			return l
		}
		return entity
	}
	return EntityName(entity, i18n.Ko)
}
