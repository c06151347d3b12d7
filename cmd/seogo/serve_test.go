package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveProc is a running `seogo serve`.
type serveProc struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	stderr *lockedLog
	done   chan error
}

// lockedLog is the server's stderr, written by the reader goroutine.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) add(s string) { l.mu.Lock(); l.b.WriteString(s); l.mu.Unlock() }
func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls the log for want for a few seconds.
func (l *lockedLog) waitFor(want string) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(l.String(), want) {
			return true
		}
	}
	return false
}

var servingRE = regexp.MustCompile(`http://(127\.0\.0\.1:\d+)`)

// startServe runs the real binary's serve command on a free loopback port
// and waits for the line that names the address.
func startServe(t *testing.T, dir string, args ...string) *serveProc {
	t.Helper()
	cmd := exec.Command(seogoBin, append([]string{"serve", "--addr", "127.0.0.1:0", "--lang", "en"}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "TMPDIR=" + os.TempDir()}
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, stderr: &lockedLog{}, done: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			p.stderr.add(line + "\n")
			if m := servingRE.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
	})
	select {
	case addr := <-found:
		p.base = "http://" + addr
	case err := <-p.done:
		t.Fatalf("seogo serve exited: %v\n%s", err, p.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("seogo serve did not start:\n%s", p.stderr)
	}
	return p
}

func (p *serveProc) get(t *testing.T, path, key string) (int, string) {
	t.Helper()
	return p.call(t, "GET", path, key, "")
}

func (p *serveProc) call(t *testing.T, method, path, key, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequestWithContext(context.Background(), method, p.base+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw)
}

// stop sends SIGTERM and expects a clean exit.
func (p *serveProc) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("seogo serve did not exit cleanly on SIGTERM: %v\n%s", err, p.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("seogo serve ignored SIGTERM:\n%s", p.stderr)
	}
}

// TestServeBinary runs the interface the issue names: `seogo serve --addr
// 127.0.0.1:PORT --data-dir DIR` serves the UI, health, metrics, REST and
// OpenAI-compatible APIs without auth on loopback; refuses a public address
// without keys; once a key exists, demands it, and a revocation reaches the
// running server; SIGTERM ends it cleanly.
func TestServeBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server")
	}
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(docs, "환불.md"), "# 환불 규정\n\n상품을 받은 날부터 7일 이내에 환불을 신청할 수 있습니다.\n")
	data := filepath.Join(dir, "store")
	mustOK(t, runSeogo(t, dir, "ingest", "docs", "--data-dir", data, "--analyzer", "bigram"))

	p := startServe(t, dir, "--data-dir", data)
	if !p.stderr.waitFor("without authentication") {
		t.Errorf("no notice that the server is open:\n%s", p.stderr)
	}
	for _, tc := range []struct{ path, want string }{
		{"/healthz", ""}, {"/readyz", ""}, {"/", "seogo"}, {"/api/v1/openapi.json", `"openapi"`},
		{"/v1/models", "seogo/default"}, {"/metrics", "seogo_http_request_duration_seconds"},
	} {
		if code, body := p.get(t, tc.path, ""); code != 200 || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %d %.300s", tc.path, code, body)
		}
	}
	code, body := p.call(t, "POST", "/api/v1/search", "", `{"query":"환불은 며칠 안에 신청하나요?","k":1}`)
	if code != 200 || !strings.Contains(body, "7일 이내") {
		t.Fatalf("search: %d %s", code, body)
	}
	p.stop(t)

	// A public address without keys is refused, saying what to do.
	r := runSeogo(t, dir, "serve", "--addr", "0.0.0.0:0", "--data-dir", data, "--lang", "en")
	if r.code == 0 || !strings.Contains(r.stderr, "keys create") {
		t.Fatalf("public address without keys: exit %d\n%s", r.code, r.stderr)
	}

	// With a key, the key is needed; revoking it closes the running server.
	var created struct {
		Key    struct{ ID string } `json:"key"`
		Secret string              `json:"secret"`
	}
	kr := runSeogo(t, dir, "keys", "create", "--role", "reader", "--data-dir", data, "--json")
	mustOK(t, kr)
	if err := json.Unmarshal([]byte(kr.stdout), &created); err != nil || !strings.HasPrefix(created.Secret, "sg_") {
		t.Fatalf("keys create: %v %q", err, kr.stdout)
	}
	keep := runSeogo(t, dir, "keys", "create", "--role", "admin", "--data-dir", data)
	mustOK(t, keep)
	p = startServe(t, dir, "--data-dir", data)
	search := `{"query":"환불","k":1}`
	if code, _ := p.call(t, "POST", "/api/v1/search", "", search); code != 401 {
		t.Fatalf("no key: %d", code)
	}
	if code, body := p.call(t, "POST", "/api/v1/search", created.Secret, search); code != 200 {
		t.Fatalf("reader key: %d %s", code, body)
	}
	mustOK(t, runSeogo(t, dir, "keys", "revoke", created.Key.ID, "--data-dir", data))
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, _ := p.call(t, "POST", "/api/v1/search", created.Secret, search)
		if code == 401 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the revoked key still works: %d", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.stop(t)
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
