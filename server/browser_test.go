package server

import (
	"context"
	"github.com/seogo/seogo"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromium finds Debian's chromium (or $SEOGO_CHROMIUM).
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("SEOGO_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Skip("browser test skipped: chromium is not installed (apt-get install -y chromium, or set SEOGO_CHROMIUM)")
	return ""
}

// artifacts is where screenshots go: $SEOGO_ARTIFACTS, else a temp dir.
func artifacts(t *testing.T) string {
	if d := os.Getenv("SEOGO_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err == nil {
			return d
		}
	}
	return t.TempDir()
}

// The web UI in a real headless Chromium: upload Korean TXT and DOCX files
// plus a hostile one, ask, follow a citation to its passage, check that the
// hostile document stays inert, and reach the ask box by keyboard alone.
func TestBrowserUI(t *testing.T) {
	bin := chromium(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	ts := newTestServer(t, Options{})
	shots := artifacts(t)
	dir := t.TempDir()
	files := map[string]string{"배송안내.txt": docDelivery, "보안점검.txt": docXSS}
	var paths []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if docx, err := filepath.Abs("../loader/office/testdata/ko_guide.docx"); err == nil && fileExists(docx) {
		paths = append(paths, docx)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	// chromedp logs DOM events it does not model (the dialog top layer): noise.
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(string, ...any) {}))
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var buf []byte
			if err := chromedp.FullScreenshot(&buf, 100).Do(ctx); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name), buf, 0o644)
		})
	}

	// Upload, several files at once, and wait for the ingest summary.
	var summary string
	must(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.url+"/"),
		chromedp.WaitVisible("#ask-input", chromedp.ByID),
		chromedp.Click("#tab-docs", chromedp.ByID),
		chromedp.SetUploadFiles("#file-input", paths, chromedp.ByID),
		chromedp.WaitVisible(`//div[@id="ingest-summary"]/p`, chromedp.BySearch),
		chromedp.Text("#ingest-summary", &summary, chromedp.ByID),
		chromedp.WaitVisible(`//td[text()="보안점검.txt"]`, chromedp.BySearch),
		shot("upload.png"),
	))
	if !strings.Contains(summary, "추가 "+itoa(len(paths))) {
		t.Fatalf("ingest summary: %q", summary)
	}

	// Ask; the streamed answer cites the delivery guide; its citation opens
	// the passage with the cited span marked.
	var answer, mark, where string
	must(t, chromedp.Run(ctx,
		chromedp.Click("#tab-chat", chromedp.ByID),
		chromedp.SendKeys("#ask-input", "배송 상태는 어디에서 확인할 수 있나요?", chromedp.ByID),
		chromedp.Click("#ask-send", chromedp.ByID),
		chromedp.WaitVisible(".msg.assistant .cite", chromedp.ByQuery),
		chromedp.Text(".msg.assistant .body", &answer, chromedp.ByQuery),
		shot("answer.png"),
		chromedp.Click(".msg.assistant .cite", chromedp.ByQuery),
		chromedp.WaitVisible("#passage-mark", chromedp.ByID),
		chromedp.Text("#passage-mark", &mark, chromedp.ByID),
		chromedp.Text("#passage-where", &where, chromedp.ByID),
		shot("passage.png"),
		chromedp.Click("#passage-close", chromedp.ByID),
	))
	if !strings.Contains(answer, "마이페이지") || !strings.Contains(mark, "마이페이지") || !strings.Contains(where, "배송안내.txt") {
		t.Fatalf("answer %q, marked passage %q, at %q", answer, mark, where)
	}

	// The hostile document: its passage shows the tags as text, and
	// nothing ran.
	var passage string
	var xss any
	must(t, chromedp.Run(ctx,
		chromedp.Click("#chat-clear", chromedp.ByID),
		chromedp.SendKeys("#ask-input", "보안 점검 결과는 어떤가요?", chromedp.ByID),
		chromedp.Click("#ask-send", chromedp.ByID),
		chromedp.WaitVisible(".msg.assistant .cite", chromedp.ByQuery),
		chromedp.Click(".msg.assistant .cite", chromedp.ByQuery),
		chromedp.WaitVisible("#passage-mark", chromedp.ByID),
		chromedp.Text("#passage-text", &passage, chromedp.ByID),
		chromedp.Sleep(300*time.Millisecond), // an onerror would have fired by now
		chromedp.Evaluate(`window.__xss === undefined ? null : window.__xss`, &xss),
		shot("xss.png"),
		chromedp.Click("#passage-close", chromedp.ByID),
	))
	if xss != nil {
		t.Fatalf("the document's script ran: window.__xss = %v", xss)
	}
	if !strings.Contains(passage, "<script>window.__xss=1</script>") || !strings.Contains(passage, `<img src=x onerror=`) {
		t.Fatalf("the tags are not shown as text: %q", passage)
	}

	// Chat settings: with no LLM configured the model and temperature are
	// hidden and a notice says answers are quoted; the passages field starts
	// at the server's default, and a changed value travels with the question.
	var settingsHidden, noneHidden bool
	var k string
	var sent []string
	must(t, chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById("llm-settings").offsetParent === null`, &settingsHidden),
		chromedp.Evaluate(`document.getElementById("llm-none").offsetParent === null`, &noneHidden),
		chromedp.Value("#ask-k", &k, chromedp.ByID),
		chromedp.Evaluate(`window.__asked = []; const f0 = window.fetch; window.fetch = (u, o) => { if (u === "/api/v1/ask") window.__asked.push(o.body); return f0(u, o); }; true`, nil),
		chromedp.Click("#chat-clear", chromedp.ByID),
		chromedp.SetValue("#ask-k", "1", chromedp.ByID),
		chromedp.SendKeys("#ask-input", "배송 기간은 얼마나 걸리나요?", chromedp.ByID),
		chromedp.Click("#ask-send", chromedp.ByID),
		chromedp.WaitVisible(".msg.assistant .cite", chromedp.ByQuery),
		chromedp.Evaluate(`window.__asked`, &sent),
		shot("settings.png"),
	))
	if !settingsHidden || noneHidden {
		t.Errorf("with no LLM: model/temperature hidden %v, no-LLM notice hidden %v", settingsHidden, noneHidden)
	}
	if k != itoa(seogo.DefaultConfig().Answer.Passages) {
		t.Errorf("passages field starts at %q", k)
	}
	if len(sent) != 1 || !strings.Contains(sent[0], `"k":1`) || strings.Contains(sent[0], "temperature") || strings.Contains(sent[0], `"model"`) {
		t.Errorf("ask bodies sent: %q", sent)
	}

	// Keyboard only: Tab from the top of a fresh page reaches the ask box,
	// then the send button, and Enter sends.
	var seen []string
	must(t, chromedp.Run(ctx, chromedp.Navigate(ts.url+"/"), chromedp.WaitVisible("#ask-input", chromedp.ByID)))
	for i := 0; i < 30 && !(len(seen) > 0 && seen[len(seen)-1] == "ask-send"); i++ {
		var id string
		must(t, chromedp.Run(ctx, chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(`document.activeElement.id`, &id)))
		seen = append(seen, id)
	}
	if !contains(seen, "ask-input") || seen[len(seen)-1] != "ask-send" {
		t.Fatalf("Tab order never reached the ask box and the send button: %v", seen)
	}
	var focusedStyle string
	must(t, chromedp.Run(ctx,
		chromedp.Evaluate(`getComputedStyle(document.activeElement).outlineStyle`, &focusedStyle),
		chromedp.Focus("#ask-input", chromedp.ByID),
		chromedp.SendKeys("#ask-input", "배송 기간은 얼마나 걸리나요?"+kb.Enter, chromedp.ByID),
		chromedp.WaitVisible(".msg.assistant .cite", chromedp.ByQuery),
		chromedp.Text(".msg.assistant .body", &answer, chromedp.ByQuery),
		shot("keyboard.png"),
	))
	if focusedStyle == "none" {
		t.Error("the focused button shows no outline")
	}
	if !strings.Contains(answer, "2일") {
		t.Fatalf("keyboard-sent question: %q", answer)
	}
	t.Logf("screenshots in %s", shots)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
