#!/usr/bin/env python3
"""Writes the Korean source documents (HTML, flat ODS, flat ODP) and the text a
loader should extract from them (*.expected.txt). LibreOffice then converts
the sources into DOCX/ODT, XLSX/ODS and PPTX/ODP: see ../SOURCE.md.
The text is original, written for these tests (public domain, CC0)."""
import html, os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.dirname(here)

# ---- a Writer document: headings, paragraphs, lists, a table ----
doc = [
    ("h1", "서고 이용 안내"),
    ("p", "서고는 조직의 문서를 한곳에 모아 두고, 질문을 받으면 근거가 되는 문단을 찾아 출처와 함께 답하는 검색 시스템입니다. 이 안내서는 처음 쓰는 사람이 알아야 할 규정과 운영 시간을 정리한 것입니다."),
    ("h2", "대출 규정"),
    ("p", "자료는 누구나 열람할 수 있지만, 밖으로 가지고 나가려면 대출 신청을 해야 합니다. 다음 규정을 지켜 주세요."),
    ("ul", ["한 번에 다섯 권까지 빌릴 수 있습니다.", "대출 기간은 14일이며 한 번 연장할 수 있습니다.", "연체하면 하루에 100원의 연체료가 붙습니다."]),
    ("h2", "운영 시간"),
    ("p", "열람실과 사무실의 운영 시간은 아래 표와 같습니다."),
    ("table", [["요일", "열람실", "사무실"], ["평일", "09:00–21:00", "09:00–18:00"], ["토요일", "10:00–17:00", "휴무"], ["일요일·공휴일", "휴관", "휴무"]]),
    ("h3", "임시 휴관"),
    ("p", "정기 점검이 있는 매월 마지막 수요일에는 오후 두 시에 문을 닫습니다. 휴관 일정은 누리집 공지사항에서 미리 알려 드립니다."),
    ("h2", "자료 신청과 문의"),
    ("ol", ["신청서를 내려받아 작성합니다.", "담당자에게 전자우편으로 보냅니다.", "처리 결과는 사흘 안에 알려 드립니다."]),
    ("p", "궁금한 점은 전화 02-123-4567 또는 전자우편 help@example.kr로 문의해 주십시오. 한글 맞춤법과 띄어쓰기, 숫자 3.14와 영어 단어 Search도 그대로 남아야 합니다."),
]

def write_html():
    parts = ['<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8"><title>서고 이용 안내</title></head><body>']
    text = []
    for kind, v in doc:
        if kind in ("h1", "h2", "h3", "p"):
            parts.append(f"<{kind}>{html.escape(v)}</{kind}>")
            text.append(v)
        elif kind in ("ul", "ol"):
            parts.append(f"<{kind}>" + "".join(f"<li>{html.escape(i)}</li>" for i in v) + f"</{kind}>")
            text.append("\n".join(("- " if kind == "ul" else f"{n}. ") + i for n, i in enumerate(v, 1)))
        elif kind == "table":
            parts.append('<table border="1">' + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in v) + "</table>")
            text.append("\n".join(" | ".join(row) for row in v))
    parts.append("</body></html>\n")
    open(os.path.join(here, "ko_guide.html"), "w").write("\n".join(parts))
    open(os.path.join(out, "ko_guide.expected.txt"), "w").write("\n\n".join(text) + "\n")

# ---- a Calc workbook: two sheets, strings, numbers, a date, a boolean ----
sheets = [
    ("도서 목록", [
        [("s", "번호"), ("s", "제목"), ("s", "저자"), ("s", "출간일"), ("s", "쪽수"), ("s", "대출 가능")],
        [("f", "1"), ("s", "한국어 문법의 이해"), ("s", "김서연"), ("d", "2019-03-15"), ("f", "342"), ("b", "true")],
        [("f", "2"), ("s", "데이터로 읽는 도시"), ("s", "이준호"), ("d", "2021-11-02"), ("f", "288"), ("b", "false")],
        [("f", "3"), ("s", "바다와 등대의 역사"), ("s", "박민지"), ("d", "2017-07-30"), ("f", "415.5"), ("b", "true")],
    ]),
    ("대출 통계", [
        [("s", "월"), ("s", "대출 건수"), ("s", "반납률")],
        [("s", "1월"), ("f", "1250"), ("f", "0.97")],
        [("s", "2월"), ("f", "980"), ("f", "0.955")],
    ]),
]

def fods_cell(kind, v):
    if kind == "s":
        return f'<table:table-cell office:value-type="string"><text:p>{html.escape(v)}</text:p></table:table-cell>'
    if kind == "f":
        return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    if kind == "d":
        return f'<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{v}"><text:p>{v}</text:p></table:table-cell>'
    if kind == "b":
        return f'<table:table-cell table:style-name="ce2" office:value-type="boolean" office:boolean-value="{v}"><text:p>{v.upper()}</text:p></table:table-cell>'

