package guard

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Vault maps the placeholders of one conversation to the values they stand
// for, so that an answer written about <전화번호_1> can be shown to the user
// who asked with the real number in it. A Vault lives in memory for one
// request or conversation and belongs to one user: it is never serialised
// (its marshalling methods fail and it prints without its contents), never
// logged and never shared between users. The zero value is ready to use and
// it is safe for concurrent use.
//
// Within a Vault the same value (compared in canonical form: digits only for
// numbers, lower case for e-mail) always gets the same placeholder, so the
// model can tell "the same phone number" from "another one".
type Vault struct {
	mu      sync.Mutex
	byValue map[string]string // entity + "\x00" + canonical value → placeholder
	byPH    map[string]string // placeholder → original text
	counts  map[string]int    // per label
}

// NewVault returns an empty vault.
func NewVault() *Vault { return &Vault{} }

// ErrVaultNotSerializable is returned by every marshalling method of Vault.
var ErrVaultNotSerializable = errors.New("guard: a Vault holds personal data and is never serialised")

// placeholder returns the placeholder for value, creating one when record is
// true or the value was seen before. Without a record the number is still
// stable within the vault.
func (v *Vault) placeholder(entity, value string, english, record bool) string {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.byValue == nil {
		v.byValue, v.byPH, v.counts = map[string]string{}, map[string]string{}, map[string]int{}
	}
	label := placeholderLabel(entity, english)
	key := label + "\x00" + entity + "\x00" + canonical(entity, value)
	ph, ok := v.byValue[key]
	if !ok {
		v.counts[label]++
		ph = "<" + label + "_" + strconv.Itoa(v.counts[label]) + ">"
		v.byValue[key] = ph
	}
	if record {
		if _, ok := v.byPH[ph]; !ok {
			v.byPH[ph] = value
		}
	}
	return ph
}

// Restore puts the original values back in place of the placeholders this
// vault issued for pseudonymisation. Placeholders it did not record (those
// of ActionReplace, or invented by a model) are left as they are.
func (v *Vault) Restore(text string) string {
	if v == nil || strings.IndexByte(text, '<') < 0 {
		return text
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.byPH) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '<' {
			continue
		}
		j := strings.IndexByte(text[i:], '>')
		if j < 0 {
			break
		}
		if orig, ok := v.byPH[text[i:i+j+1]]; ok {
			b.WriteString(text[last:i])
			b.WriteString(orig)
			last = i + j + 1
			i += j
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// Len returns how many values the vault can restore.
func (v *Vault) Len() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.byPH)
}

// String and GoString keep the contents out of logs and %v / %#v output.
func (v *Vault) String() string   { return fmt.Sprintf("guard.Vault{%d values}", v.Len()) }
func (v *Vault) GoString() string { return v.String() }

// MarshalJSON, MarshalText and GobEncode fail: a vault never leaves the
// process.
func (v *Vault) MarshalJSON() ([]byte, error) { return nil, ErrVaultNotSerializable }
func (v *Vault) MarshalText() ([]byte, error) { return nil, ErrVaultNotSerializable }
func (v *Vault) GobEncode() ([]byte, error)   { return nil, ErrVaultNotSerializable }
