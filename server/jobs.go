package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// Job states.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is one ingest of uploaded files, run in the background; clients poll
// GET /api/v1/jobs/{id}.
type Job struct {
	ID         string               `json:"id"`
	Collection string               `json:"collection"`
	Status     string               `json:"status"`
	Files      []string             `json:"files"`
	Groups     []string             `json:"groups,omitempty"`
	Done       int                  `json:"done"`
	Total      int                  `json:"total"`
	Current    string               `json:"current,omitempty"`
	Summary    *seogo.IngestSummary `json:"summary,omitempty"`
	Error      *apiError            `json:"error,omitempty"`
	// Owner (a key ID, "" for the local user) and Paths are kept in the
	// manifest for resuming, and left out of API responses (public).
	Owner    string     `json:"owner,omitempty"`
	Paths    []string   `json:"paths,omitempty"`
	Created  time.Time  `json:"created"`
	Finished *time.Time `json:"finished,omitempty"`
}

// jobs runs ingest jobs one at a time (ingest already uses every core) and
// keeps a manifest of each unfinished job on disk, so a job a shutdown
// interrupted runs again at the next start: ingest skips what was stored.
type jobs struct {
	s     *Server
	dir   string // manifests of unfinished jobs
	queue chan *Job

	mu   sync.Mutex
	byID map[string]*Job

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once

	// shared is set when the store is shared by several nodes: jobs then
	// live in its queue (sharedjobs.go), not in this process.
	shared *sharedQueue
}

func newJobs(s *Server, uploads string) *jobs {
	ctx, cancel := context.WithCancel(context.Background())
	j := &jobs{s: s, dir: filepath.Join(uploads, ".jobs"), queue: make(chan *Job, 1024), byID: map[string]*Job{}, ctx: ctx, cancel: cancel}
	if q, ok := s.eng.Store().(store.Queue); ok {
		j.shared = newSharedQueue(q)
	}
	if s.opt.NoIngest {
		return j // an API-only node: other nodes run the queue
	}
	j.wg.Add(1)
	if j.shared != nil {
		go j.sharedWorker()
	} else {
		go j.worker()
	}
	return j
}

// submit records and queues a job.
func (j *jobs) submit(job *Job) error {
	var id [8]byte
	_, _ = rand.Read(id[:])
	job.ID, job.Status, job.Created, job.Total = hex.EncodeToString(id[:]), JobQueued, time.Now().UTC(), len(job.Paths)
	if j.shared != nil {
		return j.submitShared(job)
	}
	if err := j.persist(job); err != nil {
		return err
	}
	j.mu.Lock()
	j.byID[job.ID] = job
	j.mu.Unlock()
	select {
	case j.queue <- job:
		return nil
	default:
		j.finish(job, nil, i18n.Errorf("대기 중인 작업이 너무 많습니다: 잠시 뒤에 다시 하세요", "too many jobs waiting: try again shortly"))
		return nil
	}
}

func (j *jobs) persist(job *Job) error {
	if err := os.MkdirAll(j.dir, 0o700); err != nil {
		return err
	}
	raw, err := json.Marshal(job)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(j.dir, job.ID+".json"), raw, 0o600)
}

// get returns a copy of the job, for the caller who owns it (or an admin).
func (j *jobs) get(id string, p principal) (Job, bool) {
	job, ok := j.status(id)
	if !ok || (p.key != nil && p.role() != RoleAdmin && job.Owner != p.key.ID) {
		return Job{}, false
	}
	return job.public(), true
}

