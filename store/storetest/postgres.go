package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// PostgresEnv names the database the PostgreSQL tests use, as printed by
// scripts/postgres.sh.
const PostgresEnv = "SEOGO_TEST_POSTGRES"

var schemaSeq atomic.Int64

// PostgresURL makes an empty schema in the test database (dropped when t
// ends) and returns a URL that uses it, with extra URL parameters. Without
// SEOGO_TEST_POSTGRES the test is skipped, saying how to set it.
func PostgresURL(t testing.TB, params string) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip(PostgresEnv + " is not set: run eval \"$(bash scripts/postgres.sh)\" to test against PostgreSQL + pgvector")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("seogo_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatal(err)
	}
	cleanup(t, base, "DROP SCHEMA "+name+" CASCADE")
	return withParams(t, base, "", "search_path="+url.QueryEscape(name+",public")+"&"+params)
}

// cleanup runs sql on the database at base when t ends.
func cleanup(t testing.TB, base, sql string) {
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), sql)
			c.Close(context.Background())
		}
	})
}

// withParams is rawURL with the database db (when not empty) and extra
// URL parameters.
func withParams(t testing.TB, rawURL, db, params string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	if db != "" {
		u.Path = "/" + db
	}
	q := u.Query()
	extra, _ := url.ParseQuery(params)
	for k, v := range extra {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// PgBouncerEnv names the PgBouncer (transaction pooling) in front of the
// test database, as printed by scripts/postgres.sh.
const PgBouncerEnv = "SEOGO_TEST_PGBOUNCER"

// PgBouncerURL makes an empty database with the vector extension (dropped
// when t ends) and returns a URL that reaches it through PgBouncer in
// transaction pooling mode, with extra URL parameters. A database rather
// than a schema: PgBouncer does not carry search_path from one transaction
// to the next. Without both environment variables the test is skipped.
func PgBouncerURL(t testing.TB, params string) string {
	t.Helper()
	base, bouncer := os.Getenv(PostgresEnv), os.Getenv(PgBouncerEnv)
	if base == "" || bouncer == "" {
		t.Skip(PgBouncerEnv + " is not set: run eval \"$(bash scripts/postgres.sh)\" to test through PgBouncer")
	}
	ctx := context.Background()
	name := fmt.Sprintf("seogo_pgb_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	cleanup(t, base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	conn, err := pgx.Connect(ctx, withParams(t, base, name, ""))
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS vector")
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return withParams(t, bouncer, name, params)
}
