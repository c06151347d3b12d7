package analysis

import (
	"strings"
	"sync"
)

// morphCacheSize bounds a morphCache: about 10 MB, and enough for the words
// that make most of a corpus (Korean word frequencies are Zipfian).
const morphCacheSize = 1 << 16

// morphCache remembers the content morphemes of Hangul runs (with their
// context rune, see appendMorphemes), so frequent words skip kagome. The
// analysis is a pure function of the run, so the cache changes speed, never
// tokens. When full it starts over: simpler than LRU, and the frequent words
// come back within a few documents.
type morphCache struct {
	mu sync.RWMutex
	m  map[string][]string
}

func newMorphCache() *morphCache {
	return &morphCache{m: make(map[string][]string)}
}

// morphemes returns appendContent(nil, run, skip). The result is shared:
// callers must not modify it.
func (c *morphCache) morphemes(run string, skip int) []string {
	c.mu.RLock()
	v, ok := c.m[run]
	c.mu.RUnlock()
	if ok {
		return v
	}
	// Own copies: run is a substring of the caller's text, and the
	// morphemes are substrings of run.
	run = strings.Clone(run)
	v = appendContent(nil, run, skip)
	c.mu.Lock()
	if len(c.m) >= morphCacheSize {
		clear(c.m)
	}
	c.m[run] = v
	c.mu.Unlock()
	return v
}
