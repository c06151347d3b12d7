package loader

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
)

// JSONLoader reads a JSON document. Every string, number and boolean value
// becomes a "path.to.key: value" line (array elements as "key[0]"; nulls and
// empty strings are left out), in document order. When the top level is an
// array of objects, each element is a record: its lines use paths relative
// to the element, followed by a blank line, in a section headed by the
// record's own "title", "name" or "id" string (the first present, when at
// most 100 characters), else "레코드 N" (see recordHeading). Otherwise the
// whole text is one section. Title is a top-level
// "title" (else "name") string, else the file name. A file holding several
// JSON values one after another is read as JSON Lines.
//
// Numbers and booleans are kept although they are not strings: "가격: 12000"
// is what a question about a price needs to find.
type JSONLoader struct{}

// Format names the format: "json".
func (JSONLoader) Format() string { return "json" }

// maxJSONDepth bounds nesting: deeper values are an error, not a stack risk.
const maxJSONDepth = 512

// Load implements Loader.
func (JSONLoader) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	d, err := decode(data)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(d.text))
	dec.UseNumber()
	var top json.RawMessage
	if err := dec.Decode(&top); err != nil {
		return nil, jsonError(d.text, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		doc, lerr := loadJSONLines(ctx, name, d, "json")
		if lerr != nil {
			return nil, i18n.Errorf("첫 JSON 값 뒤에 다른 내용이 있는데 JSON Lines도 아닙니다: %w",
				"text after the first JSON value, and not JSON Lines either: %w", lerr)
		}
		doc.Notes = append(doc.Notes, both(noteJSONLines))
		return doc, nil
	}

	var w recordWriter
	title := ""
	if elems, ok := objectArray(top); ok {
		for i, e := range elems {
			if i%1024 == 0 {
				if err := checkContext(ctx); err != nil {
					return nil, err
				}
			}
			if err := w.record(e, i+1); err != nil {
				return nil, err
			}
		}
	} else {
		fields, err := flattenJSON(top)
		if err != nil {
			return nil, err
		}
		for _, f := range fields {
			if (f.path == "title" || (f.path == "name" && title == "")) && f.isString {
				title = f.value
			}
		}
		w.whole(fields)
	}
	if title == "" {
		title = baseTitle(name)
	}
	text := strings.TrimSuffix(w.b.String(), "\n")
	if text == "" {
		d.notes = append(d.notes, both(noteNoValues))
	}
	return newDocument("json", title, d, text, w.secs), nil
}

// JSONLinesLoader reads JSON Lines (one JSON value per line). Each line is a
// record as in JSONLoader ("레코드 N" when it has no title, N the line number). A
// malformed line is skipped and listed in the notes; a file with no valid
// line is an error.
type JSONLinesLoader struct{}

// Format names the format: "jsonl".
func (JSONLinesLoader) Format() string { return "jsonl" }

// Load implements Loader.
func (JSONLinesLoader) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	d, err := decode(data)
	if err != nil {
		return nil, err
	}
	return loadJSONLines(ctx, name, d, "jsonl")
}

func loadJSONLines(ctx context.Context, name string, d decoded, format string) (*schema.Document, error) {
	var (
		w       recordWriter
		bad     []string
		nBad    int
		records int
	)
	text := d.text
	for lineNo, pos := 1, 0; pos < len(text); lineNo++ {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		line := strings.TrimSpace(text[pos:end])
		pos = end + 1
		if lineNo%1024 == 0 {
			if err := checkContext(ctx); err != nil {
				return nil, err
			}
		}
		if line == "" {
			continue
		}
		if !json.Valid([]byte(line)) {
			nBad++
			if len(bad) < maxParseNotes {
				bad = append(bad, strconv.Itoa(lineNo))
			}
			continue
		}
		if err := w.record(json.RawMessage(line), lineNo); err != nil {
			return nil, i18n.Errorf("%d번째 줄: %w", "line %d: %w", lineNo, err)
		}
		records++
	}
	if records == 0 && nBad > 0 {
		return nil, i18n.Errorf("올바른 JSON 줄이 하나도 없습니다(잘못된 줄 %d개)", "no line is valid JSON (%d malformed lines)", nBad)
	}
	if nBad > 0 {
		more := ""
		if nBad > len(bad) {
			more = ", ..."
		}
		note := noteBadJSONLines
		if nBad == 1 {
			note = noteBadJSONLine
		}
		d.notes = append(d.notes, both(note, nBad, strings.Join(bad, ", "), more))
	}
	out := strings.TrimSuffix(w.b.String(), "\n")
	if out == "" {
		d.notes = append(d.notes, both(noteNoValues))
	}
	return newDocument(format, baseTitle(name), d, out, w.secs), nil
}

