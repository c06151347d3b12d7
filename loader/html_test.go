package loader

import (
	"reflect"
	"strings"
	"testing"
)

const htmlPage = `<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>서고 &amp; 도움말</title>
<style>body { color: red; } h1 > p {}</style>
<script>var x = "<h1>가짜</h1>"; if (a < b) {}</script>
</head>
<body>
<!-- 주석 <h1>숨김</h1> -->
<h1>배송 안내</h1>
<p>주문 후 &lt;3일&gt; 이내에&nbsp;배송됩니다. &#xD55C;&#44544; OK</p>
<script type="text/javascript">document.write("</p>보이지 않음")</script>
<noscript>자바스크립트를 켜세요</noscript>
<template><p>템플릿</p></template>
<div hidden>숨겨진 글</div>
<div style="display: none">이것도 숨김</div>
<h2 class='sub'>배송 조회</h2>
<p>조회는
   <b>마이페이지</b>에서
합니다.<br>전화도 됩니다.</p>
<ul><li>택배사 확인</li><li>송장 번호 입력</li></ul>
<h3>해외 배송</h3>
<table><tr><th>국가</th><th>기간</th></tr><tr><td>미국</td><td>7일</td></tr></table>
<h2>반품</h2>
<pre>
  코드  블록
</pre>
</body></html>`

func TestHTML(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		data  []byte
		title string
		want  []section
		notes []string
	}{
		{
			name: "page with head, scripts, entities and nested headings", file: "help.html", data: []byte(htmlPage),
			title: "서고 & 도움말",
			want: []section{
				{"배송 안내\n\n주문 후 <3일> 이내에 배송됩니다. 한글 OK\n\n", []string{"배송 안내"}},
				{"배송 조회\n\n조회는 마이페이지에서 합니다.\n전화도 됩니다.\n\n- 택배사 확인\n- 송장 번호 입력\n\n", []string{"배송 안내", "배송 조회"}},
				{"해외 배송\n\n국가\t기간\n미국\t7일\n\n", []string{"배송 안내", "배송 조회", "해외 배송"}},
				{"반품\n\n  코드  블록", []string{"배송 안내", "반품"}},
			},
		},
		{
			name: "euc-kr declared by meta http-equiv", file: "old.htm",
			data: eucKR(t, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">`+
				`</head><body><h1>공지사항</h1><p>서버 점검 안내입니다.</p></body></html>`),
			title: "공지사항",
			want:  []section{{"공지사항\n\n서버 점검 안내입니다.", []string{"공지사항"}}},
			notes: []string{"<meta charset> 선언에 따라 EUC-KR에서 UTF-8로 변환함 · converted from EUC-KR (declared by <meta charset>)"},
		},
		{
			name: "meta charset euc-kr but content already utf-8", file: "resaved.html",
			data:  []byte(`<meta charset=EUC-KR><p>이미 UTF-8</p>`),
			title: "resaved",
			want:  []section{{"이미 UTF-8", nil}},
		},
		{
			name: "no title, preamble, ordered and nested lists", file: "/x/목록.html",
			data:  []byte(`<p>머리말</p><h2>절차</h2>설명<ol><li>신청<ul><li>온라인</li></ul></li><li>승인</li></ol>끝`),
			title: "목록",
			want: []section{
				{"머리말\n\n", nil},
				{"절차\n\n설명\n\n1. 신청\n  - 온라인\n2. 승인\n\n끝", []string{"절차"}},
			},
		},
		{
			name: "malformed markup", file: "bad.html",
			data:  []byte(`<h2>열린 제목<p>3 < 5 그리고 x<1 <a title="a>b" href=x>링크</a> <img alt='그림'> <unclosed`),
			title: "bad",
			want:  []section{{"열린 제목\n\n3 < 5 그리고 x<1 링크", []string{"열린 제목"}}},
		},
		{
			name: "only scripts", file: "empty.html",
			data:  []byte(`<html><head><title>빈 페이지</title><script>alert(1)</script></head><body> </body></html>`),
			title: "빈 페이지",
			notes: []string{"페이지에 보이는 텍스트가 없음 · no visible text in the page"},
		},
		{
			name: "headings without a body join the next section", file: "faq.html",
			data:  []byte(`<h1>자주 묻는 질문</h1><h2>배송</h2><h3>조회</h3><p>마이페이지에서 확인합니다.</p><h3>기간</h3><p>3일</p><h2>반품</h2>`),
			title: "자주 묻는 질문",
			want: []section{
				{"자주 묻는 질문\n\n배송\n\n조회\n\n마이페이지에서 확인합니다.\n\n", []string{"자주 묻는 질문", "배송", "조회"}},
				{"기간\n\n3일\n\n반품", []string{"자주 묻는 질문", "배송", "기간"}},
			},
		},
		{
			name: "svg title and uppercase tags", file: "svg.html",
			data:  []byte(`<H1>로고</H1><SVG><title>아이콘</title><text>x</text></SVG><P>본문</P>`),
			title: "로고",
			want:  []section{{"로고\n\n본문", []string{"로고"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := load(t, HTMLLoader{}, tt.file, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			if got := sections(doc); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sections\n got %q\nwant %q\ntext %q", got, tt.want, doc.Text)
			}
			if !reflect.DeepEqual(doc.Notes, tt.notes) {
				t.Errorf("notes = %q, want %q", doc.Notes, tt.notes)
			}
			if strings.Contains(doc.Text, "보이지") || strings.Contains(doc.Text, "숨") || strings.Contains(doc.Text, "템플릿") {
				t.Errorf("hidden content leaked: %q", doc.Text)
			}
		})
	}
}
