package analysis

import (
	"slices"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	tests := []struct {
		name     string
		wantName string // "" means an error
	}{
		{"bigram", "bigram"},
		{"morph", "morph"},
		{"combined", "combined"},
		{" Bigram ", "bigram"},
		{"", ""},
		{"cjk", ""},
	}
	for _, tt := range tests {
		a, err := New(tt.name)
		if tt.wantName == "" {
			if err == nil {
				t.Errorf("New(%q) = %v, want an error", tt.name, a.Name())
				continue
			}
			for _, valid := range Names() {
				if !strings.Contains(err.Error(), valid) {
					t.Errorf("New(%q) error %q does not list %q", tt.name, err, valid)
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%q): %v", tt.name, err)
			continue
		}
		if a.Name() != tt.wantName {
			t.Errorf("New(%q).Name() = %q, want %q", tt.name, a.Name(), tt.wantName)
		}
	}
	for _, name := range Names() {
		if _, err := New(name); err != nil {
			t.Errorf("Names() lists %q but New fails: %v", name, err)
		}
	}
	if !slices.Contains(Names(), Default) {
		t.Errorf("Default %q is not among Names() %q", Default, Names())
	}
}

func TestUnique(t *testing.T) {
	many := strings.Fields("a b c d e f g h i j k l m n o p q r s t a b c")
	tests := []struct {
		name   string
		tokens []string
		want   []string
	}{
		{"nil", nil, nil},
		{"no repeats", []string{"서울", "울에"}, []string{"서울", "울에"}},
		{"repeats keep first position", []string{"b", "a", "b", "c", "a"}, []string{"b", "a", "c"}},
		{"long input", many, many[:20]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.tokens)
			if got := Unique(tt.tokens); !slices.Equal(got, tt.want) {
				t.Errorf("Unique(%q) = %q, want %q", tt.tokens, got, tt.want)
			}
			if !slices.Equal(in, tt.tokens) {
				t.Errorf("Unique modified its input")
			}
		})
	}
}