// recordWriter renders flattened JSON values into text and sections.
type recordWriter struct {
	b    strings.Builder
	secs []schema.Section
}

// record renders record number n followed by a blank line, in its own
// section.
func (w *recordWriter) record(raw json.RawMessage, n int) error {
	fields, err := flattenJSON(raw)
	if err != nil {
		return err
	}
	start := w.b.Len()
	w.lines(fields)
	if w.b.Len() > start {
		w.secs = append(w.secs, schema.Section{Start: start, End: w.b.Len() - 1, Headings: []string{recordHeading(fields, n)}})
		w.b.WriteByte('\n')
	}
	return nil
}

// maxRecordHeading is the longest title (in characters) that heads a record.
const maxRecordHeading = 100

// recordHeading is the heading of record n: its top-level "title", "name" or
// "id" string, the first one present, else "레코드 N". A heading is indexed
// with a boost, so it must carry the record's own words: a fixed word such
// as "record" would match every record of every file.
func recordHeading(fields []jsonField, n int) string {
	for _, key := range []string{"title", "name", "id"} {
		for _, f := range fields {
			if f.path == key && f.isString {
				if v := strings.Join(strings.Fields(f.value), " "); v != "" && utf8.RuneCountInString(v) <= maxRecordHeading {
					return v
				}
				break
			}
		}
	}
	return "레코드 " + strconv.Itoa(n)
}

// whole renders a document that is not a list of records: one section.
func (w *recordWriter) whole(fields []jsonField) {
	w.lines(fields)
	if w.b.Len() > 0 {
		w.secs = append(w.secs, schema.Section{Start: 0, End: w.b.Len() - 1})
	}
}

func (w *recordWriter) lines(fields []jsonField) {
	for _, f := range fields {
		if f.path != "" {
			w.b.WriteString(f.path)
			w.b.WriteString(": ")
		}
		w.b.WriteString(f.value)
		w.b.WriteByte('\n')
	}
}

// jsonField is one scalar value and where it sits.
type jsonField struct {
	path     string
	value    string
	isString bool
}

// flattenJSON lists the scalar values of a JSON value in document order
// (a map would lose the order that makes the text readable).
func flattenJSON(raw json.RawMessage) ([]jsonField, error) {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var out []jsonField
	if err := walkJSON(dec, "", 0, &out); err != nil {
		return nil, jsonError(string(raw), err)
	}
	return out, nil
}

func walkJSON(dec *json.Decoder, path string, depth int, out *[]jsonField) error {
	if depth > maxJSONDepth {
		return i18n.Errorf("%d단계보다 깊게 중첩되어 있습니다", "nested deeper than %d levels", maxJSONDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := kt.(string)
				child := key
				if path != "" {
					child = path + "." + key
				}
				if err := walkJSON(dec, child, depth+1, out); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walkJSON(dec, path+"["+strconv.Itoa(i)+"]", depth+1, out); err != nil {
					return err
				}
			}
		}
		_, err := dec.Token() // the closing delimiter
		return err
	case string:
		if v = strings.TrimSpace(v); v != "" {
			*out = append(*out, jsonField{path, v, true})
		}
	case json.Number:
		*out = append(*out, jsonField{path, v.String(), false})
	case bool:
		*out = append(*out, jsonField{path, strconv.FormatBool(v), false})
	}
	return nil
}

// objectArray returns the elements of raw when it is a non-empty array
// whose elements are all objects.
func objectArray(raw json.RawMessage) ([]json.RawMessage, bool) {
	s := strings.TrimSpace(string(raw))
	if !strings.HasPrefix(s, "[") {
		return nil, false
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil || len(elems) == 0 {
		return nil, false
	}
	for _, e := range elems {
		if !strings.HasPrefix(strings.TrimSpace(string(e)), "{") {
			return nil, false
		}
	}
	return elems, true
}

// jsonError says where JSON broke, as a line number people can look up.
func jsonError(text string, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) && syn.Offset <= int64(len(text)) {
		line := strings.Count(text[:syn.Offset], "\n") + 1
		return i18n.Errorf("JSON 형식이 잘못되었습니다(%d번째 줄): %w", "invalid JSON at line %d: %w", line, err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return i18n.Errorf("JSON 형식이 잘못되었습니다: 값이 끝나기 전에 파일이 끝납니다(%w)",
			"invalid JSON: the file ends in the middle of a value: %w", err)
	}
	return i18n.Errorf("JSON 형식이 잘못되었습니다: %w", "invalid JSON: %w", err)
}
