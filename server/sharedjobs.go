package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// On a store that several nodes share (store.Queue: PostgreSQL), an upload
// becomes one queue job per file, carrying the file's bytes, so whichever
// node is free ingests it: nodes keep nothing another node needs, a node
// that dies mid-file loses its lease and the file runs elsewhere, and any
// node reports a job's progress from the queue. The document is named
// "upload:COLL/FILE" rather than by the running node's path, so its ID is
// the same whichever node runs it, and a rerun is idempotent.

const (
	ingestQueue  = "ingest"
	jobAttempts  = 3
	claimBackoff = time.Second
)

// sharedPayload is what a queued file says about itself.
type sharedPayload struct {
	Collection string    `json:"collection"`
	Name       string    `json:"name"`
	Groups     []string  `json:"groups,omitempty"`
	Owner      string    `json:"owner,omitempty"`
	Created    time.Time `json:"created"`
}

type sharedQueue struct {
	q      store.Queue
	worker string // this node in the queue's locked_by column
	wake   chan struct{}
}

func newSharedQueue(q store.Queue) *sharedQueue {
	host, _ := os.Hostname()
	var id [4]byte
	_, _ = rand.Read(id[:])
	return &sharedQueue{q: q, worker: host + "-" + hex.EncodeToString(id[:]), wake: make(chan struct{}, 1)}
}

// submitShared queues each file of job in the store.
func (j *jobs) submitShared(job *Job) error {
	ctx, cancel := context.WithTimeout(j.ctx, time.Minute)
	defer cancel()
	for _, p := range job.Paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name := displayName(p)
		payload, _ := json.Marshal(sharedPayload{Collection: job.Collection, Name: name, Groups: job.Groups, Owner: job.Owner, Created: job.Created})
		if _, err := j.shared.q.EnqueueJob(ctx, store.Job{Queue: ingestQueue, Batch: job.ID, Payload: string(payload), Data: data}, job.ID+"/"+name); err != nil {
			return err
		}
	}
	j.mu.Lock()
	j.byID[job.ID] = job
	j.mu.Unlock()
	select {
	case j.shared.wake <- struct{}{}:
	default:
	}
	return nil
}

// sharedWorker claims and runs queued files until the server stops.
func (j *jobs) sharedWorker() {
	defer j.wg.Done()
	for j.ctx.Err() == nil {
		qj, err := j.shared.q.Claim(j.ctx, ingestQueue, j.shared.worker, j.s.opt.JobLease)
		if err != nil && j.ctx.Err() == nil {
			j.s.log.Warn("ingest queue", "error", err)
		}
		if qj == nil {
			select {
			case <-j.ctx.Done():
			case <-j.shared.wake:
			case <-time.After(claimBackoff):
			}
			continue
		}
		j.runShared(qj)
	}
}

// runShared ingests one queued file, renewing its lease while it runs.
func (j *jobs) runShared(qj *store.Job) {
	var p sharedPayload
	name, ok := "", false
	if json.Unmarshal([]byte(qj.Payload), &p) == nil {
		name, ok = safeName(p.Name)
	}
	if !ok || !seogo.ValidCollectionName(p.Collection) {
		j.failShared(qj, i18n.Errorf("큐의 작업 내용을 읽을 수 없습니다", "the queued job cannot be read"))
		return
	}
	dir := j.s.uploadDir(p.Collection)
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		j.failShared(qj, err)
		return
	}
	if err := writeFileAtomic(path, qj.Data); err != nil {
		j.failShared(qj, err)
		return
	}
	ctx, cancel := context.WithCancel(j.ctx)
	defer cancel()
	go j.heartbeat(ctx, cancel, qj.ID)
	// Stored under a name no node's folders are part of: the upload is one
	// document whichever node runs it, now or after a retry elsewhere.
	stored := "upload:" + p.Collection + "/" + name
	sum, err := j.s.eng.IngestWithGroups(ctx, []string{path}, seogo.IngestGroupsOptions{
		IngestOptions: seogo.IngestOptions{Collection: p.Collection, Name: func(string) string { return stored }}, Groups: p.Groups,
	})
	if ctx.Err() != nil {
		// Shutting down, or the lease was lost: the job goes back to the
		// queue when its lease runs out.
		return
	}
	if err != nil {
		j.failShared(qj, err)
		return
	}
	for i := range sum.Files {
		sum.Files[i].Path = displayName(sum.Files[i].Path)
		j.s.metrics.ingest.WithLabelValues(sum.Files[i].Status).Inc()
	}
	result, _ := json.Marshal(sum)
	done, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if err := j.shared.q.CompleteJob(done, qj.ID, string(result)); err != nil {
		j.s.log.Warn("ingest queue", "job", qj.ID, "error", err)
	}
	j.s.log.Info("ingest job", "batch", qj.Batch, "file", name, "collection", p.Collection, "worker", j.shared.worker)
}

