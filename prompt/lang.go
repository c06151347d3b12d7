package prompt

import (
	"strings"
	"unicode"

	"github.com/seogo/seogo/i18n"
)

// DetectLang guesses the language a question is written in, to answer in
// it: Korean when at least half of its words (runs of non-space) that hold
// letters hold Hangul, else English. Words rather than letters, because
// Korean questions are full of English terms ("Pod의 restartPolicy를
// OnFailure로 바꾸려면?" has five times more Latin letters than Hangul) and
// Korean grammar glues its particles to them; an English sentence that
// merely names a Korean term ("What does 배송 mean?") stays English. Text
// without letters is English, like i18n.Detect's default.
func DetectLang(text string) i18n.Lang {
	hangul, words := 0, 0
	for _, w := range strings.Fields(text) {
		letters, ko := false, false
		for _, r := range w {
			if isHangul(r) {
				ko = true
				break
			}
			if unicode.IsLetter(r) {
				letters = true
			}
		}
		if ko {
			hangul++
			words++
		} else if letters {
			words++
		}
	}
	if words > 0 && 2*hangul >= words {
		return i18n.Ko
	}
	return i18n.En
}

// isHangul reports syllables and both kinds of jamo (ㅋㅋ is Korean too).
func isHangul(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0x1100 && r <= 0x11FF) ||
		(r >= 0x3130 && r <= 0x318F) || (r >= 0xA960 && r <= 0xA97F) || (r >= 0xD7B0 && r <= 0xD7FF)
}
