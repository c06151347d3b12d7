package guard

import "github.com/seogo/seogo/i18n"

// Entity names: stable identifiers used in findings, policies, audit logs and
// the CLI's JSON.
const (
	EntityRRN             = "KR_RRN"              // 주민등록번호
	EntityFRN             = "KR_FRN"              // 외국인등록번호
	EntityPhone           = "PHONE"               // 전화번호
	EntityEmail           = "EMAIL"               // 이메일
	EntityCreditCard      = "CREDIT_CARD"         // 신용카드번호
	EntityBRN             = "KR_BRN"              // 사업자등록번호
	EntityPassport        = "KR_PASSPORT"         // 여권번호
	EntityDriverLicense   = "KR_DRIVER_LICENSE"   // 운전면허번호
	EntityBankAccount     = "BANK_ACCOUNT"        // 계좌번호
	EntityHealthInsurance = "KR_HEALTH_INSURANCE" // 건강보험증번호
	EntityCarPlate        = "CAR_PLATE"           // 차량번호
	EntityIPAddress       = "IP_ADDRESS"          // IP 주소
	EntityPerson          = "PERSON"              // 이름

	// EntityInjection marks a prompt-injection rule that matched a question
	// (Guard.Check at StageQuery) and EntityIndirectInjection an instruction
	// addressed to the model inside a document (Neutralize).
	EntityInjection         = "PROMPT_INJECTION"
	EntityIndirectInjection = "INDIRECT_INJECTION"
)

// Entities lists the PII entities, in the order summaries mention them.
var Entities = []string{
	EntityRRN, EntityFRN, EntityPassport, EntityDriverLicense, EntityCreditCard,
	EntityBankAccount, EntityHealthInsurance, EntityBRN, EntityPhone, EntityEmail,
	EntityCarPlate, EntityIPAddress, EntityPerson,
}

// entityNames are the words users read: Korean labels also name placeholders
// (<주민등록번호_1>); English ones are plural-capable nouns for summaries.
var entityNames = map[string]i18n.Text{
	EntityRRN:               {Ko: "주민등록번호", En: "resident registration number"},
	EntityFRN:               {Ko: "외국인등록번호", En: "foreigner registration number"},
	EntityPhone:             {Ko: "전화번호", En: "phone number"},
	EntityEmail:             {Ko: "이메일", En: "e-mail address"},
	EntityCreditCard:        {Ko: "카드번호", En: "card number"},
	EntityBRN:               {Ko: "사업자등록번호", En: "business registration number"},
	EntityPassport:          {Ko: "여권번호", En: "passport number"},
	EntityDriverLicense:     {Ko: "운전면허번호", En: "driver's licence number"},
	EntityBankAccount:       {Ko: "계좌번호", En: "bank account number"},
	EntityHealthInsurance:   {Ko: "건강보험번호", En: "health insurance number"},
	EntityCarPlate:          {Ko: "차량번호", En: "car plate"},
	EntityIPAddress:         {Ko: "IP주소", En: "IP address"},
	EntityPerson:            {Ko: "이름", En: "name"},
	EntityInjection:         {Ko: "프롬프트 주입", En: "prompt injection"},
	EntityIndirectInjection: {Ko: "문서 속 지시문", En: "instruction in a document"},
	EntityBanned:            {Ko: "금칙어", En: "banned term"},
}

// placeholderEn are the English placeholder labels (<RRN_1>), used when a
// policy's Lang is "en".
var placeholderEn = map[string]string{
	EntityRRN: "RRN", EntityFRN: "FRN", EntityPhone: "PHONE", EntityEmail: "EMAIL",
	EntityCreditCard: "CARD", EntityBRN: "BRN", EntityPassport: "PASSPORT",
	EntityDriverLicense: "LICENSE", EntityBankAccount: "ACCOUNT",
	EntityHealthInsurance: "HEALTH_ID", EntityCarPlate: "PLATE",
	EntityIPAddress: "IP", EntityPerson: "NAME",
}

// EntityName returns the user-facing name of an entity in l.
func EntityName(entity string, l i18n.Lang) string {
	if t, ok := entityNames[entity]; ok {
		return t.In(l)
	}
	return entity
}

func knownEntity(e string) bool {
	_, ok := placeholderEn[e]
	return ok
}

// Stage is where in the flow of data a text is checked.
type Stage string

// The stages a Policy distinguishes.
const (
	StageIngest  Stage = "ingest"  // chunks before they are stored and indexed
	StageQuery   Stage = "query"   // the user's question
	StageContext Stage = "context" // text leaving the process: LLM prompts, embedding requests
	StageAnswer  Stage = "answer"  // the answer shown to the user
)

// Stages lists every stage.
var Stages = []Stage{StageIngest, StageQuery, StageContext, StageAnswer}

// Finding is one detected span. Start and End are byte offsets into the text
// that was scanned, on rune boundaries; Text is text[Start:End].
type Finding struct {
	Entity   string  `json:"entity"`
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Text     string  `json:"-"` // never serialised: it is the personal data itself
	Score    float64 `json:"score"`
	Detector string  `json:"detector"`
	Stage    string  `json:"stage,omitempty"`
	// Action is what Guard.Check did with the span ("" from Detect).
	Action Action `json:"action,omitempty"`
}