// heartbeat renews the lease every third of it; if the job is no longer
// this node's, the run is cancelled (another node has it now).
func (j *jobs) heartbeat(ctx context.Context, cancel context.CancelFunc, id int64) {
	t := time.NewTicker(j.s.opt.JobLease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := j.shared.q.Extend(ctx, id, j.shared.worker, j.s.opt.JobLease); err != nil && ctx.Err() == nil {
				j.s.log.Warn("ingest queue: lease lost", "job", id, "error", err)
				cancel()
				return
			}
		}
	}
}

func (j *jobs) failShared(qj *store.Job, cause error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := j.shared.q.Fail(ctx, qj.ID, errors.New(i18n.Localize(cause, j.s.opt.Lang)), jobAttempts); err != nil {
		j.s.log.Warn("ingest queue", "job", qj.ID, "error", err)
	}
}

// sharedJob builds the job id from the queue, as any node sees it; false
// when the queue knows no such batch.
func (j *jobs) sharedJob(id string) (Job, bool) {
	ctx, cancel := context.WithTimeout(j.ctx, 10*time.Second)
	defer cancel()
	rows, err := j.shared.q.BatchJobs(ctx, ingestQueue, id)
	if err != nil || len(rows) == 0 {
		return Job{}, false
	}
	job := Job{ID: id, Status: JobQueued, Total: len(rows)}
	sum := &seogo.IngestSummary{}
	running, failed := false, 0
	var last time.Time
	for _, r := range rows {
		var p sharedPayload
		_ = json.Unmarshal([]byte(r.Payload), &p)
		job.Collection, job.Owner, job.Groups, job.Created = p.Collection, p.Owner, p.Groups, p.Created
		sum.Collection = p.Collection
		job.Files = append(job.Files, p.Name)
		switch r.State {
		case store.JobRunning:
			running, job.Current = true, p.Name
		case store.JobDone:
			job.Done++
			var s seogo.IngestSummary
			if json.Unmarshal([]byte(r.Result), &s) == nil {
				mergeSummary(sum, &s)
			}
		case store.JobFailed:
			job.Done++
			failed++
			sum.Failed++
			sum.Files = append(sum.Files, seogo.FileResult{Path: p.Name, Status: seogo.StatusFailed, Detail: r.Error})
		}
	}
	switch {
	case job.Done == job.Total:
		job.Status, job.Summary = JobDone, sum
		if failed == job.Total {
			job.Status = JobFailed
			job.Error = &apiError{Message: rows[0].Error, Type: "server_error", Code: "ingest_failed"}
		}
		last = time.Now().UTC()
		job.Finished = &last
	case running || job.Done > 0:
		job.Status = JobRunning
	}
	return job, true
}

func mergeSummary(dst, src *seogo.IngestSummary) {
	dst.Added += src.Added
	dst.Updated += src.Updated
	dst.Unchanged += src.Unchanged
	dst.Skipped += src.Skipped
	dst.Removed += src.Removed
	dst.Failed += src.Failed
	dst.Chunks += src.Chunks
	dst.Bytes += src.Bytes
	dst.Seconds += src.Seconds
	dst.Files = append(dst.Files, src.Files...)
}

// writeFileAtomic writes data to path through a temporary file and a
// rename, so a reader (or a crash) never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".queued-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
