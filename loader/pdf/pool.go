package pdf

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/seogo/seogo/i18n"
)

// PoolOptions configures a Pool. The zero value is ready to use.
type PoolOptions struct {
	// Workers is how many documents pdfium reads at once (0 → GOMAXPROCS,
	// at most 4). Each document gets a fresh WebAssembly instance, so one
	// hostile file never leaves state behind for the next.
	Workers int
	// CacheDir keeps wazero's compiled machine code between runs: compiling
	// pdfium.wasm costs 4–5 s of CPU and ~300 MB the first time, loading it
	// back ~0.1 s and ~25 MB. "" → os.UserCacheDir()/seogo/wazero, and when
	// that is unknown or not writable, no cache (every process compiles).
	CacheDir string
	// MemoryLimitMB bounds the WebAssembly memory of all workers together
	// (0 → 512): each worker gets MemoryLimitMB/Workers, at least 64 MB, so
	// a decompression bomb fails inside its instance with an error instead
	// of growing the process. The PDF itself is copied into that memory, so
	// a file larger than a worker's share cannot be read.
	MemoryLimitMB int
}

// Pool runs pdfium.wasm on wazero. It is safe for concurrent use. One Pool
// per process is enough: Loader uses a process-wide one, started on first
// use, when its Pool field is nil.
//
// The runtime is compiled WITHOUT wazero's CloseOnContextDone: that option
// makes every wasm loop iteration call back into Go, which measured 5–40×
// slower on the Korean samples (a 14-page report: 57 ms → 7 s). So a call
// into pdfium cannot be interrupted. Loader instead runs each document on
// its own goroutine and, when ctx ends or a step overruns its timeout,
// returns at once and abandons the instance: it is closed and dropped when
// pdfium comes back, and never reused. pdfium guards against reference
// loops itself; an abandoned instance only costs CPU until it returns.
type Pool struct {
	wasm  pdfium.Pool
	slots chan struct{} // one per worker; a Load holds one while pdfium works for it

	mu        sync.Mutex
	closed    bool
	running   sync.WaitGroup // goroutines still inside pdfium, abandoned ones included
	abandoned atomic.Int32   // instances whose Load gave up on them and that are still running
}

// ErrPoolClosed is returned by Load on a closed Pool.
var ErrPoolClosed error = i18n.Errorf("PDF 읽기 풀이 닫혔습니다", "the PDF reader pool is closed")

// NewPool compiles (or loads from the cache) pdfium.wasm and returns a pool
// ready to read documents.
func NewPool(opt PoolOptions) (*Pool, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), 4)
	}
	limitMB := opt.MemoryLimitMB
	if limitMB <= 0 {
		limitMB = 512
	}
	perWorkerMB := max(limitMB/workers, 64)

	// pdfium.wasm lowers setjmp/longjmp to WebAssembly exceptions: without
	// the exception-handling feature the module does not compile (and a
	// cache written with another feature set does not match).
	cfg := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(uint32(perWorkerMB) * 16) // 64 KiB pages
	if cache := compilationCache(opt.CacheDir); cache != nil {
		cfg = cfg.WithCompilationCache(cache)
	}
	wp, err := webassembly.Init(webassembly.Config{
		// Abandoned instances keep their pool object until pdfium returns;
		// the spare capacity lets new documents start meanwhile.
		MaxIdle:       workers,
		MaxTotal:      workers * 2,
		RuntimeConfig: cfg,
		// Documents are handed over as bytes: pdfium gets no file system
		// (go-pdfium would otherwise mount "/" into the sandbox).
		FSConfig: wazero.NewFSConfig(),
		Stdout:   io.Discard,
		Stderr:   io.Discard,
	})
	if err != nil {
		return nil, i18n.Errorf("PDF 엔진(pdfium.wasm)을 시작하지 못했습니다: %w", "could not start the PDF engine (pdfium.wasm): %w", err)
	}
	p := &Pool{wasm: wp, slots: make(chan struct{}, workers)}
	return p, nil
}

// compilationCache opens wazero's on-disk cache in dir (or the default
// place); nil when no directory can be used, which only costs start time.
func compilationCache(dir string) wazero.CompilationCache {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "seogo", "wazero")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	c, err := wazero.NewCompilationCacheWithDir(dir)
	if err != nil {
		return nil
	}
	return c
}

// Close stops the pool. Loads in progress finish first; instances abandoned
// inside pdfium cannot be stopped, so when there are any the engine is left
// to the garbage collector instead of waiting on them.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	if p.abandoned.Load() > 0 {
		return nil
	}
	p.running.Wait()
	return p.wasm.Close()
}

// acquire waits for a free worker slot and an instance.
func (p *Pool) acquire(ctx context.Context) (pdfium.Pdfium, func(), error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, nil, ErrPoolClosed
	}
	p.running.Add(1)
	p.mu.Unlock()
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		p.running.Done()
		return nil, nil, ctxError(ctx)
	}
	inst, err := p.wasm.GetInstanceWithContext(ctx)
	if err != nil {
		<-p.slots
		p.running.Done()
		if ctx.Err() != nil {
			return nil, nil, ctxError(ctx)
		}
		return nil, nil, i18n.Errorf("PDF 엔진 인스턴스를 얻지 못했습니다: %w", "could not get a PDF engine instance: %w", err)
	}
	var once sync.Once
	release := func() { once.Do(func() { <-p.slots }) }
	return inst, release, nil
}

// ctxError turns a finished context into the package's error.
func ctxError(ctx context.Context) error {
	err := ctx.Err()
	if errors.Is(err, context.DeadlineExceeded) {
		return i18n.Errorf("%w (%w)", "%w (%w)", ErrTimeout, err)
	}
	return i18n.Errorf("PDF 읽기를 멈췄습니다: %w", "PDF loading stopped: %w", err)
}

// The process-wide pool behind Loader{Pool: nil}. It is the package's only
// state: started on the first Load that needs it (never at import time) and
// kept for the life of the process, since starting pdfium is the expensive
// part and every later document reuses it.
var (
	defaultOnce sync.Once
	defaultPool *Pool
	defaultErr  error
)

func sharedPool() (*Pool, error) {
	defaultOnce.Do(func() { defaultPool, defaultErr = NewPool(PoolOptions{}) })
	return defaultPool, defaultErr
}
