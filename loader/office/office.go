// Package office reads office documents: Office Open XML (DOCX, PPTX,
// XLSX), OpenDocument (ODT, ODS, ODP) and RFC 5322 mail (.eml). Each format
// is a small recursive-descent reader over a streaming encoding/xml decoder
// (xmlwalk.go) that feeds a loader.Builder, so headings, pages (slides,
// sheets) and tables come out laid out like every other structured format.
//
// Every zip is opened through safezip (zip-bomb limits), every XML part is
// read with a nesting cap, and damage anywhere becomes an error that says
// what the user can do, never a panic.
package office

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"path"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/loader/internal/safezip"
	"github.com/seogo/seogo/schema"
)

// Sentinel errors, wrapped with details; test them with errors.Is.
var (
	// ErrEncrypted: the file is password-protected (an OOXML file encrypted
	// by Office is an OLE container holding EncryptionInfo, not a zip).
	ErrEncrypted = i18n.Errorf(
		"암호로 보호된 문서입니다: Office(파일 > 정보 > 문서 보호 > 암호 설정에서 암호 지우기)나 LibreOffice(다른 이름으로 저장에서 '암호로 저장' 해제)에서 암호를 제거하고 다시 저장하세요",
		"the document is password-protected: remove the password in Office (File > Info > Protect > Encrypt with Password, clear it) or LibreOffice (Save As, untick 'Save with password') and save it again")
	// ErrNotOffice: the bytes are not the Office/OpenDocument container the
	// name promises (a renamed file, a truncated download, an old binary
	// .doc/.xls/.ppt).
	ErrNotOffice = i18n.Errorf(
		"Office 문서(OOXML/OpenDocument)가 아니거나 손상된 파일입니다",
		"not an Office (OOXML/OpenDocument) document, or a damaged one")
)

// Relationship types are matched by their last path element, because the
// strict and transitional OOXML schemas use different URI prefixes.
const (
	relOfficeDocument = "officeDocument"
	relStyles         = "styles"
	relNumbering      = "numbering"
	relFootnotes      = "footnotes"
	relEndnotes       = "endnotes"
	relSlide          = "slide"
	relNotesSlide     = "notesSlide"
	relWorksheet      = "worksheet"
	relSharedStrings  = "sharedStrings"
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// pkg is an opened container: the zip plus the context every part read
// shares.
type pkg struct {
	ctx context.Context
	zip *safezip.Reader
}

// openPackage opens data as a zip container, telling encrypted OOXML, old
// binary Office files and other formats apart so the error says what to do.
func openPackage(ctx context.Context, data []byte, kind string) (*pkg, error) {
	if err := ctx.Err(); err != nil {
		return nil, i18n.Errorf("읽기를 멈췄습니다: %w", "loading stopped: %w", err)
	}
	if bytes.HasPrefix(data, oleMagic) {
		// Office writes an encrypted OOXML file as an OLE compound file with
		// the streams EncryptionInfo and EncryptedPackage; directory names
		// are UTF-16LE.
		if bytes.Contains(data, utf16le("EncryptionInfo")) || bytes.Contains(data, utf16le("EncryptedPackage")) {
			return nil, ErrEncrypted
		}
		return nil, notOffice(i18n.Text{
			Ko: "Office 97-2003 형식(.doc/.xls/.ppt) 또는 다른 OLE 파일입니다: Office나 LibreOffice에서 %s 형식으로 다시 저장하세요",
			En: "an Office 97-2003 file (.doc/.xls/.ppt) or another OLE file: save it as %s from Office or LibreOffice"}, kind)
	}
	if len(data) == 0 {
		return nil, notOffice(i18n.Text{Ko: "빈 파일입니다", En: "the file is empty"})
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return nil, notOffice(i18n.Text{
			Ko: "zip 컨테이너가 아닙니다(%s): 확장자가 내용과 맞는지 확인하세요",
			En: "not a zip container (%s): check that the extension matches the content"}, describeHead(data))
	}
	z, err := safezip.Open(data, safezip.Limits{})
	if err != nil {
		return nil, wrapAs(ErrNotOffice, err)
	}
	return &pkg{ctx: ctx, zip: z}, nil
}

// notOffice wraps ErrNotOffice with a reason.
func notOffice(reason i18n.Text, args ...any) error {
	t := i18n.Text{Ko: ErrNotOffice.Text.Ko + ": " + reason.Ko, En: ErrNotOffice.Text.En + ": " + reason.En}
	return &i18n.Error{Text: t, Args: args, Err: ErrNotOffice}
}

// wrapAs shows sentinel then err, and makes errors.Is find sentinel.
func wrapAs(sentinel *i18n.Error, err error) error {
	return &i18n.Error{Text: i18n.Text{Ko: "%v: %v", En: "%v: %v"}, Args: []any{sentinel, err}, Err: sentinel}
}

// describeHead names what a non-zip file looks like, for the error.
func describeHead(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "PDF"
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return "RTF"
	case bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\ufeff"), []byte("<")):
		return "XML/HTML"
	}
	return "unknown"
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// read returns a part's bytes, or nil when it does not exist (optional
// parts: styles, numbering, notes).
func (p *pkg) read(name string) ([]byte, error) {
	if name == "" || !p.zip.Has(name) {
		return nil, nil
	}
	if err := p.ctx.Err(); err != nil {
		return nil, i18n.Errorf("읽기를 멈췄습니다: %w", "loading stopped: %w", err)
	}
	b, err := p.zip.Read(name)
	if errors.Is(err, safezip.ErrEncrypted) {
		return nil, wrapAs(ErrEncrypted, err)
	}
	return b, err
}

// xml opens a part for reading; nil when absent.
func (p *pkg) xml(name string) (*xmlReader, error) {
	b, err := p.read(name)
	if b == nil || err != nil {
		return nil, err
	}
	return newXMLReader(p.ctx, name, b), nil
}

// rel is one relationship of a part.
type rel struct{ id, typ, target string }

// relSet is a part's relationships, by id for the slide and sheet lists
// (a hostile list can name thousands) and in order for lookups by type.
type relSet struct {
	list []rel
	byID map[string]rel
}

// rels reads the relationships of part ("" for the package) with targets
// resolved to part names. External targets (hyperlinks) are dropped.
func (p *pkg) rels(part string) (relSet, error) {
	dir, file := path.Split(part)
	set := relSet{byID: map[string]rel{}}
	r, err := p.xml(dir + "_rels/" + file + ".rels")
	if r == nil || err != nil {
		return set, err
	}
	err = r.walk(func(se xml.StartElement) error {
		if se.Name.Local != "Relationship" || strings.EqualFold(attr(se, "TargetMode"), "External") {
			return nil
		}
		typ := attr(se, "Type")
		typ = typ[strings.LastIndex(typ, "/")+1:]
		t := attr(se, "Target")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(path.Clean(t), "/")
		} else {
			t = strings.TrimPrefix(path.Clean("/"+dir+t), "/")
		}
		rl := rel{id: attr(se, "Id"), typ: typ, target: t}
		set.list = append(set.list, rl)
		if _, dup := set.byID[rl.id]; !dup {
			set.byID[rl.id] = rl
		}
		return nil
	}, nil)
	return set, err
}

