#!/usr/bin/env python3
"""Builds the produced Korean test PDFs from known text.

source.txt: paragraphs (one a line) taken from Korean National Tax Service
rulings (public works, see ../SOURCE.md). The script writes two flat ODT files
and converts them with LibreOffice (fonts-nanum):
  ko_onecol.pdf  one column, a running header and a "- N -" footer on every page
  ko_twocol.pdf  the same text in two columns, no header/footer
Run: python3 make.py /path/to/hwp/real   (needs soffice on PATH)
"""
import glob, os, re, subprocess, sys
from xml.sax.saxutils import escape

def paragraphs(src):
    out = []
    for f in sorted(glob.glob(os.path.join(src, "*.expected.txt")))[:12]:
        t = re.sub(r"\s+", " ", open(f, encoding="utf-8").read()).strip()
        # one paragraph per [field] of the ruling
        for part in re.split(r"(?=\[(?:문서번호|제\s*목|요\s*지|회\s*신|관련법령)\])", t):
            part = re.sub(r"\s+", " ", part).strip()
            if part:
                out.append(part)
    return out

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="NanumMyeongjo" svg:font-family="NanumMyeongjo" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.25cm" fo:text-align="justify"/>
  <style:text-properties style:font-name="NanumMyeongjo" fo:font-size="11pt"
   style:font-name-asian="NanumMyeongjo" style:font-size-asian="11pt" fo:language="ko" fo:country="KR"
   style:language-asian="ko" style:country-asian="KR"/>
 </style:default-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Sect" style:family="section">
  <style:section-properties><style:columns fo:column-count="%(cols)d" fo:column-gap="1cm"/></style:section-properties>
 </style:style>
 <style:page-layout style:name="PL">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm"
   fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
  %(hfstyle)s
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="PL">%(hf)s</style:master-page>
</office:master-styles>
<office:body><office:text><text:section text:style-name="Sect" text:name="S">
"""
TAIL = "</text:section></office:text></office:body></office:document>\n"
HF = ('<style:header><text:p>국세청 질의회신 모음 · 부가가치세</text:p></style:header>'
      '<style:footer><text:p>- <text:page-number text:select-page="current">1</text:page-number> -</text:p></style:footer>')
HFSTYLE = '<style:header-style><style:header-footer-properties fo:min-height="0.8cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.8cm"/></style:footer-style>'

def write(name, paras, cols, hf):
    with open(name + ".fodt", "w", encoding="utf-8") as f:
        f.write(HEAD % {"cols": cols, "hf": HF if hf else "", "hfstyle": HFSTYLE if hf else ""})
        for p in paras:
            f.write("<text:p>%s</text:p>\n" % escape(p))
        f.write(TAIL)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", name + ".fodt"], check=True)
    os.remove(name + ".fodt")

paras = paragraphs(sys.argv[1])
with open("source.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(paras) + "\n")
write("ko_onecol", paras, 1, True)
write("ko_twocol", paras, 2, False)
