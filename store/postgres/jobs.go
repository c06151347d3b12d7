package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// Job is one unit of queued work, shared by every node on the database.
type Job = store.Job

var _ store.Queue = (*Store)(nil)

// Enqueue adds a job unless one with the same dedupe key is already in the
// queue (in any state): enqueueing the same 200 files from two nodes queues
// each file once. It reports whether the job was added.
func (s *Store) Enqueue(ctx context.Context, queue, dedupe, payload string) (bool, error) {
	return s.EnqueueJob(ctx, Job{Queue: queue, Payload: payload}, dedupe)
}

// EnqueueJob is Enqueue with a batch and data.
func (s *Store) EnqueueJob(ctx context.Context, j Job, dedupe string) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO seogo_jobs (queue, dedupe, payload, batch, data) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (queue, dedupe) DO NOTHING`, j.Queue, dedupe, j.Payload, j.Batch, j.Data)
	if err != nil {
		return false, jobError(err)
	}
	return tag.RowsAffected() == 1, nil
}

// Claim takes the oldest queued job of queue for worker, or a running job
// whose lease ran out (its node died), leasing it for lease. It returns
// nil when there is nothing to do. FOR UPDATE SKIP LOCKED lets any number
// of nodes claim at once, each a different job.
func (s *Store) Claim(ctx context.Context, queue, worker string, lease time.Duration) (*Job, error) {
	var j Job
	err := s.pool.QueryRow(ctx, `UPDATE seogo_jobs SET state = 'running', locked_by = $2, attempts = attempts + 1,
			lease_until = now() + make_interval(secs => $3), updated = now()
		WHERE id = (SELECT id FROM seogo_jobs WHERE queue = $1
			AND (state = 'queued' OR (state = 'running' AND lease_until < now()))
			ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
		RETURNING id, queue, batch, payload, data, state, attempts, locked_by`, queue, worker, lease.Seconds()).
		Scan(&j.ID, &j.Queue, &j.Batch, &j.Payload, &j.Data, &j.State, &j.Attempts, &j.Worker)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, jobError(err)
	}
	return &j, nil
}

// Extend renews worker's lease on a running job; it fails when the job is
// no longer worker's (its lease ran out and another node took it).
func (s *Store) Extend(ctx context.Context, id int64, worker string, lease time.Duration) error {
	tag, err := s.pool.Exec(ctx, `UPDATE seogo_jobs SET lease_until = now() + make_interval(secs => $3), updated = now()
		WHERE id = $1 AND locked_by = $2 AND state = 'running'`, id, worker, lease.Seconds())
	if err != nil {
		return jobError(err)
	}
	if tag.RowsAffected() == 0 {
		return jobError(i18n.Errorf("작업 %d 은 이제 이 노드의 것이 아닙니다", "job %d is no longer held by this node", id))
	}
	return nil
}

// Complete marks a claimed job done.
func (s *Store) Complete(ctx context.Context, id int64) error { return s.CompleteJob(ctx, id, "") }

// CompleteJob marks a claimed job done with its result; its data is
// dropped, since nothing will run it again.
func (s *Store) CompleteJob(ctx context.Context, id int64, result string) error {
	_, err := s.pool.Exec(ctx, `UPDATE seogo_jobs SET state = 'done', lease_until = NULL, error = NULL, data = NULL,
		result = $2, updated = now() WHERE id = $1`, id, result)
	return jobError(err)
}

// Fail records a job's error: it is queued again while it has had fewer
// than maxAttempts tries, and marked failed (its data dropped) after.
func (s *Store) Fail(ctx context.Context, id int64, cause error, maxAttempts int) error {
	msg := ""
	if cause != nil {
		msg = cause.Error()
	}
	_, err := s.pool.Exec(ctx, `UPDATE seogo_jobs SET state = CASE WHEN attempts < $3 THEN 'queued' ELSE 'failed' END,
		data = CASE WHEN attempts < $3 THEN data END,
		lease_until = NULL, error = $2, updated = now() WHERE id = $1`, id, msg, maxAttempts)
	return jobError(err)
}

// BatchJobs returns the jobs of batch in queue, oldest first, without data.
func (s *Store) BatchJobs(ctx context.Context, queue, batch string) ([]Job, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, queue, batch, payload, state, attempts, coalesce(locked_by, ''),
			coalesce(result, ''), coalesce(error, '')
		FROM seogo_jobs WHERE queue = $1 AND batch = $2 ORDER BY id`, queue, batch)
	if err != nil {
		return nil, jobError(err)
	}
	var out []Job
	var j Job
	_, err = pgx.ForEachRow(rows, []any{&j.ID, &j.Queue, &j.Batch, &j.Payload, &j.State, &j.Attempts, &j.Worker, &j.Result, &j.Error},
		func() error { out = append(out, j); return nil })
	return out, jobError(err)
}

// QueueCounts returns how many jobs of queue are in each state.
func (s *Store) QueueCounts(ctx context.Context, queue string) (map[string]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT state, count(*) FROM seogo_jobs WHERE queue = $1 GROUP BY state`, queue)
	if err != nil {
		return nil, jobError(err)
	}
	out := map[string]int{}
	var state string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&state, &n}, func() error { out[state] = n; return nil })
	return out, jobError(err)
}

func jobError(err error) error {
	if err == nil {
		return nil
	}
	return i18n.Errorf("작업 큐를 읽거나 쓰지 못했습니다: %w", "job queue: %w", err)
}
