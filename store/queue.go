package store

import (
	"context"
	"time"
)

// Job is one unit of work in a Queue: the ingest of one uploaded file, say.
type Job struct {
	ID    int64
	Queue string
	// Batch groups the jobs of one request (an upload of several files), so
	// any node can report the request's progress.
	Batch   string
	Payload string // what to do, as the enqueuer wrote it (JSON)
	Data    []byte // the file's bytes, when the job carries them
	// Filled in by the queue:
	State    string // queued, running, done, failed
	Attempts int
	Worker   string // who holds or last held it
	Result   string // what CompleteJob recorded
	Error    string // the last failure
}

// Job states.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Queue is a job queue that every node using the same store sees
// (store/postgres implements it; the embedded store, which one process
// owns, does not need it). Any number of nodes claim at once, each a
// different job; a job whose node died is claimed again once its lease runs
// out.
type Queue interface {
	// EnqueueJob adds j unless a job with the same dedupe key is queued
	// already (in any state), and reports whether it was added.
	EnqueueJob(ctx context.Context, j Job, dedupe string) (bool, error)
	// Claim leases the oldest queued (or lease-expired) job of queue to
	// worker, with its Data; nil when there is nothing to do.
	Claim(ctx context.Context, queue, worker string, lease time.Duration) (*Job, error)
	// Extend renews the lease of a job worker still holds, so a long job is
	// not claimed twice.
	Extend(ctx context.Context, id int64, worker string, lease time.Duration) error
	// CompleteJob marks a job done with its result and drops its Data.
	CompleteJob(ctx context.Context, id int64, result string) error
	// Fail records cause: the job is queued again while it has had fewer
	// than maxAttempts tries, and failed after.
	Fail(ctx context.Context, id int64, cause error, maxAttempts int) error
	// BatchJobs returns the jobs of a batch, oldest first, without Data.
	BatchJobs(ctx context.Context, queue, batch string) ([]Job, error)
}

// Settings holds small named documents every node using the store sees
// (the API keys of seogo serve), with optimistic concurrency: a write names
// the version it read, and loses if another node wrote in between.
type Settings interface {
	// GetSetting returns name's data and version (nil, 0 when absent).
	GetSetting(ctx context.Context, name string) ([]byte, int64, error)
	// PutSetting replaces name's data if its version is still version (0:
	// absent) and reports whether it did.
	PutSetting(ctx context.Context, name string, data []byte, version int64) (bool, error)
}