def write_fods():
    body = []
    text = []
    for name, rows in sheets:
        body.append(f'<table:table table:name="{html.escape(name)}">')
        for row in rows:
            body.append("<table:table-row>" + "".join(fods_cell(k, v) for k, v in row) + "</table:table-row>")
        body.append("</table:table>")
        text.append(name)
        text.append("\n".join(" | ".join(v.upper() if k == "b" else v for k, v in row) for row in rows))
    fods = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N37"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<number:boolean-style style:name="N99"><number:boolean/></number:boolean-style>
<style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N99"/>
<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N37"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
{chr(10).join(body)}
</office:spreadsheet></office:body></office:document>
'''
    open(os.path.join(here, "ko_books.fods"), "w").write(fods)
    open(os.path.join(out, "ko_books.expected.txt"), "w").write("\n\n".join(text) + "\n")

# ---- an Impress presentation: titled slides, a table, an untitled slide, notes ----
slides = [
    ("서고 소개", ["조직의 문서를 모아 질문에 답합니다.", "모든 답에는 출처가 붙습니다."], None, "첫 장에서는 서고가 무엇인지 짧게 소개합니다."),
    ("운영 시간", None, [["요일", "열람실"], ["평일", "09:00–21:00"], ["토요일", "10:00–17:00"]], None),
    (None, ["제목이 없는 슬라이드의 본문입니다.", "마지막 장입니다."], None, "발표자 노트: 질문을 받습니다."),
]

def write_fodp():
    pages = []
    text = []
    notes_text = []
    for i, (title, lines, table, notes) in enumerate(slides, 1):
        p = [f'<draw:page draw:name="page{i}" draw:master-page-name="Default" presentation:presentation-page-layout-name="AL1T1">']
        part = []
        if title:
            p.append(f'<draw:frame draw:layer="layout" presentation:style-name="pr1" presentation:class="title" presentation:user-transformed="true" svg:x="1cm" svg:y="1cm" svg:width="25cm" svg:height="3cm"><draw:text-box><text:p>{html.escape(title)}</text:p></draw:text-box></draw:frame>')
            part.append(title)
        if lines:
            p.append('<draw:frame draw:layer="layout" presentation:style-name="pr2" presentation:class="outline" presentation:user-transformed="true" svg:x="1cm" svg:y="5cm" svg:width="25cm" svg:height="10cm"><draw:text-box>' + "".join(f"<text:p>{html.escape(l)}</text:p>" for l in lines) + '</draw:text-box></draw:frame>')
            part.append("\n".join(lines))
        if table:
            cols = len(table[0])
            rows = "".join("<table:table-row>" + "".join(f'<table:table-cell><text:p>{html.escape(c)}</text:p></table:table-cell>' for c in row) + "</table:table-row>" for row in table)
            p.append(f'<draw:frame svg:x="1cm" svg:y="5cm" svg:width="20cm" svg:height="6cm"><table:table><table:table-column table:number-columns-repeated="{cols}"/>{rows}</table:table></draw:frame>')
            part.append("\n".join(" | ".join(r) for r in table))
        if notes:
            p.append(f'<presentation:notes><draw:page-thumbnail presentation:class="page" svg:x="2cm" svg:y="2cm" svg:width="10cm" svg:height="7cm"/><draw:frame draw:layer="layout" presentation:style-name="pr3" presentation:class="notes" presentation:user-transformed="true" svg:x="2cm" svg:y="12cm" svg:width="17cm" svg:height="10cm"><draw:text-box><text:p>{html.escape(notes)}</text:p></draw:text-box></draw:frame></presentation:notes>')
            part.append(notes)
        p.append("</draw:page>")
        pages.append("".join(p))
        text.append("\n\n".join(part))
    fodp = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:styles><style:style style:name="Default-title" style:family="presentation"/><style:style style:name="Default-outline1" style:family="presentation"/><style:style style:name="Default-notes" style:family="presentation"/></office:styles>
<office:automatic-styles><style:style style:name="pr1" style:family="presentation" style:parent-style-name="Default-title"/><style:style style:name="pr2" style:family="presentation" style:parent-style-name="Default-outline1"/><style:style style:name="pr3" style:family="presentation" style:parent-style-name="Default-notes"/></office:automatic-styles>
<office:master-styles><style:master-page style:name="Default"><draw:frame presentation:style-name="Default-title" draw:layer="backgroundobjects" svg:width="25cm" svg:height="3cm" svg:x="1cm" svg:y="1cm" presentation:class="title" presentation:placeholder="true"><draw:text-box/></draw:frame><draw:frame presentation:style-name="Default-outline1" draw:layer="backgroundobjects" svg:width="25cm" svg:height="10cm" svg:x="1cm" svg:y="5cm" presentation:class="outline" presentation:placeholder="true"><draw:text-box/></draw:frame></style:master-page></office:master-styles>
<office:body><office:presentation>
{chr(10).join(pages)}
</office:presentation></office:body></office:document>
'''
    open(os.path.join(here, "ko_slides.fodp"), "w").write(fodp)
    open(os.path.join(out, "ko_slides.expected.txt"), "w").write("\n\n".join(text) + "\n")

write_html()
write_fods()
write_fodp()
