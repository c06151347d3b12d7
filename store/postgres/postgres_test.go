package postgres

import (
	"context"
	"os"
	"testing"

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/storetest"
)

// testURL is the database of the tests: SEOGO_TEST_POSTGRES, as printed by
// scripts/postgres.sh. Without it the tests skip.
func testURL(t *testing.T) string {
	u := os.Getenv(storetest.PostgresEnv)
	if u == "" {
		storetest.PostgresURL(t, "") // skips, saying how to set it
	}
	return u
}

// openFresh opens a store in a schema of its own (dropped at the end), with
// extra URL parameters.
func openFresh(t *testing.T, params string) *Store {
	t.Helper()
	s, err := Open(context.Background(), freshURL(t, params), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func freshURL(t testing.TB, params string) string { return storetest.PostgresURL(t, params) }

// TestConformance runs the store conformance suite with COPY and prepared
// statements (a direct connection), and again with the pooler-safe mode
// (no named prepared statements) and the unnest write path.
func TestConformance(t *testing.T) {
	testURL(t)
	t.Run("copy", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t, "") })
	})
	t.Run("pgbouncer", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store {
			return openFresh(t, "seogo_pgbouncer=true&seogo_copy=off&seogo_statement_timeout=30s&pool_max_conns=4")
		})
	})
	// Through a real PgBouncer in transaction pooling mode: every
	// transaction may land on another server connection.
	t.Run("through_pgbouncer", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store {
			s, err := Open(context.Background(), storetest.PgBouncerURL(t, "seogo_pgbouncer=true&pool_max_conns=8"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
	t.Run("sql_keyword", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t, "seogo_keyword=sql") })
	})
	t.Run("simple_protocol", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store {
			return openFresh(t, "default_query_exec_mode=simple_protocol&seogo_copy=off&pool_max_conns=1")
		})
	})
}
