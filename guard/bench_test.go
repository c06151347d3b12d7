package guard

import (
	"context"
	"strings"
	"testing"
)

// benchText is about 2,000 characters of Korean administrative prose with a
// few personal data items, like a chunk at ingest.
var benchText = func() string {
	para := "민원인 홍길동 님은 2023년 12월 15일 주민센터를 방문하여 전입신고를 하였습니다. " +
		"담당 공무원은 신청서의 기재 사항을 확인하고 처리 결과를 안내하였으며, 수수료 1,000원을 받았습니다. " +
		"문의는 고객센터 1588-1234 또는 담당자 연락처 010-1234-5678로 하시기 바랍니다. " +
		"처리 기간은 통상 3일이며, 관련 법령에 따라 개인정보는 안전하게 관리됩니다. "
	var b strings.Builder
	for b.Len() < 5600 {
		b.WriteString(para)
	}
	return b.String()
}()

func BenchmarkCheck(b *testing.B) {
	g, err := New(PIPA())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Check(ctx, StageContext, benchText, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDetectInjection(b *testing.B) {
	q := "배송 상태를 어떻게 확인할 수 있죠? 주문번호는 2023121500123입니다."
	for b.Loop() {
		DetectInjection(q)
	}
}

func BenchmarkNeutralize(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Neutralize(benchText)
	}
}

func BenchmarkGrounded(b *testing.B) {
	answer := "민원인은 주민센터를 방문하여 전입신고를 하였습니다 [1]. 수수료는 1,000원입니다 [1]. 처리 기간은 통상 3일입니다."
	for b.Loop() {
		Grounded(answer, []string{benchText})
	}
}
