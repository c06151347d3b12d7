// The UI's words in Korean (default) and English.
"use strict";
window.SEOGO_I18N = {
  ko: {
    skip: "본문으로 건너뛰기", collection: "컬렉션", apiKey: "API 키", tabChat: "대화", tabDocs: "문서",
    tabInspect: "검색 점검", tabColls: "컬렉션", question: "질문", askPlaceholder: "문서에 물어보세요 (Enter 보내기, Shift+Enter 줄바꿈)",
    mode: "검색 방식", modeAuto: "자동", modeHybrid: "하이브리드", modeKeyword: "키워드", modeSemantic: "의미",
    newChat: "새 대화", send: "보내기", upload: "문서 올리기",
    dropHelp: "파일을 여기에 끌어다 놓거나, 눌러서 고르세요 (여러 개 가능: PDF, DOCX, HWP, TXT, MD …)",
    groups: "접근 그룹 (쉼표로, 비우면 모두에게 공개)", documents: "문서 목록", docFilter: "이름으로 찾기",
    name: "이름", title: "제목", chunks: "청크", size: "크기", groupsShort: "그룹", actions: "동작",
    query: "검색어", topK: "상위 k", compare: "비교하기", newCollection: "새 컬렉션 이름", create: "만들기",
    close: "닫기", keyHelp: "이 서버는 키가 필요합니다. 키는 이 탭에만 보관됩니다(sessionStorage).", save: "저장",
    you: "나", assistant: "서고", sources: "출처", notFound: "문서에서 답을 찾지 못했습니다.", thinking: "찾는 중…",
    del: "삭제", confirmDoc: "문서 \"{0}\" 를 삭제할까요?", confirmColl: "컬렉션 \"{0}\" 와 그 안의 문서를 모두 삭제할까요? 되돌릴 수 없습니다.",
    uploading: "올리는 중", queued: "대기", running: "색인 중", done: "완료", failed: "실패",
    summary: "추가 {0}, 갱신 {1}, 변경 없음 {2}, 건너뜀 {3}, 실패 {4} — 청크 {5}개",
    skipped: "건너뜀", reason: "이유", noDocs: "문서가 없습니다.", noHits: "결과 없음", score: "점수",
    keyword: "키워드", semantic: "의미", hybrid: "하이브리드", fused: "융합", vector: "벡터",
    docCount: "문서 {0} · 청크 {1}", page: "{0}쪽", evidence: "근거 강도 {0}", open: "열기", pick: "고르기",
    langOther: "English", langSwitch: "Switch to English", noColl: "컬렉션이 없습니다. 컬렉션 탭에서 만들거나 문서를 올리세요.",
    passages: "근거 수", temperature: "온도", model: "모델", llmNone: "LLM 없음: 문서에서 발췌해 답합니다",
    notice: "안내", added: "추가", updated: "갱신", unchanged: "변경 없음", removed: "삭제됨"
  },
  en: {
    skip: "Skip to content", collection: "Collection", apiKey: "API key", tabChat: "Chat", tabDocs: "Documents",
    tabInspect: "Search inspector", tabColls: "Collections", question: "Question", askPlaceholder: "Ask your documents (Enter sends, Shift+Enter for a new line)",
    mode: "Retrieval", modeAuto: "Auto", modeHybrid: "Hybrid", modeKeyword: "Keyword", modeSemantic: "Semantic",
    newChat: "New chat", send: "Send", upload: "Upload documents",
    dropHelp: "Drop files here or press to choose (several at once: PDF, DOCX, HWP, TXT, MD …)",
    groups: "Access groups (comma-separated; empty = open to all)", documents: "Documents", docFilter: "Filter by name",
    name: "Name", title: "Title", chunks: "Chunks", size: "Size", groupsShort: "Groups", actions: "Actions",
    query: "Query", topK: "Top k", compare: "Compare", newCollection: "New collection name", create: "Create",
    close: "Close", keyHelp: "This server needs a key. It is kept in this tab only (sessionStorage).", save: "Save",
    you: "You", assistant: "seogo", sources: "Sources", notFound: "The documents do not contain an answer.", thinking: "Searching…",
    del: "Delete", confirmDoc: "Delete document \"{0}\"?", confirmColl: "Delete collection \"{0}\" and all its documents? This cannot be undone.",
    uploading: "uploading", queued: "queued", running: "indexing", done: "done", failed: "failed",
    summary: "{0} added, {1} updated, {2} unchanged, {3} skipped, {4} failed — {5} chunks",
    skipped: "skipped", reason: "reason", noDocs: "No documents.", noHits: "no results", score: "score",
    keyword: "Keyword", semantic: "Semantic", hybrid: "Hybrid", fused: "fused", vector: "vector",
    docCount: "{0} documents · {1} chunks", page: "p. {0}", evidence: "evidence {0}", open: "Open", pick: "Select",
    langOther: "한국어", langSwitch: "한국어로 바꾸기", noColl: "No collections yet: create one in Collections or upload documents.",
    passages: "Passages", temperature: "Temperature", model: "Model", llmNone: "No LLM: answers are quoted from the documents",
    notice: "Notice", added: "added", updated: "updated", unchanged: "unchanged", removed: "removed"
  }
};
