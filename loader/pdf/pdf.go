// Package pdf reads the text layer of PDF files with pdfium compiled to
// WebAssembly (github.com/klippa-app/go-pdfium on wazero): no cgo, no
// external program, and a hostile file stays inside a sandbox with bounded
// memory.
//
// Each page becomes a section with its page number. On top of pdfium's text
// the loader re-orders two-column pages, drops running headers and footers,
// and drops pages whose text is unreadable (fonts without a Unicode map,
// scans without a text layer) with a note saying they need OCR.
package pdf

import (
	"bytes"
	"context"
	"strconv"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// Errors Load returns (wrapped); test them with errors.Is.
var (
	ErrEncrypted = i18n.Errorf(
		"암호로 보호된 PDF입니다: 암호를 알려 주거나 암호를 푼 사본을 넣으세요",
		"the PDF is encrypted: give its password or add a decrypted copy")
	ErrNeedsOCR = i18n.Errorf(
		"PDF에 읽을 수 있는 텍스트가 없습니다(스캔 이미지이거나 글꼴에 유니코드 정보가 없음): OCR로 텍스트를 만든 뒤 넣으세요",
		"the PDF has no readable text (a scan, or fonts without Unicode mapping): run OCR on it and add the result")
	ErrNotPDF = i18n.Errorf(
		"PDF 파일이 아닙니다(비었거나 손상됨): 원본 파일을 다시 받아 넣으세요",
		"not a PDF file (empty or damaged): get the original file again")
	ErrTimeout = i18n.Errorf(
		"PDF 읽기가 제한 시간을 넘었습니다(비정상적으로 복잡하거나 악의적인 파일일 수 있음): 파일을 확인하거나 제한 시간을 늘리세요",
		"reading the PDF took too long (the file may be abnormally complex or hostile): check the file or raise the timeout")
)

// DefaultPageTimeout is how long pdfium may work on opening a document or
// on one page before Load gives up with ErrTimeout.
const DefaultPageTimeout = 10 * time.Second

// Loader reads PDF files. The zero value is ready to use.
type Loader struct {
	Password string // for encrypted PDFs (optional)
	Pool     *Pool  // nil → a process-wide pool, started on first use
	// PageTimeout bounds the time pdfium may spend opening the document or
	// reading any one page (0 → DefaultPageTimeout), so an endless or
	// exponential file ends with ErrTimeout however long the document is.
	// The whole document is bounded by the ctx given to Load.
	PageTimeout time.Duration
}

// Format is the loader's name for the format.
func (Loader) Format() string { return "pdf" }

// IsPDF reports whether head (the first bytes of a file) looks like a PDF:
// "%PDF-" within the first 1024 bytes, as readers accept junk before it.
func IsPDF(head []byte) bool {
	return bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-"))
}

// Load extracts the text of every page. It never panics on hostile input;
// it returns ErrNotPDF, ErrEncrypted, ErrNeedsOCR, ErrTimeout or a
// cancellation error, wrapped.
func (l Loader) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	if !IsPDF(data) {
		return nil, ErrNotPDF
	}
	pool := l.Pool
	if pool == nil {
		var err error
		if pool, err = sharedPool(); err != nil {
			return nil, err
		}
	}
	raw, err := pool.extract(ctx, data, l.Password, cmpOr(l.PageTimeout, DefaultPageTimeout))
	if err != nil {
		return nil, err
	}
	return build(name, raw)
}

