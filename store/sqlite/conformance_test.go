package sqlite

import (
	"testing"

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/storetest"
)

// TestConformance runs the store conformance suite (shared with
// store/postgres) against the embedded store.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openStore(t, t.TempDir()) })
}
