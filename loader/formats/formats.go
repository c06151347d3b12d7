// Package formats assembles the loader registry with every format seogo
// reads: the text formats of package loader, PDF (loader/pdf), HWP and HWPX
// (loader/hwp), and the Office and mail formats (loader/office). Its only
// job is the wiring, so the format packages stay independent of each other.
package formats

import (
	"context"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/loader/hwp"
	"github.com/seogo/seogo/loader/internal/safezip"
	"github.com/seogo/seogo/loader/office"
	"github.com/seogo/seogo/loader/pdf"
	"github.com/seogo/seogo/schema"
)

// Options configure the format loaders.
type Options struct {
	// PDFPassword opens encrypted PDFs.
	PDFPassword string
	// PDFPool runs PDF extraction; nil uses the process-wide default pool,
	// started on first use.
	PDFPool *pdf.Pool
	// SpeakerNotes includes PPTX speaker notes.
	SpeakerNotes bool
}

// NewRegistry returns a registry with every format seogo reads.
func NewRegistry(opt Options) *loader.Registry {
	r := loader.NewRegistry()
	r.Register(".pdf", pdf.Loader{Password: opt.PDFPassword, Pool: opt.PDFPool})
	r.Register(".hwp", hwp.Loader{})
	r.Register(".hwpx", hwp.XLoader{})
	for _, ext := range []string{".docx", ".docm"} {
		r.Register(ext, office.DOCX{})
	}
	for _, ext := range []string{".xlsx", ".xlsm"} {
		r.Register(ext, office.XLSX{})
	}
	for _, ext := range []string{".pptx", ".pptm"} {
		r.Register(ext, office.PPTX{Notes: opt.SpeakerNotes})
	}
	r.Register(".odt", office.ODT{})
	r.Register(".ods", office.ODS{})
	r.Register(".odp", office.ODP{Notes: opt.SpeakerNotes})
	r.Register(".eml", office.EML{})
	r.Register(".zip", container{r: r})
	return r
}

// container reads a zip whose extension does not say what it holds (a
// .docx saved as .zip, an extension-less HWPX): the entries decide.
type container struct{ r *loader.Registry }

func (container) Format() string { return "zip" }

// ErrUnknownZip is returned for a zip that holds no document seogo reads.
var ErrUnknownZip = i18n.Errorf("문서가 아닌 zip 파일입니다(DOCX, XLSX, PPTX, ODT, HWPX 가 아님): 압축을 풀어서 넣으세요",
	"a zip file that is not a document (not DOCX, XLSX, PPTX, ODT or HWPX): unpack it and ingest the files")

func (c container) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	var l loader.Loader
	f := office.SniffZip(data)
	if f == "" && isHWPX(data) {
		f = "hwpx"
	}
	if f != "" {
		l, _, _ = c.r.Lookup("x."+f, nil)
	}
	if l == nil {
		return nil, ErrUnknownZip
	}
	return l.Load(ctx, name, data)
}

// isHWPX recognises an HWPX (OWPML) package: its mimetype entry, or, in
// packages written without one, its section parts.
func isHWPX(data []byte) bool {
	z, err := safezip.Open(data, safezip.Limits{})
	if err != nil {
		return false
	}
	if b, err := z.Read("mimetype"); err == nil && strings.HasPrefix(strings.TrimSpace(string(b)), "application/hwp") {
		return true
	}
	return z.Has("Contents/section0.xml")
}
