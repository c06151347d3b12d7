package office

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"time"
)

// numFormat is what a cell's number format means for its text: a number
// shown as stored, or a serial day number shown as a date, a time or both.
type numFormat uint8

const (
	numPlain numFormat = iota
	numDate
	numTime
	numDateTime
)

// cellFormats reads xl/styles.xml: the kind of number format of each cell
// style (cellXfs, indexed by a cell's s attribute).
func cellFormats(p *pkg, part string) ([]numFormat, error) {
	r, err := p.xml(part)
	if r == nil || err != nil {
		return nil, err
	}
	custom := map[int]numFormat{}
	var ids []int
	err = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "numFmt":
			custom[attrInt(se, "numFmtId", -1)] = classifyFormat(attr(se, "formatCode"))
		case "cellXfs":
			return r.walk(func(se xml.StartElement) error {
				if se.Name.Local == "xf" {
					ids = append(ids, attrInt(se, "numFmtId", 0))
					return r.skip()
				}
				return nil
			}, nil)
		case "cellStyleXfs", "fonts", "fills", "borders", "dxfs", "colors", "extLst", "cellStyles", "tableStyles":
			return r.skip()
		}
		return nil
	}, nil)
	out := make([]numFormat, len(ids))
	for i, id := range ids {
		if f, ok := custom[id]; ok {
			out[i] = f
		} else {
			out[i] = builtinFormat(id)
		}
	}
	return out, err
}

// builtinFormat classifies the number formats ECMA-376 (18.8.30) predefines,
// with the East Asian date ids Excel uses in Korean, Japanese and Chinese
// locales.
func builtinFormat(id int) numFormat {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return numDate
	case id >= 18 && id <= 21, id >= 45 && id <= 47, id == 32, id == 33:
		return numTime
	case id == 22:
		return numDateTime
	}
	return numPlain
}

// classifyFormat reads a custom format code: literal text ("…", \x, _x,
// *x) and [colour]/[locale] sections do not count; y or d mean a date, h or s
// a time, and m alone a month.
func classifyFormat(code string) numFormat {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	var date, tm bool
	if strings.EqualFold(code, "general") || code == "@" {
		return numPlain
	}
	for _, ampm := range []string{"AM/PM", "am/pm", "A/P", "a/p", "오전/오후"} {
		if strings.Contains(code, ampm) {
			tm = true
			code = strings.ReplaceAll(code, ampm, "")
		}
	}
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				break
			}
			if inner := strings.ToLower(code[i+1 : i+j]); inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss" {
				tm = true // elapsed time
			}
			i += j
		case 'y', 'Y', 'd', 'D':
			date = true
		case 'h', 'H', 's', 'S':
			tm = true
		case 'm', 'M':
			if !tm {
				date = true // a month, unless it follows an hour (minutes)
			}
		}
	}
	switch {
	case date && tm:
		return numDateTime
	case date:
		return numDate
	case tm:
		return numTime
	}
	return numPlain
}

// formatSerial renders a spreadsheet serial date in ISO 8601. Values that
// are not numbers, or out of any plausible date range, stay as stored.
func formatSerial(v string, f numFormat, date1904 bool) string {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || x < 0 || x > 2958465 { // 9999-12-31
		return v
	}
	t := serialTime(x, date1904)
	switch f {
	case numDate:
		if x < 1 && !date1904 {
			return v // 0 is "1900-01-00" in Excel: not a real date
		}
		return t.Format("2006-01-02")
	case numTime:
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04:05")
}

// serialTime converts a serial day number. The 1900 system counts a
// non-existent 1900-02-29 (serial 60, a Lotus 1-2-3 bug Excel kept), so
// serials before it are one day off a plain count from 1899-12-30.
func serialTime(x float64, date1904 bool) time.Time {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	} else if x < 61 {
		base = base.AddDate(0, 0, 1)
	}
	days := math.Floor(x)
	secs := math.Round((x - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
}
