package postgres

import (
	"context"
	"testing"
)

// TestSettingsCompareAndSet: a write names the version it read; a stale
// write loses and changes nothing.
func TestSettingsCompareAndSet(t *testing.T) {
	s := openFresh(t, "")
	defer s.Close()
	ctx := context.Background()
	if data, v, err := s.GetSetting(ctx, "keys.json"); err != nil || data != nil || v != 0 {
		t.Fatalf("absent: %q %d %v", data, v, err)
	}
	steps := []struct {
		data    string
		version int64
		ok      bool
		after   string
		afterV  int64
	}{
		{"[]", 0, true, "[]", 1},
		{"[1]", 0, false, "[]", 1}, // created meanwhile by another node
		{"[1]", 1, true, "[1]", 2},
		{"[2]", 1, false, "[1]", 2}, // stale version
		{"[1,2]", 2, true, "[1,2]", 3},
	}
	for i, st := range steps {
		ok, err := s.PutSetting(ctx, "keys.json", []byte(st.data), st.version)
		if err != nil || ok != st.ok {
			t.Fatalf("step %d: ok %v err %v", i, ok, err)
		}
		data, v, err := s.GetSetting(ctx, "keys.json")
		if err != nil || string(data) != st.after || v != st.afterV {
			t.Fatalf("step %d: %q v%d %v", i, data, v, err)
		}
	}
}
