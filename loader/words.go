package loader

import (
	"errors"
	"io/fs"

	"github.com/seogo/seogo/i18n"
)

// Notes and skip details are plain strings (schema.Document.Notes,
// File.Detail) that the ingest summary prints as they are, so the ones that
// need words carry both languages in one string: Korean, " · ", English.

// noteSep separates the Korean and English halves of a note.
const noteSep = " · "

// both renders t in Korean and English, joined by noteSep.
func both(t i18n.Text, args ...any) string {
	return t.In(i18n.Ko, args...) + noteSep + t.In(i18n.En, args...)
}

// Notes loaders add to a Document.
var (
	noteConverted     = i18n.Text{Ko: "%s에서 UTF-8로 변환함", En: "converted from %s"}
	noteInvalid       = i18n.Text{Ko: "%d개의 올바르지 않은 %s 바이트를 대체 문자(�)로 바꿈", En: "%d invalid %s bytes replaced"}
	noteNFD           = i18n.Text{Ko: "풀어쓴(NFD) 한글을 NFC로 합침", En: "decomposed (NFD) text composed to NFC"}
	noteMetaCharset   = i18n.Text{Ko: "<meta charset> 선언에 따라 %s에서 UTF-8로 변환함", En: "converted from %s (declared by <meta charset>)"}
	noteUndecodable   = i18n.Text{Ko: "%d개의 해독할 수 없는 %s 바이트를 대체 문자(�)로 바꿈", En: "%d undecodable %s bytes replaced"}
	noteNoVisibleText = i18n.Text{Ko: "페이지에 보이는 텍스트가 없음", En: "no visible text in the page"}
	noteBadRows       = i18n.Text{Ko: "형식이 잘못된 행을 건너뜀(%s번째 줄)", En: "malformed rows skipped at line %s"}
	noteHeaderOnly    = i18n.Text{Ko: "데이터 행이 없음: 머리글 행뿐임", En: "no data rows: the file has only a header"}
	noteJSONLines     = i18n.Text{Ko: "한 파일에 JSON 값이 여럿 있어 JSON Lines로 읽음", En: "several JSON values in one file: read as JSON Lines"}
	noteNoValues      = i18n.Text{Ko: "색인할 값이 없음: null, 빈 문자열, 빈 배열·객체뿐임", En: "no values to index: only nulls, empty strings or empty containers"}
	noteBadJSONLine   = i18n.Text{Ko: "잘못된 JSON 줄 %d개를 건너뜀(%s%s번째 줄)", En: "%d malformed JSON line skipped (line %s%s)"}
	noteBadJSONLines  = i18n.Text{Ko: "잘못된 JSON 줄 %d개를 건너뜀(%s%s번째 줄)", En: "%d malformed JSON lines skipped (lines %s%s)"}
)

// Skip details that need words; the rest are facts (an extension, sizes, a
// link target) that read the same in both languages.
var (
	detailNoExtension = i18n.Text{Ko: "확장자가 없고 내용이 텍스트가 아님", En: "no extension, and the content is not text"}
	detailNamedPipe   = i18n.Text{Ko: "이름 있는 파이프(FIFO)", En: "named pipe (FIFO)"}
	detailSocket      = i18n.Text{Ko: "소켓", En: "socket"}
	detailDevice      = i18n.Text{Ko: "장치 파일", En: "device file"}
	detailSpecial     = i18n.Text{Ko: "일반 파일이 아님", En: "not a regular file"}
	detailFolder      = i18n.Text{Ko: "폴더: %s", En: "folder: %s"}
	detailBrokenLink  = i18n.Text{Ko: "링크 대상이 없음: %s", En: "the link target does not exist: %s"}
	detailLinkLoop    = i18n.Text{Ko: "링크가 자기 자신을 가리킴(순환)", En: "the link points back to itself (a loop)"}
	reasonPermission  = i18n.Text{Ko: "권한 없음", En: "permission denied"}
	reasonNotExist    = i18n.Text{Ko: "파일이 없음", En: "no such file"}
)

// reason says in both languages why an OS call failed ("권한 없음 ·
// permission denied"); the path is shown beside it anyway.
func reason(err error) string { return both(reasonText(err)) }

// reasonText is reason's message as an i18n.Text without format verbs. An
// error it does not know is shown as the OS wrote it, without the path.
func reasonText(err error) i18n.Text {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return reasonPermission
	case errors.Is(err, fs.ErrNotExist):
		return reasonNotExist
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return i18n.Text{Ko: msg, En: msg}
}

// folderReason is reason for a folder that cannot be read.
func folderReason(err error) string {
	r := reasonText(err)
	return detailFolder.In(i18n.Ko, r.Ko) + noteSep + detailFolder.In(i18n.En, r.En)
}
