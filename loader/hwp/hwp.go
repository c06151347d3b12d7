// Package hwp reads Hancom word-processor documents: HWP 5.0 (a binary OLE
// compound file of record streams) and HWPX (OWPML: a zip of XML parts).
//
// No Go library reads either well, so this package follows Hancom's published
// "한글 문서 파일 형식 5.0" and OWPML (KS X 6101) documents directly. Both
// loaders lay the body out with loader.Builder, in reading order:
//
//   - paragraphs become blocks; a paragraph whose ParaShape is an outline
//     level (개요 1-7) and that is short becomes a heading;
//   - tables become one line per row, cells joined by " | "; a table nested
//     in a cell is flattened into that cell's text;
//   - text boxes and other drawing objects that hold text are read where
//     they are anchored, after the text before their anchor;
//   - footnotes and endnotes are gathered and added after the body of the
//     section they belong to, so they never split a sentence of the body;
//   - headers, footers, master pages (바탕쪽), hidden comments (숨은 설명)
//     and equation scripts are left out: they repeat on every page or are
//     not prose, and would garble the body if read inline;
//   - pages come from the line layout Hancom saved in the file (the "first
//     line of a page" flag of each line segment), so sections carry the page
//     numbers the author saw.
package hwp

import (
	"bytes"
	"context"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// Errors returned (wrapped) by the loaders; test them with errors.Is.
var (
	// ErrDistribution: a distribution-protected document (배포용 문서) whose
	// protected body could not be decrypted and has no preview text.
	ErrDistribution = i18n.Errorf(
		"배포용(보호된) 한글 문서라 본문을 읽을 수 없습니다: 한글에서 배포용 설정을 해제해 다시 저장하거나 PDF로 내보낸 뒤 넣으세요",
		"distribution-protected HWP document (배포용 문서): its body cannot be read; remove the protection in Hancom Office and save again, or export it to PDF")
	// ErrEncrypted: a password-protected HWP or HWPX document.
	ErrEncrypted = i18n.Errorf(
		"암호가 걸린 한글 문서입니다: 한글에서 암호를 해제해 다시 저장한 뒤 넣으세요",
		"password-protected HWP document: remove the password in Hancom Office, save it again and add it once more")
	// ErrNotHWP: the bytes are not an HWP 5.0 or HWPX document (or are
	// damaged beyond reading).
	ErrNotHWP = i18n.Errorf(
		"HWP 5.0/HWPX 문서가 아니거나 손상된 파일입니다: 한글(2002 이후)에서 열어 HWP나 HWPX로 다시 저장해 보세요",
		"not an HWP 5.0/HWPX document, or a damaged one: open it in Hancom Office (2002 or later) and save it as HWP or HWPX again")
)

// Notes added to documents (non-fatal).
var (
	noteDistribution = i18n.Text{Ko: "배포용 문서: 보호된 본문을 해독해 읽음", En: "distribution-protected document: the protected body was decrypted and read"}
	notePreviewOnly  = i18n.Text{Ko: "배포용 문서라 본문 대신 미리보기 텍스트(앞부분 약 1KB)만 읽음", En: "distribution-protected document: only the preview text (about the first 1 KB) was read, not the body"}
	notePrivateUse   = i18n.Text{Ko: "글꼴 전용 문자(사용자 정의 영역) %d개를 뺌", En: "%d private-use characters (font-specific symbols) left out"}
	noteTruncated    = i18n.Text{Ko: "%s 스트림이 잘려 있거나 손상되어 읽은 데까지만 씀", En: "the %s stream is truncated or damaged: text up to the damage was kept"}
	noteSectionError = i18n.Text{Ko: "%s 스트림을 읽지 못해 건너뜀(%s)", En: "the %s stream could not be read and was skipped (%s)"}
	noteTooDeep      = i18n.Text{Ko: "너무 깊이 중첩된 개체(%d단계 초과)를 건너뜀", En: "objects nested deeper than %d levels were skipped"}
	noteTooMany      = i18n.Text{Ko: "레코드가 너무 많아(%d개 초과) 나머지를 건너뜀", En: "more than %d records: the rest was skipped"}
	noteOldVersion   = i18n.Text{Ko: "HWP %s 버전 문서: 5.0 형식으로 읽음", En: "HWP version %s: read as the 5.0 format"}
)

// Limits against hostile files. A real document's section stream is at most
// a few MiB; these leave room for giant documents while bounding memory.
const (
	maxStreamBytes = 256 << 20 // decompressed bytes of one stream
	maxTotalBytes  = 512 << 20 // decompressed bytes of all streams of one file
	maxRecords     = 4 << 20   // records in one file
	maxDepth       = 64        // nesting of lists inside controls (tables in tables, ...)
	maxSections    = 4096      // BodyText/SectionN streams
	ctxEvery       = 1024      // records between context checks
)

// Loader reads HWP 5.0 documents. The zero value is ready to use.
type Loader struct{}

// Format names the format in Document.Format.
func (Loader) Format() string { return "hwp" }

// oleMagic starts every OLE compound file (HWP 5.0, but also old .doc, .xls
// and encrypted OOXML).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// IsHWP reports whether head (the first bytes of a file; 8 are enough) starts
// like an OLE compound file, the container of HWP 5.0. Other OLE formats
// share the magic, so Load still checks the FileHeader stream.
func IsHWP(head []byte) bool { return bytes.HasPrefix(head, oleMagic) }

// Load reads an HWP 5.0 document.
func (l Loader) Load(ctx context.Context, name string, data []byte) (doc *schema.Document, err error) {
	if !IsHWP(data) {
		return nil, notHWP(i18n.Text{Ko: "OLE 복합 파일 서명이 없음", En: "no OLE compound-file signature"})
	}
	f, err := openFile(data)
	if err != nil {
		return nil, err
	}
	var b loader.Builder
	r := &reader{ctx: ctx, b: &b, file: f, size: len(data)}
	if err := r.read(); err != nil {
		return nil, err
	}
	return b.Document("hwp", name)
}

// notHWP wraps ErrNotHWP with the reason, in both languages.
func notHWP(why i18n.Text, args ...any) error {
	return i18n.Errorf("%w ("+why.Ko+")", "%w ("+why.En+")", append([]any{ErrNotHWP}, args...)...)
}
