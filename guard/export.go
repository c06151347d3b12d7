package guard

import "github.com/seogo/seogo/i18n"

// Summarize tells the user what the findings' actions did, as Check's
// Result.Summary does for one text ("전화번호 1건을 가렸습니다"); callers that
// check a document in parts use it to report the whole.
func Summarize(findings []Finding, blocked bool) i18n.Text { return summarize(findings, blocked) }
