#!/usr/bin/env python3
"""Writes the Korean test mails: an EUC-KR quoted-printable one as Korean
Outlook writes it (ks_c_5601-1987 labels, encoded-word headers), and a UTF-8
multipart/alternative one (base64 plain text + HTML) with an attachment.
Expected body text goes to *.expected.txt. Original text, CC0."""
import base64, os, quopri
from email.header import Header

out = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

body1 = ("안녕하십니까, 서고 운영팀입니다.\n\n"
         "다음 주 월요일부터 열람실 운영 시간이 오전 아홉 시부터 오후 아홉 시까지로 바뀝니다. "
         "대출 기간은 예전과 같이 14일이며, 연체료는 하루에 100원입니다.\n\n"
         "궁금한 점은 이 메일에 답장해 주십시오.\n감사합니다.\n")
subj1 = "[공지] 열람실 운영 시간 변경 안내"
hdr = lambda s, cs: Header(s, cs).encode()
qp = quopri.encodestring(body1.encode("euc-kr")).decode("ascii")
mail1 = (
    "Return-Path: <notice@example.kr>\r\n"
    f"From: {hdr('서고 운영팀', 'euc-kr').replace('euc-kr', 'ks_c_5601-1987')} <notice@example.kr>\r\n"
    f"To: {hdr('홍길동', 'euc-kr')} <hong@example.kr>\r\n"
    f"Subject: {hdr(subj1, 'euc-kr').replace('euc-kr', 'ks_c_5601-1987')}\r\n"
    "Date: Mon, 3 Mar 2025 09:30:00 +0900\r\n"
    "Message-ID: <20250303093000.1234@example.kr>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=\"ks_c_5601-1987\"\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n" + qp.replace("\n", "\r\n"))
open(os.path.join(out, "ko_notice_euckr_qp.eml"), "wb").write(mail1.encode("ascii"))
open(os.path.join(out, "ko_notice_euckr_qp.expected.txt"), "w").write(subj1 + "\n\n" + body1)

body2 = ("김서연 님께\n\n"
         "신청하신 「바다와 등대의 역사」가 도착했습니다. 사흘 안에 안내 데스크에서 찾아가 주세요.\n\n"
         "서고 드림\n")
html2 = ("<html><head><meta charset=\"utf-8\"></head><body><p>김서연 님께</p>"
         "<p>신청하신 <b>「바다와 등대의 역사」</b>가 도착했습니다. 사흘 안에 안내 데스크에서 찾아가 주세요.</p>"
         "<p>서고 드림</p></body></html>")
subj2 = "신청 도서 도착 알림"
b64 = lambda s: "\r\n".join(base64.b64encode(s.encode("utf-8")).decode()[i:i+76] for i in range(0, len(base64.b64encode(s.encode("utf-8"))), 76))
mail2 = (
    "From: =?UTF-8?B?7ISc6rOg?= <desk@example.kr>\r\n"
    "To: kim@example.kr\r\n"
    f"Subject: {hdr(subj2, 'utf-8')}\r\n"
    "Date: Tue, 4 Mar 2025 14:05:00 +0900\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "This is a multi-part message in MIME format.\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=\"alt\"\r\n"
    "\r\n"
    "--alt\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n" + b64(body2) + "\r\n"
    "--alt\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n" + b64(html2) + "\r\n"
    "--alt--\r\n"
    "--outer\r\n"
    "Content-Type: application/pdf; name=\"=?UTF-8?B?7JWI64K0LnBkZg==?=\"\r\n"
    "Content-Disposition: attachment; filename=\"guide.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK\r\n"
    "--outer--\r\n")
open(os.path.join(out, "ko_arrival_alternative.eml"), "wb").write(mail2.encode("ascii"))
open(os.path.join(out, "ko_arrival_alternative.expected.txt"), "w").write(subj2 + "\n\n" + body2)
