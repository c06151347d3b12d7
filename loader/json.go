package loader

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/seogo/seogo/schema"
)

// JSONLoader reads a JSON document. Every string, number and boolean value
// becomes a "path.to.key: value" line (array elements as "key[0]"; nulls and
// empty strings are left out), in document order. When the top level is an
// array of objects, each element is a record: its lines use paths relative
// to the element, followed by a blank line, in a section with Headings
// ["record N"]. Otherwise the whole text is one section. Title is a top-level
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
			return nil, fmt.Errorf("text after the first JSON value, and not JSON Lines either: %w", lerr)
		}
		doc.Notes = append(doc.Notes, "several JSON values in one file: read as JSON Lines")
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
			if err := w.record(e, fmt.Sprintf("record %d", i+1)); err != nil {
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
		d.notes = append(d.notes, "no values to index: only nulls, empty strings or empty containers")
	}
	return newDocument("json", title, d, text, w.secs), nil
}

// JSONLinesLoader reads JSON Lines (one JSON value per line). Each line is a
// record as in JSONLoader, with Headings ["record N"], N the line number. A
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
		if err := w.record(json.RawMessage(line), fmt.Sprintf("record %d", lineNo)); err != nil {
			return nil, fmt.Errorf("line %d: %w", lineNo, err)
		}
		records++
	}
	if records == 0 && nBad > 0 {
		return nil, fmt.Errorf("no line is valid JSON (%d malformed lines)", nBad)
	}
	if nBad > 0 {
		more := ""
		if nBad > len(bad) {
			more = ", ..."
		}
		d.notes = append(d.notes, fmt.Sprintf("%d malformed JSON %s skipped (line %s%s)", nBad, plural(nBad, "line", "lines"), strings.Join(bad, ", "), more))
	}
	out := strings.TrimSuffix(w.b.String(), "\n")
	if out == "" {
		d.notes = append(d.notes, "no values to index: only nulls, empty strings or empty containers")
	}
	return newDocument(format, baseTitle(name), d, out, w.secs), nil
}

// recordWriter renders flattened JSON values into text and sections.
type recordWriter struct {
	b    strings.Builder
	secs []schema.Section
}

// record renders one record followed by a blank line, in its own section.
func (w *recordWriter) record(raw json.RawMessage, label string) error {
	fields, err := flattenJSON(raw)
	if err != nil {
		return err
	}
	start := w.b.Len()
	w.lines(fields)
	if w.b.Len() > start {
		w.secs = append(w.secs, schema.Section{Start: start, End: w.b.Len() - 1, Headings: []string{label}})
		w.b.WriteByte('\n')
	}
	return nil
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
		return fmt.Errorf("nested deeper than %d levels", maxJSONDepth)
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
		return fmt.Errorf("invalid JSON at line %d: %w", line, err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("invalid JSON: the file ends in the middle of a value: %w", err)
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
