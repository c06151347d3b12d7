// Package i18n carries seogo's user-facing words in Korean and English. Library
// packages return *Error values that hold both languages, so the program that
// finally prints an error (the CLI, the server) picks the user's language
// without the library knowing who is reading.
package i18n

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Lang is a user-facing language.
type Lang string

// The languages every user-facing message exists in.
const (
	Ko Lang = "ko"
	En Lang = "en"
)

// Parse maps a flag or locale value ("ko", "ko_KR.UTF-8", "en-US", "C") to a
// Lang. ok is false when the value names neither language.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "ko"):
		return Ko, true
	case strings.HasPrefix(s, "en"), s == "c", s == "posix":
		return En, true
	}
	return "", false
}

// Detect picks the language from SEOGO_LANG, then the POSIX locale variables
// (LC_ALL, LC_MESSAGES, LANG), defaulting to English.
func Detect(getenv func(string) string) Lang {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"SEOGO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := Parse(getenv(k)); ok {
			return l
		}
	}
	return En
}

// Text is one message in both languages, as fmt formats.
type Text struct{ Ko, En string }

// In returns the message in l, formatted with args. A translation may leave
// out trailing arguments the other language shows (typically an English
// cause such as "already exists"): they are dropped, not printed as
// fmt's %!(EXTRA ...).
func (t Text) In(l Lang, args ...any) string {
	f := t.En
	if l == Ko && t.Ko != "" {
		f = t.Ko
	}
	if len(args) == 0 {
		return f
	}
	s := fmt.Sprintf(f, args...)
	if i := strings.LastIndex(s, "%!(EXTRA "); i >= 0 && !strings.Contains(f, "%!(EXTRA ") {
		s = s[:i]
	}
	return s
}

// Error is an error whose message exists in both languages. Error() is
// English (for logs); Localize picks the reader's language.
type Error struct {
	Text Text
	Args []any
	Err  error // optional cause, for errors.Is/As
}

// Errorf builds a bilingual error. A trailing error argument (matched by %w
// in en) becomes the cause; %w is rendered as %v in both texts.
func Errorf(ko, en string, args ...any) *Error {
	e := &Error{Text: Text{Ko: strings.ReplaceAll(ko, "%w", "%v"), En: strings.ReplaceAll(en, "%w", "%v")}, Args: args}
	if strings.Contains(en, "%w") {
		for i := len(args) - 1; i >= 0; i-- {
			if err, ok := args[i].(error); ok {
				e.Err = err
				break
			}
		}
	}
	return e
}

func (e *Error) Error() string { return e.Text.In(En, e.Args...) }
func (e *Error) Unwrap() error { return e.Err }

// In renders the error in l. Nested bilingual causes are rendered in l too.
func (e *Error) In(l Lang) string {
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if err, ok := a.(error); ok {
			args[i] = Localize(err, l)
		} else {
			args[i] = a
		}
	}
	return e.Text.In(l, args...)
}

// Localize renders err in l: the outermost *Error in its chain decides; plain
// errors are returned as they are.
func Localize(err error, l Lang) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e == err {
		return e.In(l)
	}
	if errors.As(err, &e) && l == Ko {
		// A plain wrapper around a bilingual error: the wrapper's own words are
		// English, so show the Korean cause and keep the English context.
		return e.In(l) + " (" + err.Error() + ")"
	}
	return err.Error()
}
