package loader

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/seogo/seogo/schema"
)

// CSVLoader reads comma- (or, with TSV, tab-) separated values. The first
// non-blank row is the header; each data row becomes one record rendered as
// "header: value" lines (empty values omitted) followed by a blank line, and
// one section. The section's heading is the row's first cell when that is
// not blank and at most 40 characters (a name, a product, a question: words
// worth boosting), else "행 N", N the 1-based data row number (rows of empty
// cells are skipped but counted; empty lines are not rows). Quotes are
// read leniently and rows may have any number of fields: cells beyond the
// header are named "column K". A file with only a header yields empty Text.
type CSVLoader struct {
	TSV bool
}

// Format names the format: "csv" or "tsv".
func (l CSVLoader) Format() string {
	if l.TSV {
		return "tsv"
	}
	return "csv"
}

// maxParseNotes bounds how many malformed rows are listed in the notes.
const maxParseNotes = 10

// Load implements Loader.
func (l CSVLoader) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	d, err := decode(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(d.text))
	if l.TSV {
		r.Comma = '\t'
	}
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true

	var (
		b       strings.Builder
		secs    []schema.Section
		header  []string
		row     int
		badRows []string // line numbers of malformed rows
	)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// With LazyQuotes this is rare; a malformed row is skipped and
			// the reader goes on with the next line.
			line, _ := r.FieldPos(0)
			if len(badRows) < maxParseNotes {
				badRows = append(badRows, strconv.Itoa(line))
			}
			if len(badRows) >= maxParseNotes {
				break
			}
			continue
		}
		if header == nil {
			if blankRecord(rec) {
				continue
			}
			header = make([]string, len(rec))
			for i, h := range rec {
				header[i] = columnName(h, i)
			}
			continue
		}
		row++
		if row%1024 == 0 {
			if err := checkContext(ctx); err != nil {
				return nil, err
			}
		}
		if blankRecord(rec) {
			continue
		}
		start := b.Len()
		for i, v := range rec {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			col := ""
			if i < len(header) {
				col = header[i]
			} else {
				col = columnName("", i)
			}
			b.WriteString(col)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteByte('\n')
		}
		secs = append(secs, schema.Section{Start: start, End: b.Len() - 1, Headings: []string{rowHeading(rec, row)}})
		b.WriteByte('\n')
	}
	if len(badRows) > 0 {
		d.notes = append(d.notes, both(noteBadRows, strings.Join(badRows, ", ")))
	}
	if len(secs) == 0 {
		d.notes = append(d.notes, both(noteHeaderOnly))
	}
	doc := newDocument(l.Format(), baseTitle(name), d, strings.TrimSuffix(b.String(), "\n"), secs)
	doc.Metadata["columns"] = strings.Join(header, ", ")
	doc.Metadata["rows"] = fmt.Sprint(len(secs))
	return doc, nil
}

// maxRowHeading is the longest first cell (in characters) that still names
// its row: longer ones are descriptions, not names.
const maxRowHeading = 40

// rowHeading is the heading of a CSV row: its first cell when that is short
// enough to be a name, else "행 N". A heading is indexed with a boost, so it
// must carry the row's own words: a fixed word such as "row" would match
// every row of every table.
func rowHeading(rec []string, row int) string {
	if len(rec) > 0 {
		if v := strings.Join(strings.Fields(rec[0]), " "); v != "" && utf8.RuneCountInString(v) <= maxRowHeading {
			return v
		}
	}
	return "행 " + strconv.Itoa(row)
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// columnName cleans a header cell; a blank one is named after its position.
func columnName(h string, i int) string {
	h = strings.Join(strings.Fields(h), " ")
	if h == "" {
		return fmt.Sprintf("column %d", i+1)
	}
	return h
}
