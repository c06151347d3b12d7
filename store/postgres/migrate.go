package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/i18n"
)

// migrationLock is the key of the advisory lock migrations take: the first
// eight bytes of "seogo.mi" as an integer, unlikely to collide.
const migrationLock = 0x7365676f2e6d69

// migrations[i] takes the schema from version i to i+1. Append only: a
// released migration is never edited, so every database walks the same path.
var migrations = []string{
	`CREATE TABLE seogo_collections (
		id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		name         text NOT NULL UNIQUE,
		analyzer     text NOT NULL,
		embedder     text NOT NULL,
		dim          integer NOT NULL,
		created      bigint NOT NULL, -- unix nanoseconds, as in the embedded store
		-- corpus statistics of BM25, kept by every write of the collection
		chunks       bigint NOT NULL DEFAULT 0,
		body_tokens  bigint NOT NULL DEFAULT 0,
		title_tokens bigint NOT NULL DEFAULT 0
	);

	CREATE TABLE seogo_documents (
		coll_id  bigint NOT NULL REFERENCES seogo_collections (id) ON DELETE CASCADE,
		id       text NOT NULL,
		source   text NOT NULL,
		title    text NOT NULL,
		format   text NOT NULL,
		hash     text NOT NULL,
		size     bigint NOT NULL,
		metadata jsonb,
		text     text NOT NULL,
		created  bigint NOT NULL,
		updated  bigint NOT NULL,
		PRIMARY KEY (coll_id, id),
		UNIQUE (coll_id, source)
	);
	CREATE INDEX seogo_documents_metadata ON seogo_documents USING gin (metadata jsonb_path_ops);

	-- The analyser's tokens as a tsvector with positions: body tokens at
	-- 1..n, title tokens after them, so tf and the title share are exact.
	-- Built from the tokens as given: no text search configuration decides.
	CREATE FUNCTION seogo_tsvector(body text[], title text[]) RETURNS tsvector
	LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
		SELECT coalesce(string_agg('''' || replace(replace(t, '\', '\\'), '''', '''''') || ''':' || least(i, 16383), ' '), '')::tsvector
		FROM unnest(body || title) WITH ORDINALITY AS u(t, i)
		WHERE t <> '' AND octet_length(t) < 2047
	$$;

	CREATE TABLE seogo_chunks (
		key          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		coll_id      bigint NOT NULL,
		doc_id       text NOT NULL,
		id           text NOT NULL,
		ordinal      integer NOT NULL,
		text         text NOT NULL,
		start        bigint NOT NULL,
		"end"        bigint NOT NULL,
		char_start   bigint NOT NULL,
		char_end     bigint NOT NULL,
		headings     jsonb,
		page         integer NOT NULL,
		metadata     jsonb,
		tokens       text[] NOT NULL,
		title_tokens text[] NOT NULL,
		blen         integer GENERATED ALWAYS AS (cardinality(tokens)) STORED,
		tlen         integer GENERATED ALWAYS AS (cardinality(title_tokens)) STORED,
		tsv          tsvector GENERATED ALWAYS AS (seogo_tsvector(tokens, title_tokens)) STORED,
		embedding    vector,
		FOREIGN KEY (coll_id, doc_id) REFERENCES seogo_documents (coll_id, id) ON DELETE CASCADE
	);
	CREATE UNIQUE INDEX seogo_chunks_doc ON seogo_chunks (coll_id, doc_id, ordinal);
	CREATE INDEX seogo_chunks_tsv ON seogo_chunks USING gin (tsv);

	-- The embedding cache, shared by every node (key: SHA-256 of embedder,
	-- dimension and text; no text is kept).
	CREATE TABLE seogo_embed_cache (
		key    bytea PRIMARY KEY,
		vector real[] NOT NULL,
		used   bigint NOT NULL
	);

	-- The staging area of seogo reembed.
	CREATE TABLE seogo_reembed (
		coll_id bigint NOT NULL REFERENCES seogo_collections (id) ON DELETE CASCADE,
		target  text NOT NULL,
		key     bigint NOT NULL,
		vector  real[] NOT NULL,
		PRIMARY KEY (coll_id, key)
	);

	-- Ingest jobs shared by nodes, claimed with FOR UPDATE SKIP LOCKED.
	CREATE TABLE seogo_jobs (
		id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		queue      text NOT NULL,
		payload    text NOT NULL,
		dedupe     text NOT NULL,
		state      text NOT NULL DEFAULT 'queued', -- queued, running, done, failed
		attempts   integer NOT NULL DEFAULT 0,
		locked_by  text,
		lease_until timestamptz,
		error      text,
		created    timestamptz NOT NULL DEFAULT now(),
		updated    timestamptz NOT NULL DEFAULT now(),
		UNIQUE (queue, dedupe)
	);
	CREATE INDEX seogo_jobs_claim ON seogo_jobs (queue, state, id);`,

	// 2: jobs carry their batch (one upload of several files), the file's
	// bytes until done (so any node can run them), and their result.
	`ALTER TABLE seogo_jobs ADD COLUMN batch text NOT NULL DEFAULT '',
		ADD COLUMN data bytea, ADD COLUMN result text;
	CREATE INDEX seogo_jobs_batch ON seogo_jobs (queue, batch, id);`,

	// 3: small documents every node shares (the API keys of seogo serve).
	`CREATE TABLE seogo_settings (
		name    text PRIMARY KEY,
		data    bytea NOT NULL,
		version bigint NOT NULL,
		updated timestamptz NOT NULL DEFAULT now()
	);`,

	// 4: a log of chunks added and removed, written by statement triggers
	// in the writing transaction, from which every node keeps its in-memory
	// keyword index current (kwcache.go). xid orders entries by transaction,
	// so a reader can tell which entries may still appear.
	`CREATE TABLE seogo_chunk_log (
		seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		coll_id bigint NOT NULL,
		key     bigint NOT NULL,
		added   boolean NOT NULL,
		xid     xid8 NOT NULL DEFAULT pg_current_xact_id(),
		at      timestamptz NOT NULL DEFAULT now()
	);
	CREATE INDEX seogo_chunk_log_coll ON seogo_chunk_log (coll_id, xid);
	CREATE INDEX seogo_chunk_log_at ON seogo_chunk_log (at);
	CREATE FUNCTION seogo_log_chunks_added() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		INSERT INTO seogo_chunk_log (coll_id, key, added) SELECT coll_id, key, true FROM new_rows;
		RETURN NULL;
	END $$;
	CREATE FUNCTION seogo_log_chunks_removed() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		INSERT INTO seogo_chunk_log (coll_id, key, added) SELECT coll_id, key, false FROM old_rows;
		RETURN NULL;
	END $$;
	CREATE TRIGGER seogo_chunks_added AFTER INSERT ON seogo_chunks
		REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION seogo_log_chunks_added();
	CREATE TRIGGER seogo_chunks_removed AFTER DELETE ON seogo_chunks
		REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION seogo_log_chunks_removed();`,
}

