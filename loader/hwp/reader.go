package hwp

import (
	"context"
	"errors"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
)

// reader holds the state of one HWP 5.0 load.
type reader struct {
	ctx    context.Context
	b      *loader.Builder
	file   *hwpFile
	size   int      // bytes of the whole file
	shapes []uint32 // ParaShape property 1, by id, from DocInfo
	pua    int      // private-use characters dropped
	recs   int      // records read so far, against maxRecords
	err    error    // a fatal error (cancellation) that stops the walk

	pages pager // pages from the saved line layout
}

func (r *reader) note(t i18n.Text, args ...any) { r.b.Note(t, args...) }

func (r *reader) checkContext() {
	if err := r.ctx.Err(); err != nil && r.err == nil {
		r.err = i18n.Errorf("읽기를 멈췄습니다: %w", "loading stopped: %w", err)
	}
}

// read lays out every section of the body.
func (r *reader) read() error {
	f := r.file
	if f.version>>24 < 5 {
		r.note(noteOldVersion, f.versionString())
	}
	r.b.Meta("hwp_version", f.versionString())
	r.readDocInfo()

	secs := f.sections("BodyText")
	dist := f.props&propDistribution != 0
	if view := f.sections("ViewText"); len(view) > 0 && (dist || len(secs) == 0) {
		secs, dist = view, true
	}
	if len(secs) == 0 {
		return notHWP(i18n.Text{Ko: "본문(BodyText) 스트림이 없음", En: "no BodyText streams"})
	}
	read := 0
	for _, path := range secs {
		if r.checkContext(); r.err != nil {
			return r.err
		}
		if r.section(path, dist) {
			read++
		}
		if r.err != nil {
			return r.err
		}
	}
	if r.pua > 0 {
		r.note(notePrivateUse, r.pua)
	}
	if !dist {
		return nil
	}
	if read > 0 && r.b.Len() > 0 {
		r.note(noteDistribution)
		return nil
	}
	// The protected body could not be read: the preview is better than
	// nothing, and the note says that it is only a preview.
	if prv := r.preview(); strings.TrimSpace(prv) != "" {
		r.b.Paragraph(prv)
		r.note(notePreviewOnly)
		return nil
	}
	return ErrDistribution
}

// section reads one section stream and reports whether it yielded records.
func (r *reader) section(path string, dist bool) bool {
	var data []byte
	var truncated bool
	var err error
	if dist {
		data, truncated, err = r.distributed(path)
	} else {
		data, truncated, err = r.file.stream(path, r.size)
	}
	if err != nil {
		if !errors.Is(err, errNoDistKey) {
			r.note(noteSectionError, path, i18n.Localize(err, i18n.En))
		}
		return false
	}
	recs, cut, over := parseRecords(data, maxRecords-r.recs)
	r.recs += len(recs)
	if truncated || cut {
		r.note(noteTruncated, path)
	}
	if over {
		r.note(noteTooMany, maxRecords)
	}
	if len(recs) == 0 {
		return false
	}
	w := &walker{r: r, recs: recs, ends: subtreeEnds(recs)}
	w.list(0, len(recs), 0, bodySink{r.b, r.outlineLevel})
	for _, n := range w.notes {
		r.b.Paragraph(n)
	}
	return true
}

// readDocInfo reads the paragraph shapes, to know which paragraphs are
// outline headings. A damaged DocInfo only costs the headings.
func (r *reader) readDocInfo() {
	data, _, err := r.file.stream("DocInfo", r.size)
	if err != nil {
		return
	}
	recs, _, _ := parseRecords(data, maxRecords-r.recs)
	r.recs += len(recs)
	for _, rec := range recs {
		if rec.tag == tagParaShape {
			p, _ := u32(rec.data, 0)
			r.shapes = append(r.shapes, p)
		}
	}
}

// outlineLevel is the heading level (1-7) of a paragraph shape whose head
// type is "outline" (개요), or 0.
func (r *reader) outlineLevel(shape int) int {
	if shape < 0 || shape >= len(r.shapes) {
		return 0
	}
	p := r.shapes[shape]
	if p>>paraShapeHeadShift&3 != 1 {
		return 0
	}
	return int(p>>paraShapeLevelShift&7) + 1
}

// pageBefore moves to a new page when a top-level paragraph's first line
// starts one.
func (r *reader) pageBefore(segs []byte) {
	if len(segs) < lineSegSize {
		return
	}
	r.pageLine(segs[:lineSegSize])
	r.b.Page(r.pages.page)
}

// pageAfter counts the pages that begin inside a paragraph: the next
// paragraph starts on the last of them.
func (r *reader) pageAfter(segs []byte) {
	for off := lineSegSize; off+lineSegSize <= len(segs); off += lineSegSize {
		r.pageLine(segs[off : off+lineSegSize])
	}
}

// pageLine feeds one line segment (spec 4.2.4) to the pager.
func (r *reader) pageLine(seg []byte) {
	vpos, _ := u32(seg, 4)
	tag, _ := u32(seg, 32)
	r.pages.line(int32(vpos), tag&lineSegFirstOfPage != 0)
}

// preview reads the PrvText stream: UTF-16LE text of the first page or so,
// which Hancom stores unprotected even in distribution documents.
func (r *reader) preview() string {
	b, err := r.file.raw("PrvText", 1<<20)
	if err != nil {
		return ""
	}
	text, pua := plainUTF16(b)
	r.pua += pua
	return text
}