// byType returns the target of the first relationship of the type.
func (s relSet) byType(typ string) string {
	for _, r := range s.list {
		if r.typ == typ {
			return r.target
		}
	}
	return ""
}

// maxParts bounds the slides or sheets read from one file: real decks and
// workbooks have hundreds at most, and each costs a zip lookup.
const maxParts = 10000

// mainPart finds the package's main document part: the officeDocument
// relationship, else the [Content_Types].xml override whose content type
// contains ctHint, else the conventional name.
func (p *pkg) mainPart(ctHint, conventional, kind string) (string, error) {
	rs, err := p.rels("")
	if err != nil {
		return "", err
	}
	if t := rs.byType(relOfficeDocument); t != "" && p.zip.Has(t) {
		return t, nil
	}
	if r, err := p.xml("[Content_Types].xml"); err == nil && r != nil {
		var found string
		_ = r.walk(func(se xml.StartElement) error {
			if found == "" && se.Name.Local == "Override" && strings.Contains(attr(se, "ContentType"), ctHint) {
				found = strings.TrimPrefix(attr(se, "PartName"), "/")
			}
			return nil
		}, nil)
		if found != "" && p.zip.Has(found) {
			return found, nil
		}
	}
	if p.zip.Has(conventional) {
		return conventional, nil
	}
	return "", notOffice(i18n.Text{
		Ko: "%s 문서의 본문 부분(%s)이 없습니다: 확장자가 내용과 맞는지 확인하세요",
		En: "the %s main part (%s) is missing: check that the extension matches the content"}, kind, conventional)
}

// coreProps copies docProps/core.xml's title and creator into the builder's
// metadata and returns the title.
func (p *pkg) coreProps(b *loader.Builder) string {
	r, err := p.xml("docProps/core.xml")
	if r == nil || err != nil {
		return ""
	}
	var title string
	_ = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "title", "creator", "subject":
			s, err := r.text()
			if s = strings.TrimSpace(s); s != "" {
				key := map[string]string{"title": "title", "creator": "author", "subject": "subject"}[se.Name.Local]
				b.Meta(key, s)
				if key == "title" {
					title = s
				}
			}
			return err
		}
		return nil
	}, nil)
	return title
}

// finish builds the document, preferring the container's own title.
func finish(b *loader.Builder, format, name, title string) (*schema.Document, error) {
	doc, err := b.Document(format, name)
	if doc != nil && strings.TrimSpace(title) != "" {
		doc.Title = strings.Join(strings.Fields(title), " ")
	}
	return doc, err
}

// Notes the office loaders add to documents.
var (
	noteFootnotes  = i18n.Text{Ko: "각주·미주를 문서 끝에 붙임", En: "footnotes and endnotes appended at the end"}
	noteCellCap    = i18n.Text{Ko: "시트 %q의 셀이 %d개를 넘어 나머지를 건너뜀", En: "sheet %q has more than %d cells: the rest were skipped"}
	noteHidden     = i18n.Text{Ko: "숨겨진 시트·슬라이드도 포함함", En: "hidden sheets or slides included"}
	noteAttachment = i18n.Text{Ko: "첨부 파일은 읽지 않음: %s", En: "attachments not read: %s"}
	noteNoSheets   = i18n.Text{Ko: "통합 문서에 시트 목록이 없음(손상된 파일일 수 있음)", En: "the workbook lists no sheets (a damaged file?)"}
	noteTooMany    = i18n.Text{Ko: "슬라이드·시트가 %d개를 넘어 나머지를 건너뜀", En: "more than %d slides or sheets: the rest were skipped"}
	noteMissing    = i18n.Text{Ko: "빠진 부분을 건너뜀: %s", En: "missing parts skipped: %s"}
)
