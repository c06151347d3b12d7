package postgres

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/storetest"
)

// testURL is the database of the tests: SEOGO_TEST_POSTGRES, as printed by
// scripts/postgres.sh. Without it the tests skip.
func testURL(t *testing.T) string {
	u := os.Getenv("SEOGO_TEST_POSTGRES")
	if u == "" {
		t.Skip("SEOGO_TEST_POSTGRES is not set: run eval \"$(bash scripts/postgres.sh)\" to test against PostgreSQL + pgvector")
	}
	return u
}

var schemaSeq atomic.Int64

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

// freshURL makes an empty schema (dropped at the end) and returns the URL
// that uses it, with extra URL parameters.
func freshURL(t *testing.T, params string) string {
	t.Helper()
	base := testURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("seogo_test_%d_%d", time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE")
			c.Close(context.Background())
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name+",public")
	extra, _ := url.ParseQuery(params)
	for k, v := range extra {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	return u.String()
}

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
	t.Run("simple_protocol", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store {
			return openFresh(t, "default_query_exec_mode=simple_protocol&seogo_copy=off&pool_max_conns=1")
		})
	})
}
