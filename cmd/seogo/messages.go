package main

import "github.com/seogo/seogo/i18n"

// Every line the CLI prints for people, in Korean and English.
var (
	msgError     = i18n.Text{Ko: "오류: %s", En: "error: %s"}
	msgSeeHelp   = i18n.Text{Ko: "사용법은 seogo --help 를 보세요.", En: "Run seogo --help for usage."}
	msgInternal  = i18n.Text{Ko: "내부 오류가 발생했습니다(버그입니다, 알려 주세요): %v", En: "internal error (this is a bug, please report it): %v"}
	msgCancelled = i18n.Text{Ko: "취소되었습니다. 이미 저장된 문서는 그대로 남아 있습니다.", En: "cancelled; documents already stored are kept."}

	msgIngestSummary = i18n.Text{
		Ko: "컬렉션 %q: 추가 %d, 갱신 %d, 변경 없음 %d, 건너뜀 %d, 삭제 %d, 실패 %d — 청크 %d개, %s, %.1f초",
		En: "collection %q: %d added, %d updated, %d unchanged, %d skipped, %d removed, %d failed — %d chunks, %s, %.1fs",
	}
	msgSkipped            = i18n.Text{Ko: "  건너뜀 %s: %s", En: "  skipped %s: %s"}
	msgFailed             = i18n.Text{Ko: "  실패 %s: %s", En: "  failed %s: %s"}
	msgRemoved            = i18n.Text{Ko: "  삭제 %s (파일이 없어짐)", En: "  removed %s (file is gone)"}
	msgNote               = i18n.Text{Ko: "  참고 %s: %s", En: "  note %s: %s"}
	msgNoHits             = i18n.Text{Ko: "검색 결과가 없습니다.", En: "no results."}
	msgNotFound           = i18n.Text{Ko: "문서에서 답을 찾지 못했습니다.", En: "The documents do not contain an answer to this question."}
	msgCitations          = i18n.Text{Ko: "출처:", En: "Sources:"}
	msgEvidence           = i18n.Text{Ko: "근거 구절:", En: "Evidence:"}
	msgConfidence         = i18n.Text{Ko: "근거 강도 %.2f", En: "evidence strength %.2f"}
	msgNoColls            = i18n.Text{Ko: "컬렉션이 없습니다. seogo ingest PATH 로 문서를 넣으세요.", En: "no collections yet; add documents with seogo ingest PATH."}
	msgNoDocs             = i18n.Text{Ko: "컬렉션 %q 에 문서가 없습니다.", En: "collection %q has no documents."}
	msgCreated            = i18n.Text{Ko: "컬렉션 %q 를 만들었습니다(분석기 %s, 임베더 %s, %d차원).", En: "created collection %q (analyzer %s, embedder %s, %d dims)."}
	msgDeleted            = i18n.Text{Ko: "컬렉션 %q 를 삭제했습니다.", En: "deleted collection %q."}
	msgConfirm            = i18n.Text{Ko: "컬렉션 %q 와 그 안의 문서 %d개를 삭제할까요? [y/N] ", En: "delete collection %q and its %d documents? [y/N] "}
	msgNeedYes            = i18n.Text{Ko: "터미널이 아니므로 확인할 수 없습니다: 삭제하려면 --yes 를 붙이세요", En: "cannot ask for confirmation without a terminal: add --yes to delete"}
	msgKept               = i18n.Text{Ko: "삭제하지 않았습니다.", En: "nothing deleted."}
	msgDocRemoved         = i18n.Text{Ko: "문서 %s (%s) 를 삭제했습니다.", En: "removed document %s (%s)."}
	msgEvalHeader         = i18n.Text{Ko: "평가: %s — 문서 %d개, 청크 %d개, 질문 %d개, 분석기 %s, 임베더 %s, 색인 %.1f초", En: "eval: %s — %d documents, %d chunks, %d queries, analyzer %s, embedder %s, indexed in %.1fs"}
	msgDemoIntro          = i18n.Text{Ko: "데모: 함께 들어 있는 KorQuAD 1.0 문단 %d개를 임시 저장소에 넣었습니다(%.1f초).", En: "demo: indexed the %d bundled KorQuAD 1.0 paragraphs into a temporary store (%.1fs)."}
	msgDemoQ              = i18n.Text{Ko: "질문: %s", En: "Q: %s"}
	msgDemoA              = i18n.Text{Ko: "답: %s", En: "A: %s"}
	msgDemoNext           = i18n.Text{Ko: "직접 해 보세요: seogo ingest ./문서폴더 && seogo ask \"질문\"", En: "Try it yourself: seogo ingest ./docs && seogo ask \"your question\""}
	msgUnsupported        = i18n.Text{Ko: "(출처가 뒷받침하지 않는 문장 %d개, 근거 점수 %.2f)", En: "(%d sentences not supported by their sources; groundedness %.2f)"}
	msgUnsupportedRemoved = i18n.Text{Ko: "(출처가 뒷받침하지 않는 문장 %d개를 지웠습니다, 근거 점수 %.2f)", En: "(removed %d sentences their sources do not support; groundedness %.2f)"}
	msgGuardTest          = i18n.Text{Ko: "예제 %d개 통과, %d개 실패", En: "%d examples passed, %d failed"}
	msgNoFindings         = i18n.Text{Ko: "개인정보를 찾지 못했습니다.", En: "no personal data found."}
	msgInjection          = i18n.Text{Ko: "프롬프트 인젝션으로 보입니다 (점수 %.2f, 규칙 %s)", En: "looks like a prompt injection (score %.2f, rules %s)"}
	msgNoInjection        = i18n.Text{Ko: "프롬프트 인젝션이 아닙니다 (점수 %.2f %s)", En: "not a prompt injection (score %.2f %s)"}
	msgRemovedCites       = i18n.Text{Ko: "(없는 출처를 가리킨 인용 %s 을(를) 지웠습니다)", En: "(removed citations to sources that were not given: %s)"}
	msgReembedded         = i18n.Text{Ko: "컬렉션 %q: 임베더 %s → %s (%d차원), 청크 %d개, 새로 임베딩 %d개, 캐시 %d개, %.1f초",
		En: "collection %q: embedder %s → %s (%d dims), %d chunks, %d embedded, %d from cache, %.1fs"}
	msgDemoCredit = i18n.Text{Ko: "말뭉치: KorQuAD 1.0 (LG CNS, CC BY-ND 2.0 KR)", En: "corpus: KorQuAD 1.0 (LG CNS, CC BY-ND 2.0 KR)"}
)

