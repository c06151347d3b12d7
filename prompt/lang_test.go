package prompt

import (
	"testing"

	"github.com/seogo/seogo/i18n"
)

func TestDetectLang(t *testing.T) {
	for _, tc := range []struct {
		text string
		want i18n.Lang
	}{
		{"배송 상태를 어떻게 확인할 수 있죠?", i18n.Ko},
		{"How do I check the delivery status?", i18n.En},
		{"Kubernetes Pod의 restartPolicy를 OnFailure로 바꾸려면?", i18n.Ko},
		{"RAG 파이프라인에서 BM25는 뭐야?", i18n.Ko},
		{"What does 배송 mean?", i18n.En},
		{"ㅋㅋ 진짜?", i18n.Ko},
		{"API 문서", i18n.Ko}, // a tie goes to Korean
		{"1234 ???", i18n.En},
		{"", i18n.En},
	} {
		if got := DetectLang(tc.text); got != tc.want {
			t.Errorf("DetectLang(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}