// migrateURL brings the schema of the database at cfg up to date in one
// transaction that holds an advisory lock: nodes starting at once wait for
// the first, then find nothing to do. The lock is transaction-scoped, so it
// also works through PgBouncer's transaction pooling.
func migrateURL(ctx context.Context, cfg *pgx.ConnConfig) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return i18n.Errorf("PostgreSQL(%s:%d/%s)에 연결하지 못했습니다: %w — 서버가 떠 있는지, 주소·사용자·암호가 맞는지 확인하세요",
			"cannot connect to PostgreSQL (%s:%d/%s): %w — check that the server is up and the URL, user and password are right",
			cfg.Host, cfg.Port, cfg.Database, err)
	}
	defer conn.Close(context.Background())
	if err := ensureVector(ctx, conn); err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS seogo_schema_version (version integer NOT NULL)`); err != nil {
			return err
		}
		var v int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM seogo_schema_version`).Scan(&v); err != nil {
			return err
		}
		if v > len(migrations) {
			return i18n.Errorf("데이터베이스 스키마 버전 %d 은 이 seogo가 아는 버전(%d)보다 새롭습니다: seogo를 새 버전으로 올리세요",
				"database schema version %d is newer than this seogo understands (%d): upgrade seogo", v, len(migrations))
		}
		for ; v < len(migrations); v++ {
			if _, err := tx.Exec(ctx, migrations[v]); err != nil {
				return fmt.Errorf("version %d: %w", v+1, err)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM seogo_schema_version`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO seogo_schema_version (version) VALUES ($1)`, v)
		return err
	})
	if err != nil {
		return i18n.Errorf("PostgreSQL 스키마를 올리지 못했습니다: %w", "migrate the PostgreSQL schema: %w", err)
	}
	return nil
}

// ensureVector creates the pgvector extension when it is missing, or says
// what the operator has to do.
func ensureVector(ctx context.Context, conn *pgx.Conn) error {
	var have bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')`).Scan(&have); err != nil {
		return i18n.Errorf("pgvector 확장을 확인하지 못했습니다: %w", "check for the pgvector extension: %w", err)
	}
	if have {
		return nil
	}
	var available bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')`).Scan(&available); err != nil {
		return i18n.Errorf("pgvector 확장을 확인하지 못했습니다: %w", "check for the pgvector extension: %w", err)
	}
	if !available {
		return i18n.Errorf("PostgreSQL 서버에 pgvector 확장이 설치되어 있지 않습니다: 서버에 pgvector를 설치하세요(관리형 DB는 설정에서 켭니다; 시험용은 scripts/postgres.sh)",
			"the pgvector extension is not installed on the PostgreSQL server: install pgvector on the server (managed databases: enable it in their settings; for tests: scripts/postgres.sh)")
	}
	if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS vector`); err != nil {
		// Another node may have created it meanwhile.
		if conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')`).Scan(&have) == nil && have {
			return nil
		}
		return i18n.Errorf("pgvector 확장이 없고 만들 권한도 없습니다(%w): 슈퍼유저로 이 데이터베이스에서 CREATE EXTENSION vector; 를 실행하세요",
			"the pgvector extension is missing and this user may not create it (%w): run CREATE EXTENSION vector; in this database as a superuser", err)
	}
	return nil
}