// Table headers and the --explain line.
var (
	msgCollHeader = i18n.Text{Ko: "이름\t문서\t청크\t분석기\t임베더\t차원\t만든 때", En: "NAME\tDOCS\tCHUNKS\tANALYZER\tEMBEDDER\tDIM\tCREATED"}
	msgDocsHeader = i18n.Text{Ko: "ID\t청크\t크기\t갱신\t제목\t경로", En: "ID\tCHUNKS\tSIZE\tUPDATED\tTITLE\tPATH"}
	msgExplain    = i18n.Text{Ko: "   점수 %.4f │ 키워드 %s │ 벡터 %s │ 융합 %.4f", En: "   score %.4f │ keyword %s │ vector %s │ fused %.4f"}
)

// `seogo index`: what quantize did, and the rows of stats.
var (
	msgQuantized       = i18n.Text{Ko: "컬렉션 %q: 벡터 양자화를 %s 로 정하고 색인을 다시 만들었습니다.", En: "collection %q: vector quantization set to %s; index rebuilt."}
	msgQuantizedFlat   = i18n.Text{Ko: "(벡터 %d개부터 HNSW 그래프에 적용; 그 아래는 정확 검색)", En: "(applies to the HNSW graph from %d vectors; exact search below)"}
	msgIdxCollection   = i18n.Text{Ko: "컬렉션", En: "collection"}
	msgIdxKind         = i18n.Text{Ko: "종류", En: "kind"}
	msgIdxVectors      = i18n.Text{Ko: "벡터", En: "vectors"}
	msgIdxDim          = i18n.Text{Ko: "차원", En: "dim"}
	msgIdxQuant        = i18n.Text{Ko: "양자화", En: "quantization"}
	msgIdxQuantChosen  = i18n.Text{Ko: "%s (이 컬렉션이 정함)", En: "%s (chosen for this collection)"}
	msgIdxQuantDefault = i18n.Text{Ko: "%s (설정 기본값)", En: "%s (config default)"}
	msgIdxQuantConfig  = i18n.Text{Ko: "설정 기본값 (index.quantization)", En: "config default (index.quantization)"}
	msgIdxParams       = i18n.Text{Ko: "M / efConstruction / efSearch", En: "M / efConstruction / efSearch"}
	msgIdxEfLow        = i18n.Text{Ko: "(이 크기에는 efConstruction %d: seogo index rebuild)", En: "(efConstruction %d suits this size: seogo index rebuild)"}
	msgIdxTombstones   = i18n.Text{Ko: "삭제 표시", En: "tombstones"}
	msgIdxGraph        = i18n.Text{Ko: "그래프", En: "graph"}
	msgIdxFromSnapshot = i18n.Text{Ko: "스냅숏에서 읽음", En: "from snapshot"}
	msgIdxBuildTime    = i18n.Text{Ko: "만든 시간", En: "build time"}
	msgIdxHNSWFrom     = i18n.Text{Ko: "HNSW 적용 벡터 수", En: "hnsw from (vectors)"}
	msgIdxMemory       = i18n.Text{Ko: "메모리의 벡터", En: "vectors in memory"}
	msgIdxRecall       = i18n.Text{Ko: "recall@10 (추정)", En: "recall@10 (estimated)"}
)

// msgAutoTrained follows an ingest that trained word vectors (wordvec.auto_train).
var msgAutoTrained = i18n.Text{
	Ko: "컬렉션이 충분히 커져 단어 벡터 %s 를 학습했습니다(텍스트 %d개, 단어 %d개). 쓰려면: seogo reembed --embedder %s",
	En: "the collection is large enough: trained word vectors %s (%d texts, %d words). To use them: seogo reembed --embedder %s",
}
