package office

import (
	"context"
	"encoding/xml"
	"slices"
	"strings"

	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// maxSheetCells bounds the non-empty cells read from one sheet (or one ODS
// table); the rest are skipped with a note, so a generated million-row
// export cannot take the whole ingest with it.
const maxSheetCells = 1_000_000

// XLSX reads Excel workbooks (.xlsx, .xlsm). Each sheet, in workbook order,
// is one page (its 1-based position) under a heading with the sheet's name,
// and one table: a row per spreadsheet row, empty rows and columns left out.
// Cells show their stored value: shared and inline strings (rich text runs
// joined, phonetic guides left out), numbers as written in the file,
// TRUE/FALSE, error codes, and dates as ISO 8601 when the cell's number
// format is a date or time format. Formulas show their cached result.
type XLSX struct{}

// Format names the format: "xlsx".
func (XLSX) Format() string { return "xlsx" }

// Load implements loader.Loader.
func (XLSX) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	p, err := openPackage(ctx, data, "XLSX")
	if err != nil {
		return nil, err
	}
	main, err := p.mainPart("spreadsheetml.sheet.main", "xl/workbook.xml", "XLSX")
	if err != nil {
		return nil, err
	}
	rels, err := p.rels(main)
	if err != nil {
		return nil, err
	}
	x := &xlsx{b: &loader.Builder{}}
	sheets, err := x.workbook(p, main)
	if err != nil {
		return nil, err
	}
	if x.shared, err = sharedStrings(p, rels.byType(relSharedStrings)); err != nil {
		return nil, err
	}
	if x.formats, err = cellFormats(p, rels.byType(relStyles)); err != nil {
		return nil, err
	}
	title := p.coreProps(x.b)
	if len(sheets) == 0 {
		x.b.Note(noteNoSheets)
	}
	var missing []string
	seen := map[string]bool{}
	for i, sh := range sheets {
		if i >= maxParts {
			x.b.Note(noteTooMany, maxParts)
			break
		}
		rl := rels.byID[sh.rid]
		if seen[rl.target] {
			continue // a sheet listed twice: a damaged or hostile file
		}
		seen[rl.target] = true
		if rl.target == "" || !p.zip.Has(rl.target) {
			missing = append(missing, sh.name)
			continue
		}
		if rl.typ != relWorksheet {
			continue // a chart or dialog sheet: no cells
		}
		r, err := p.xml(rl.target)
		if err != nil {
			return nil, err
		}
		rows, err := x.sheet(r, sh.name)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			continue
		}
		if sh.hidden {
			x.b.Note(noteHidden)
		}
		x.b.Page(i + 1)
		x.b.Heading(1, sh.name)
		x.b.Table(rows)
	}
	if len(missing) > 0 {
		x.b.Note(noteMissing, strings.Join(missing, ", "))
	}
	return finish(x.b, "xlsx", name, title)
}

type sheetRef struct {
	name, rid string
	hidden    bool
}

type xlsx struct {
	b        *loader.Builder
	shared   []string
	formats  []numFormat // by cell style index (the c element's s)
	date1904 bool
}

// workbook lists the sheets in tab order and reads the date system.
func (x *xlsx) workbook(p *pkg, part string) ([]sheetRef, error) {
	r, err := p.xml(part)
	if err != nil {
		return nil, err
	}
	var sheets []sheetRef
	err = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "workbookPr":
			x.date1904 = onOffAttr(attr(se, "date1904"))
		case "sheet":
			sheets = append(sheets, sheetRef{name: attr(se, "name"), rid: relID(se), hidden: attr(se, "state") != "" && attr(se, "state") != "visible"})
		case "definedNames", "extLst", "bookViews":
			return r.skip()
		}
		return nil
	}, nil)
	return sheets, err
}

func onOffAttr(v string) bool { return v == "1" || v == "true" || v == "on" }

// sharedStrings reads the shared string table: rich text runs are joined;
// phonetic runs (rPh, furigana) are not the cell's text.
func sharedStrings(p *pkg, part string) ([]string, error) {
	r, err := p.xml(part)
	if r == nil || err != nil {
		return nil, err
	}
	var out []string
	err = r.walk(func(se xml.StartElement) error {
		if se.Name.Local != "si" {
			return nil
		}
		s, err := richText(r)
		out = append(out, s)
		return err
	}, nil)
	return out, err
}

// richText reads a string item (si, is) whose start was just read.
func richText(r *xmlReader) (string, error) {
	var b strings.Builder
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "t":
			s, err := r.text()
			b.WriteString(s)
			return err
		case "rPh", "rPr", "phoneticPr":
			return r.skip()
		}
		return nil
	}, nil)
	return b.String(), err
}

// cell is one non-empty cell of a sheet row.
type cell struct {
	col  int
	text string
}

