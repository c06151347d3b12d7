package sqlite

import (
	"context"
	"database/sql"

	"github.com/seogo/seogo/i18n"
)

// migrations[i] takes the schema from version i to i+1. Append only: a
// released migration is never edited, so every database walks the same path.
var migrations = []string{
	`CREATE TABLE meta (
		key   TEXT PRIMARY KEY,
		value INTEGER NOT NULL
	);
	-- The store-wide generation counter: every write takes the next value,
	-- so snapshot stamps are never reused, even across deleted collections.
	INSERT INTO meta (key, value) VALUES ('generation', 0);

	CREATE TABLE collections (
		name       TEXT PRIMARY KEY,
		analyzer   TEXT NOT NULL,
		embedder   TEXT NOT NULL,
		dim        INTEGER NOT NULL,
		created    INTEGER NOT NULL, -- unix nanoseconds
		generation INTEGER NOT NULL
	);

	CREATE TABLE documents (
		coll     TEXT NOT NULL REFERENCES collections (name) ON DELETE CASCADE,
		id       TEXT NOT NULL,
		source   TEXT NOT NULL,
		title    TEXT NOT NULL,
		format   TEXT NOT NULL,
		hash     TEXT NOT NULL,
		size     INTEGER NOT NULL,
		metadata TEXT,              -- JSON object of strings, or NULL
		text     TEXT NOT NULL,     -- normalised text: offsets point into it
		created  INTEGER NOT NULL,
		updated  INTEGER NOT NULL,
		PRIMARY KEY (coll, id),
		UNIQUE (coll, source)
	);

	CREATE TABLE chunks (
		key          INTEGER PRIMARY KEY, -- the uint32 key of the in-memory indexes
		coll         TEXT NOT NULL,
		doc_id       TEXT NOT NULL,
		id           TEXT NOT NULL,
		ordinal      INTEGER NOT NULL,
		text         TEXT NOT NULL,
		start        INTEGER NOT NULL,
		"end"        INTEGER NOT NULL,
		char_start   INTEGER NOT NULL,
		char_end     INTEGER NOT NULL,
		headings     TEXT,    -- JSON array, or NULL
		page         INTEGER NOT NULL,
		metadata     TEXT,    -- JSON object, or NULL
		tokens       BLOB,    -- body tokens joined by NUL
		title_tokens BLOB,    -- title/heading tokens joined by NUL
		vector       BLOB,    -- little-endian float32s, or NULL
		FOREIGN KEY (coll, doc_id) REFERENCES documents (coll, id) ON DELETE CASCADE
	);
	CREATE UNIQUE INDEX chunks_doc ON chunks (coll, doc_id, ordinal);`,

	// 2: the embedding cache (vectors by SHA-256 of embedder, dimension and
	// text; no text is kept) and the staging area of `seogo reembed`.
	`CREATE TABLE embed_cache (
		key    BLOB PRIMARY KEY,
		vector BLOB NOT NULL,
		used   INTEGER NOT NULL -- unix seconds of the last write, for pruning
	) WITHOUT ROWID;

	CREATE TABLE reembed (
		coll   TEXT NOT NULL REFERENCES collections (name) ON DELETE CASCADE,
		target TEXT NOT NULL, -- embedder name and dimension the vectors belong to
		key    INTEGER NOT NULL,
		vector BLOB NOT NULL,
		PRIMARY KEY (coll, key)
	);`,

	// 3: what lets a vector index snapshot be brought up to date instead of
	// rebuilt. chunks.gen is the generation of the write that stored the row,
	// so the rows newer than a snapshot are found by it (deleted rows are the
	// snapshot's keys no longer stored). collections.vectors_gen is the
	// generation since which stored vectors only change by such writes
	// (creation, a switch of embedder): an older snapshot is rebuilt. Rows
	// stored before this version get gen 0 and vectors_gen takes the current
	// generation, so every older snapshot is rebuilt once, never caught up
	// from rows whose age is unknown. vector_quant is the collection's
	// in-memory representation of the graph ("float32" or "int8").
	`ALTER TABLE chunks ADD COLUMN gen INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX chunks_gen ON chunks (coll, gen);
	ALTER TABLE collections ADD COLUMN vectors_gen INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE collections ADD COLUMN vector_quant TEXT NOT NULL DEFAULT 'float32';
	UPDATE collections SET vectors_gen = generation;`,

	// 4: vector_quant '' means "not chosen": the collection follows the
	// store's default (Options.VectorQuant, the config's
	// index.quantization), while "float32" or "int8" is the collection's own
	// choice and wins. Until now 'float32' was also what every collection
	// got without asking, and nothing but the library call set it, so it
	// is read as "not chosen".
	`UPDATE collections SET vector_quant = '' WHERE vector_quant = 'float32';`,
}

// migrate brings the schema to the latest version, one transaction per step.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return schemaVersionError(err)
	}
	for {
		var v int
		err := db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
		if err == sql.ErrNoRows {
			v = 0
		} else if err != nil {
			return schemaVersionError(err)
		}
		if v > len(migrations) {
			return i18n.Errorf("데이터베이스 스키마 버전 %d 은 이 seogo가 아는 버전(%d)보다 새롭습니다: seogo를 새 버전으로 올리세요",
				"database schema version %d is newer than this seogo understands (%d): upgrade seogo", v, len(migrations))
		}
		if v == len(migrations) {
			return nil
		}
		if err := step(ctx, db, v); err != nil {
			return i18n.Errorf("데이터베이스 스키마를 버전 %d 로 올리지 못했습니다: %w", "migrate schema to version %d: %w", v+1, err)
		}
	}
}

func schemaVersionError(err error) error {
	return i18n.Errorf("데이터베이스의 스키마 버전을 읽을 수 없습니다(seogo 저장소가 아니거나 손상됨): %w",
		"cannot read the database schema version (not a seogo store, or damaged): %w", err)
}

func step(ctx context.Context, db *sql.DB, from int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Re-check inside the write transaction: another connection may have
	// migrated meanwhile.
	var n, v int
	if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(max(version), 0) FROM schema_version`).Scan(&n, &v); err != nil {
		return err
	}
	if v != from {
		return nil
	}
	if _, err := tx.ExecContext(ctx, migrations[from]); err != nil {
		return err
	}
	if n == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, from+1)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, from+1)
	}
	if err != nil {
		return err
	}
	return tx.Commit()
}
