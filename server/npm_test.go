package server

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The official openai npm package against the server. The test command
// installs it (cd server/testdata/npm && npm install); without node or the
// package the test skips and says so.
func TestOpenAINpmPackage(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("npm client test skipped: node is not installed")
	}
	dir, _ := filepath.Abs("testdata/npm")
	if !fileExists(filepath.Join(dir, "node_modules", "openai", "package.json")) {
		t.Skip("npm client test skipped: the openai package is not installed (cd server/testdata/npm && npm install)")
	}
	k := newKeyed(t, Options{})
	cmd := exec.Command(node, "check.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SEOGO_URL="+k.url, "SEOGO_KEY="+k.reader)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("openai npm client: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
