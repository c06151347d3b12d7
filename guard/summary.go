package guard

import (
	"fmt"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// summarize tells the user, in both languages, what the actions did:
// "전화번호 1건을 가렸습니다" / "masked 1 phone number".
func summarize(findings []Finding, blocked bool) i18n.Text {
	type key struct {
		verb   Action
		entity string
	}
	counts := map[key]int{}
	var order []key
	for _, f := range findings {
		a := f.Action
		if blocked {
			if a != ActionBlock {
				continue
			}
		} else if a == ActionAllow || a == "" {
			continue
		}
		if a == ActionPseudonymize {
			a = ActionReplace
		}
		k := key{a, f.Entity}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	if len(order) == 0 {
		return i18n.Text{}
	}
	verbs := []struct {
		a      Action
		ko, en string
	}{
		{ActionBlock, "%s 포함되어 있어 처리하지 않았습니다", "refused: the text contains %s"},
		{ActionMask, "%s 가렸습니다", "masked %s"},
		{ActionReplace, "%s 가명 표시로 바꿨습니다", "replaced %s with placeholders"},
		{ActionHash, "%s 해시로 바꿨습니다", "hashed %s"},
		{actionStrip, "%s 제거했습니다", "removed %s"},
	}
	var ko, en []string
	for _, v := range verbs {
		var kos, ens []string
		for _, k := range order {
			if k.verb != v.a {
				continue
			}
			n := counts[k]
			kos = append(kos, fmt.Sprintf("%s %d건", EntityName(k.entity, i18n.Ko), n))
			ens = append(ens, fmt.Sprintf("%d %s", n, plural(EntityName(k.entity, i18n.En), n)))
		}
		if len(kos) == 0 {
			continue
		}
		obj := strings.Join(kos, ", ")
		if v.a == ActionBlock {
			obj += "이"
		} else {
			obj += "을"
		}
		ko = append(ko, fmt.Sprintf(v.ko, obj))
		en = append(en, fmt.Sprintf(v.en, joinEnglish(ens)))
	}
	return i18n.Text{Ko: strings.Join(ko, ". "), En: strings.Join(en, "; ")}
}

func plural(noun string, n int) string {
	if n == 1 {
		return noun
	}
	if strings.HasSuffix(noun, "s") {
		return noun + "es"
	}
	return noun + "s"
}

func joinEnglish(items []string) string {
	switch len(items) {
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