// extract runs one document on its own goroutine and watches it: the
// caller returns as soon as ctx ends or a step overruns timeout, while the
// goroutine is left to finish (pdfium cannot be interrupted, see Pool).
func (p *Pool) extract(ctx context.Context, data []byte, password string, timeout time.Duration) (rawDoc, error) {
	inst, release, err := p.acquire(ctx)
	if err != nil {
		return rawDoc{}, err
	}
	type result struct {
		doc rawDoc
		err error
	}
	done := make(chan result, 1)
	progress := make(chan struct{}, 1)
	quit := make(chan struct{}) // closed when the caller gives up
	go func() {
		defer p.running.Done()
		ex := &extractor{inst: inst, step: func() bool {
			select {
			case <-quit:
				return false
			case progress <- struct{}{}:
			default:
			}
			return true
		}}
		doc, err := ex.run(data, password)
		// Instances are never reused (ReuseWorkers is off): Close drops it.
		_ = inst.Close()
		select {
		case <-quit:
			p.abandoned.Add(-1)
		default:
		}
		release()
		done <- result{doc, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	giveUp := func(err error) (rawDoc, error) {
		p.abandoned.Add(1)
		close(quit)
		// The slot goes back now so other documents are not starved by one
		// stuck in pdfium; Pool sizes its engine with spare instances.
		release()
		return rawDoc{}, err
	}
	for {
		select {
		case r := <-done:
			return r.doc, r.err
		case <-progress:
			timer.Reset(timeout)
		case <-timer.C:
			select { // finished at the last moment
			case r := <-done:
				return r.doc, r.err
			default:
			}
			return giveUp(i18n.Errorf("%w(한 단계에 %s 넘게 걸림)", "%w (one step took over %s)", ErrTimeout, timeout.String()))
		case <-ctx.Done():
			return giveUp(ctxError(ctx))
		}
	}
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// build turns pdfium's pages into a Document: unreadable pages out, running
// headers and footers out, columns in reading order.
func build(name string, raw rawDoc) (*schema.Document, error) {
	var b loader.Builder
	b.Meta("pages", strconv.Itoa(len(raw.pages)))
	if raw.title != "" {
		b.Meta("title", raw.title)
	}
	if raw.author != "" {
		b.Meta("author", raw.author)
	}
	pages := make([][]line, len(raw.pages))
	var unreadable, scanned []int
	for i, pg := range raw.pages {
		switch classify(pg) {
		case pageEmpty:
			scanned = append(scanned, i+1)
		case pageGarbage:
			unreadable = append(unreadable, i+1)
		default:
			pages[i] = order(cleanLines(pg.lines))
		}
	}
	if len(raw.pages) > 0 && len(unreadable)+len(scanned) == len(raw.pages) {
		if len(unreadable) > 0 {
			return nil, i18n.Errorf("%w(읽을 수 없는 쪽 %d, 텍스트 없는 쪽 %d)", "%w (%d unreadable pages, %d without text)", ErrNeedsOCR, len(unreadable), len(scanned))
		}
		return nil, i18n.Errorf("%w(텍스트 층이 없는 스캔 문서)", "%w (a scan without a text layer)", ErrNeedsOCR)
	}
	for _, n := range unreadable {
		b.Note(noteUnreadable, n)
	}
	for _, n := range scanned {
		b.Note(noteScanned, n)
	}
	if removed := dropRunning(pages); removed > 0 {
		b.Note(noteRunning, removed)
	}
	bad := 0
	for i, lines := range pages {
		if len(lines) == 0 {
			continue
		}
		b.Page(i + 1)
		for _, block := range blocks(lines) {
			text, n := stripBad(block)
			bad += n
			b.Paragraph(text)
		}
	}
	if bad > 0 {
		b.Note(noteBadRunes, bad)
	}
	// The title stays the file name (Builder's choice): PDF info titles are
	// often a producer's placeholder ("untitled", "Microsoft Word - x.doc");
	// the info title is kept in the metadata.
	return b.Document("pdf", name)
}

// Notes added to documents; each has its Korean and English text.
var (
	noteUnreadable = i18n.Text{Ko: "%d쪽: 텍스트를 읽을 수 없어 OCR이 필요함", En: "page %d: unreadable text, needs OCR"}
	noteScanned    = i18n.Text{Ko: "%d쪽: 텍스트 층이 없는 스캔 쪽", En: "page %d: scanned page, no text layer"}
	noteRunning    = i18n.Text{Ko: "쪽마다 반복되는 머리글·꼬리글 %d줄을 뺌", En: "%d repeated header/footer lines removed"}
	noteBadRunes   = i18n.Text{Ko: "읽을 수 없는 글자 %d개(�, 사용자 정의 영역, 제어 문자)를 뺌", En: "%d unreadable characters (�, private use, control) removed"}
)
