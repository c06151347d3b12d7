package postgres

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/store/bm25"
)

// Keyword search in memory. BM25 in SQL (keyword.go) costs time in
// proportion to every chunk that holds any query term: 12 ms at 1,000
// chunks, far more at 100,000. So each node keeps, per collection it
// searches, the same in-memory store/bm25 index the embedded store uses,
// and keeps it current from seogo_chunk_log, which statement triggers fill
// in the writing transaction. The node stays stateless: the index is
// derived, built from the chunks on first use.
//
// Catching up without missing a write: log entries are numbered in insert
// order, but transactions commit in another order, so "entries after the
// last one I saw" could skip an entry that commits late. Instead each
// refresh reads every entry whose transaction id is at or above the xmin
// of the previous refresh's snapshot (no transaction below it can still
// commit), skips those already applied, and applies the rest: a removal
// removes, an addition adds the chunk if it still exists (keys are never
// reused, so a chunk that is gone stays gone).
//
// The log is pruned after logRetention; a node whose last refresh is older
// than half of that rebuilds instead of catching up.

const (
	logRetention = 24 * time.Hour
	pruneEvery   = time.Hour
)

type kwCache struct {
	mu        sync.Mutex // one refresh at a time
	ix        *bm25.Index
	xmin      uint64           // entries with xid >= xmin may still appear
	applied   map[int64]uint64 // seq -> xid of entries at or above xmin already applied
	refreshed time.Time
	// refreshStart is when the latest refresh began (under mu).
	refreshStart time.Time
}

// keywordIndex returns this node's index of collection id, brought up to
// date with every committed write.
func (s *Store) keywordIndex(ctx context.Context, id int64) (*bm25.Index, error) {
	s.kwMu.Lock()
	c := s.kw[id]
	if c == nil {
		c = &kwCache{}
		s.kw[id] = c
	}
	s.kwMu.Unlock()
	arrived := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != nil && c.refreshStart.After(arrived) {
		// A refresh that began after this search arrived has seen every
		// write committed before it: searches that queue behind a refresh
		// share it instead of each paying two more round trips.
		return c.ix, nil
	}
	c.refreshStart = time.Now()
	if c.ix == nil || time.Since(c.refreshed) > logRetention/2 {
		if err := s.loadKeyword(ctx, id, c); err != nil {
			return nil, err
		}
		return c.ix, nil
	}
	if err := s.catchUp(ctx, id, c); err != nil {
		return nil, err
	}
	return c.ix, nil
}

// snapshotXmin is the oldest transaction still running: every entry of a
// transaction below it that will ever be visible is visible now.
func snapshotXmin(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (uint64, error) {
	var x string
	if err := q.QueryRow(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())::text`).Scan(&x); err != nil {
		return 0, err
	}
	return strconv.ParseUint(x, 10, 64)
}

// loadKeyword builds the index from the collection's chunks.
func (s *Store) loadKeyword(ctx context.Context, id int64, c *kwCache) error {
	xmin, err := snapshotXmin(ctx, s.pool)
	if err != nil {
		return err
	}
	ix := bm25.New(s.bm)
	rows, err := s.pool.Query(ctx, `SELECT key, tokens, title_tokens FROM seogo_chunks WHERE coll_id = $1 ORDER BY key`, id)
	if err != nil {
		return err
	}
	var key int64
	var body, title []string
	_, err = pgx.ForEachRow(rows, []any{&key, &body, &title}, func() error {
		ix.Add(uint32(key), body, title)
		return nil
	})
	if err != nil {
		return err
	}
	c.ix, c.xmin, c.applied, c.refreshed = ix, xmin, map[int64]uint64{}, time.Now()
	return nil
}

// catchUp applies the log entries written since the last refresh.
func (s *Store) catchUp(ctx context.Context, id int64, c *kwCache) error {
	xmin, err := snapshotXmin(ctx, s.pool)
	if err != nil {
		return err
	}
	type entry struct {
		seq, key int64
		added    bool
		xid      uint64
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, key, added, xid::text FROM seogo_chunk_log
		WHERE coll_id = $1 AND xid >= $2::text::xid8 ORDER BY seq`, id, strconv.FormatUint(c.xmin, 10))
	if err != nil {
		return err
	}
	var fresh []entry
	var e entry
	var xid string
	_, err = pgx.ForEachRow(rows, []any{&e.seq, &e.key, &e.added, &xid}, func() error {
		if _, done := c.applied[e.seq]; !done {
			e.xid, _ = strconv.ParseUint(xid, 10, 64)
			fresh = append(fresh, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var removed []uint32
	var added []int64
	for _, e := range fresh {
		if e.added {
			added = append(added, e.key)
		} else {
			removed = append(removed, uint32(e.key))
		}
	}
	var docs []bm25.Doc
	if len(added) > 0 {
		rows, err := s.pool.Query(ctx, `SELECT key, tokens, title_tokens FROM seogo_chunks WHERE key = ANY($1)`, added)
		if err != nil {
			return err
		}
		var key int64
		var body, title []string
		_, err = pgx.ForEachRow(rows, []any{&key, &body, &title}, func() error {
			docs = append(docs, bm25.Doc{Key: uint32(key), Body: body, Title: title})
			return nil
		})
		if err != nil {
			return err
		}
	}
	if len(removed)+len(docs) > 0 {
		c.ix.Update(removed, docs)
	}
	// Remember what was applied while it can still be read again (its
	// transaction is at or above the new xmin); forget the rest.
	for _, e := range fresh {
		c.applied[e.seq] = e.xid
	}
	for seq, x := range c.applied {
		if x < xmin {
			delete(c.applied, seq)
		}
	}
	c.xmin, c.refreshed = xmin, time.Now()
	s.maybePruneLog(ctx)
	return nil
}

// maybePruneLog deletes log entries older than logRetention, at most once
// an hour per node; nodes that fell that far behind rebuild instead.
func (s *Store) maybePruneLog(ctx context.Context) {
	s.kwMu.Lock()
	due := time.Since(s.kwPruned) > pruneEvery
	if due {
		s.kwPruned = time.Now()
	}
	s.kwMu.Unlock()
	if due {
		_, _ = s.pool.Exec(ctx, `DELETE FROM seogo_chunk_log WHERE at < now() - make_interval(secs => $1)`, logRetention.Seconds())
	}
}