// status is a copy of job id as it stands: from the shared queue when
// there is one (any node's job), else from this process.
func (j *jobs) status(id string) (Job, bool) {
	if j.shared != nil {
		return j.sharedJob(id)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	job := j.byID[id]
	if job == nil {
		return Job{}, false
	}
	return *job, true
}

// public is the job as clients see it: no server paths, no owner.
func (job *Job) public() Job {
	c := *job
	c.Paths, c.Owner = nil, ""
	return c
}

// list returns the caller's jobs (those submitted through this node),
// newest first.
func (j *jobs) list(p principal) []Job {
	j.mu.Lock()
	ids := make([]string, 0, len(j.byID))
	for id := range j.byID {
		ids = append(ids, id)
	}
	j.mu.Unlock()
	out := []Job{}
	for _, id := range ids {
		if job, ok := j.get(id, p); ok {
			out = append(out, job)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Created.After(out[b].Created) })
	return out
}

func (j *jobs) worker() {
	defer j.wg.Done()
	for {
		select {
		case <-j.ctx.Done():
			return
		case job := <-j.queue:
			j.run(job)
		}
	}
}

func (j *jobs) run(job *Job) {
	j.mu.Lock()
	job.Status = JobRunning
	j.mu.Unlock()
	sum, err := j.s.eng.IngestWithGroups(j.ctx, job.Paths, seogo.IngestGroupsOptions{
		IngestOptions: seogo.IngestOptions{Collection: job.Collection, Progress: func(p seogo.Progress) {
			j.mu.Lock()
			job.Done, job.Total, job.Current = p.Done, p.Total, displayName(p.Path)
			j.mu.Unlock()
		}},
		Groups: job.Groups,
	})
	if j.ctx.Err() != nil {
		return // shutting down: the manifest stays, the job resumes next start
	}
	j.finish(job, sum, err)
}

func (j *jobs) finish(job *Job, sum *seogo.IngestSummary, err error) {
	now := time.Now().UTC()
	if sum != nil {
		for i := range sum.Files {
			sum.Files[i].Path = displayName(sum.Files[i].Path) // never the server's paths
			j.s.metrics.ingest.WithLabelValues(sum.Files[i].Status).Inc()
		}
	}
	j.mu.Lock()
	job.Summary, job.Finished, job.Current = sum, &now, ""
	job.Status = JobDone
	if err != nil {
		job.Status = JobFailed
		job.Error = &apiError{Message: err.Error(), Type: "server_error", Code: "ingest_failed",
			MessageKo: i18n.Localize(err, i18n.Ko), MessageEn: i18n.Localize(err, i18n.En)}
	}
	j.mu.Unlock()
	j.s.metrics.jobs.WithLabelValues(job.Status).Inc()
	j.keepFinished(job)
	j.s.log.Info("ingest job", "id", job.ID, "collection", job.Collection, "status", job.Status, "files", len(job.Paths))
}

// keptJobs is how many finished jobs stay listed across restarts.
const keptJobs = 200

// keepFinished writes a finished job's manifest in its final state, so
// GET /api/v1/jobs still lists it after a restart, and drops the oldest
// finished manifests beyond keptJobs.
func (j *jobs) keepFinished(job *Job) {
	j.mu.Lock()
	err := j.persist(job)
	var finished []*Job
	for _, x := range j.byID {
		if x.Finished != nil {
			finished = append(finished, x)
		}
	}
	sort.Slice(finished, func(a, b int) bool { return finished[a].Finished.After(*finished[b].Finished) })
	for _, old := range finished[min(len(finished), keptJobs):] {
		delete(j.byID, old.ID)
		_ = os.Remove(filepath.Join(j.dir, old.ID+".json"))
	}
	j.mu.Unlock()
	if err != nil {
		j.s.log.Warn("could not keep the finished job's record", "id", job.ID, "error", err)
	}
}

// resume queues the jobs a previous run left unfinished and lists the
// finished ones it kept.
func (j *jobs) resume() {
	if j.shared != nil || j.s.opt.NoIngest {
		return // the shared queue keeps unfinished jobs itself
	}
	entries, err := os.ReadDir(j.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(j.dir, e.Name()))
		var job Job
		if err != nil || json.Unmarshal(raw, &job) != nil || job.ID == "" {
			continue
		}
		if job.Status == JobDone || job.Status == JobFailed {
			j.mu.Lock()
			j.byID[job.ID] = &job // listed, not run again
			j.mu.Unlock()
			continue
		}
		job.Status, job.Done = JobQueued, 0
		j.mu.Lock()
		j.byID[job.ID] = &job
		j.mu.Unlock()
		select {
		case j.queue <- &job:
			j.s.log.Info("resuming ingest job", "id", job.ID, "collection", job.Collection)
		default:
		}
	}
}

// stop ends the worker; a running ingest is cancelled between files.
func (j *jobs) stop() {
	j.once.Do(func() {
		j.cancel()
		j.wg.Wait()
	})
}

// wait blocks until job id has finished or ctx ends (tests and the CLI).
func (j *jobs) wait(ctx context.Context, id string) (Job, error) {
	for {
		snap, ok := j.status(id)
		if !ok {
			return Job{}, errors.New("no such job")
		}
		if snap.Status == JobDone || snap.Status == JobFailed {
			return snap, nil
		}
		select {
		case <-ctx.Done():
			return snap, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// displayName is the uploaded file's name, without the server's folders.
func displayName(p string) string { return filepath.Base(p) }