// sheet reads a worksheet into rows of the non-empty columns.
func (x *xlsx) sheet(r *xmlReader, name string) ([][]string, error) {
	var rows [][]cell
	n, capped := 0, false
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "row":
			var row []cell
			err := r.walk(func(se xml.StartElement) error {
				if se.Name.Local != "c" {
					return nil
				}
				col, ok := columnOf(attr(se, "r"))
				if !ok {
					col = len(row)
					if len(row) > 0 {
						col = row[len(row)-1].col + 1
					}
				}
				text, err := x.cell(r, se)
				if err != nil || strings.TrimSpace(text) == "" {
					return err
				}
				if n >= maxSheetCells {
					capped = true
					return nil
				}
				n++
				row = append(row, cell{col, text})
				return nil
			}, nil)
			if len(row) > 0 {
				rows = append(rows, row)
			}
			return err
		case "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "mergeCells",
			"conditionalFormatting", "dataValidations", "hyperlinks", "pageMargins", "pageSetup",
			"headerFooter", "drawing", "legacyDrawing", "extLst", "AlternateContent":
			return r.skip()
		}
		return nil
	}, nil)
	if capped {
		x.b.Note(noteCellCap, name, maxSheetCells)
	}
	return gridRows(rows), err
}

// gridRows lays sparse rows out on the columns that hold a value in any
// row, so empty columns do not become runs of " |  | ". A sheet whose
// aligned grid would be mostly holes (a hostile one scattering cells over
// thousands of rows and columns) keeps each row's own cells instead, so the
// grid never costs more than a few times the cells it holds.
func gridRows(rows [][]cell) [][]string {
	used := map[int]int{}
	n := 0
	for _, row := range rows {
		n += len(row)
		for _, c := range row {
			used[c.col] = 0
		}
	}
	if int64(len(rows))*int64(len(used)) > 4*int64(max(n, maxSheetCells/4)) {
		out := make([][]string, 0, len(rows))
		for _, row := range rows {
			line := make([]string, len(row))
			for i, c := range row {
				line[i] = c.text
			}
			out = append(out, line)
		}
		return out
	}
	cols := make([]int, 0, len(used))
	for c := range used {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for i, c := range cols {
		used[c] = i
	}
	out := make([][]string, 0, len(rows))
	for _, row := range rows {
		line := make([]string, len(cols))
		for _, c := range row {
			i := used[c.col]
			if line[i] != "" { // two cells claim one column (no or bad refs): keep both
				line[i] += " " + c.text
				continue
			}
			line[i] = c.text
		}
		out = append(out, line)
	}
	return out
}

// cell returns the displayed value of a c element whose start was just read.
func (x *xlsx) cell(r *xmlReader, c xml.StartElement) (string, error) {
	var v, inline string
	hasInline := false
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "v":
			s, err := r.text()
			v = s
			return err
		case "is":
			s, err := richText(r)
			inline, hasInline = s, true
			return err
		case "f", "extLst":
			return r.skip()
		}
		return nil
	}, nil)
	if err != nil {
		return "", err
	}
	switch attr(c, "t") {
	case "s":
		i := attrIntStr(strings.TrimSpace(v))
		if i >= 0 && i < len(x.shared) {
			return x.shared[i], nil
		}
		return "", nil
	case "inlineStr":
		return inline, nil
	case "b":
		switch strings.TrimSpace(v) {
		case "1", "true":
			return "TRUE", nil
		case "0", "false":
			return "FALSE", nil
		}
		return v, nil
	case "str", "e", "d":
		return v, nil
	}
	if hasInline && v == "" {
		return inline, nil
	}
	if s := attrInt(c, "s", 0); s < len(x.formats) && x.formats[s] != numPlain {
		return formatSerial(strings.TrimSpace(v), x.formats[s], x.date1904), nil
	}
	return strings.TrimSpace(v), nil
}

// columnOf turns a cell reference ("B12", "AA3") into a 0-based column.
func columnOf(ref string) (int, bool) {
	col, letters := 0, 0
	for _, ch := range ref {
		switch {
		case ch >= 'A' && ch <= 'Z':
			col = col*26 + int(ch-'A'+1)
		case ch >= 'a' && ch <= 'z':
			col = col*26 + int(ch-'a'+1)
		default:
			if letters == 0 {
				return 0, false
			}
			return col - 1, col <= 16384
		}
		letters++
		if letters > 3 {
			return 0, false
		}
	}
	return 0, false
}

func attrIntStr(s string) int {
	n := 0
	if s == "" || len(s) > 9 {
		return -1
	}
	for _, ch := range s {
		if ch < '0' || ch > '9' {
			return -1
		}
		n = n*10 + int(ch-'0')
	}
	return n
}
