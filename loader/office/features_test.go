package office

import (
	"slices"
	"strings"
	"testing"
)

// Features the produced files do not exercise, on hand-written parts.
func TestDOCXFeatures(t *testing.T) {
	doc := `<w:document ` + wordNS + ` xmlns:mc="mc" xmlns:wps="wps" xmlns:v="v"><w:body>
<w:p><w:pPr><w:pStyle w:val="KoHeading"/></w:pPr><w:r><w:t>개요</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">남길 </w:t></w:r><w:del><w:r><w:delText>지운 글</w:delText></w:r></w:del><w:ins><w:r><w:t>넣은 글</w:t></w:r></w:ins><w:r><w:tab/><w:t>탭</w:t><w:br/><w:t>줄</w:t><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:char="2192"/></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r><w:r><w:t>링크</w:t></w:r></w:p>
<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>둘째 수준</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>첫째</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>둘째</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>글상자</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>글상자</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>닻</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>병합</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>가로</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>가</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>안1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>안2</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc><w:tc><w:p><w:r><w:t>나</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>본문 끝</w:t><w:footnoteReference w:id="1"/></w:r></w:p>
</w:body></w:document>`
	styles := `<w:styles ` + wordNS + `><w:style w:type="paragraph" w:styleId="KoHeading"><w:name w:val="제목 1"/></w:style></w:styles>`
	numbering := `<w:numbering ` + wordNS + `><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>`
	footnotes := `<w:footnotes ` + wordNS + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>각주 내용</w:t></w:r></w:p></w:footnote></w:footnotes>`
	rels := `<Relationships><Relationship Id="r1" Type="http://x/styles" Target="styles.xml"/><Relationship Id="r2" Type="http://x/numbering" Target="numbering.xml"/><Relationship Id="r3" Type="http://x/footnotes" Target="/word/footnotes.xml"/></Relationships>`
	data := makeZip(t, "word/document.xml", doc, "word/_rels/document.xml.rels", rels, "word/styles.xml", styles, "word/numbering.xml", numbering, "word/footnotes.xml", footnotes)
	d := load(t, "f.docx", data)
	want := "개요\n\n남길 넣은 글\t탭\n줄→링크\n\n둘째 수준\n\n1. 첫째\n2. 둘째\n\n닻\n\n글상자\n\n병합 | 가로 |\n병합 | 가 안1, 안2 | 나\n\n본문 끝\n\n각주 · Footnotes\n\n각주 내용"
	if d.Text != want {
		t.Errorf("text:\n%q\nwant\n%q", d.Text, want)
	}
	if h := sectionAt(t, d, "1. 첫째").Headings; !slices.Equal(h, []string{"개요", "둘째 수준"}) {
		t.Errorf("headings %q", h)
	}
}

func TestNumberFormats(t *testing.T) {
	for code, want := range map[string]numFormat{
		"General": numPlain, "0.00": numPlain, "#,##0\"원\"": numPlain, "@": numPlain,
		"yyyy-mm-dd": numDate, `yyyy"년" m"월" d"일"`: numDate, "mmm": numDate,
		"h:mm": numTime, "[h]:mm:ss": numTime, "h:mm AM/PM": numTime,
		"yyyy-mm-dd hh:mm": numDateTime, "[$-412]yyyy-mm-dd;@": numDate, `"day" 0`: numPlain,
	} {
		if got := classifyFormat(code); got != want {
			t.Errorf("classifyFormat(%q) = %d, want %d", code, got, want)
		}
	}
	for _, tc := range []struct {
		v    string
		f    numFormat
		d    bool
		want string
	}{
		{"43539", numDate, false, "2019-03-15"},
		{"43539.5", numDateTime, false, "2019-03-15 12:00:00"},
		{"0.75", numTime, false, "18:00:00"},
		{"1", numDate, false, "1900-01-01"},
		{"59", numDate, false, "1900-02-28"},
		{"61", numDate, false, "1900-03-01"},
		{"0", numDate, true, "1904-01-01"},
		{"abc", numDate, false, "abc"},
		{"-1", numDate, false, "-1"},
	} {
		if got := formatSerial(tc.v, tc.f, tc.d); got != tc.want {
			t.Errorf("formatSerial(%s) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// A sheet scattering single cells over many rows and columns must not be
// laid out as a rows×columns grid of holes.
func TestXLSXScattered(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<worksheet><sheetData>`)
	for i := range 20000 {
		col := ""
		for n := i%16000 + 1; n > 0; n = (n - 1) / 26 {
			col = string(rune('A'+(n-1)%26)) + col
		}
		b.WriteString(`<row r="` + itoa(i+1) + `"><c r="` + col + itoa(i+1) + `" t="inlineStr"><is><t>x</t></is></c></row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	data := makeZip(t,
		"xl/workbook.xml", `<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml", b.String())
	d := load(t, "s.xlsx", data)
	if len(d.Text) > 200000 {
		t.Errorf("text of %d bytes for 20,000 cells", len(d.Text))
	}
}
