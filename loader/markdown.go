package loader

import (
	"context"
	"strings"

	"github.com/seogo/seogo/schema"
)

// MarkdownLoader reads Markdown. The text is kept as written (normalised);
// sections come from ATX ("## Title") and Setext (underlined) headings, with
// headings inside fenced code blocks and YAML front matter ignored. Title is
// the first level-1 heading, else a front matter "title:", else the file name.
type MarkdownLoader struct{}

// Format names the format: "md".
func (MarkdownLoader) Format() string { return "md" }

// Load implements Loader.
func (MarkdownLoader) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	d, err := decode(data)
	if err != nil {
		return nil, err
	}
	heads, fmTitle := markdownHeadings(d.text)
	title := ""
	for _, h := range heads {
		if h.level == 1 && h.text != "" {
			title = h.text
			break
		}
	}
	if title == "" {
		title = fmTitle
	}
	if title == "" {
		title = baseTitle(name)
	}
	return newDocument("md", title, d, d.text, headingSections(d.text, heads)), nil
}

// markdownHeadings finds the headings of a Markdown text, in order, and the
// title of its front matter if any. It follows CommonMark where that matters
// for structure: up to three spaces of indentation, closing '#'s, fences of
// three or more '`' or '~' closed by the same character at least as long,
// Setext underlines only below a paragraph that is not a list item or quote.
func markdownHeadings(text string) ([]heading, string) {
	var heads []heading
	fmTitle := ""
	pos := 0
	if end, title, ok := frontMatter(text); ok {
		pos, fmTitle = end, title
	}
	var fence string // the opening fence while inside a code block
	paraStart := -1  // offset of the open paragraph's first line
	paraOK := false  // whether the open paragraph may become a Setext heading
	var para []string
	for pos < len(text) {
		end := strings.IndexByte(text[pos:], '\n')
		next := len(text)
		if end < 0 {
			end = len(text)
		} else {
			end += pos
			next = end + 1
		}
		line := text[pos:end]
		start := pos
		pos = next

		body, indent := trimIndent(line)
		if fence != "" {
			if indent <= 3 && closesFence(body, fence) {
				fence = ""
			}
			continue
		}
		if indent <= 3 {
			if f := openingFence(body); f != "" {
				fence, paraStart, para = f, -1, nil
				continue
			}
		}
		if strings.TrimSpace(line) == "" {
			paraStart, para = -1, nil
			continue
		}
		if indent <= 3 {
			if level, htext, ok := atxHeading(body); ok {
				heads = append(heads, heading{level, htext, start, end})
				paraStart, para = -1, nil
				continue
			}
			if level := setextLevel(body); level > 0 && paraStart >= 0 && paraOK {
				heads = append(heads, heading{level, plainInline(strings.Join(para, " ")), paraStart, end})
				paraStart, para = -1, nil
				continue
			}
		}
		if paraStart < 0 {
			if indent >= 4 {
				continue // indented code cannot start a paragraph
			}
			paraStart, paraOK = start, !startsListOrQuote(body)
		}
		para = append(para, strings.TrimSpace(line))
	}
	return heads, fmTitle
}

// frontMatter recognises a YAML front matter block ("---" on the first line
// up to a closing "---" or "...") and returns where the text after it starts
// and its "title:" value.
func frontMatter(text string) (end int, title string, ok bool) {
	if !strings.HasPrefix(text, "---\n") {
		return 0, "", false
	}
	pos := 4
	for pos < len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		lineEnd, next := len(text), len(text)
		if nl >= 0 {
			lineEnd, next = pos+nl, pos+nl+1
		}
		line := strings.TrimRight(text[pos:lineEnd], " \t")
		if line == "---" || line == "..." {
			return next, title, true
		}
		if v, found := strings.CutPrefix(line, "title:"); found && title == "" {
			title = strings.Trim(strings.TrimSpace(v), `"'`)
		}
		pos = next
	}
	return 0, "", false
}

// trimIndent strips leading spaces and tabs and returns the indentation
// width (a tab counts to the next multiple of four).
func trimIndent(line string) (string, int) {
	width, i := 0, 0
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			width++
		case '\t':
			width += 4 - width%4
		default:
			return line[i:], width
		}
	}
	return "", width
}

// openingFence returns the fence string (e.g. "```" or "~~~~") when body
// opens a fenced code block.
func openingFence(body string) string {
	if body == "" || (body[0] != '`' && body[0] != '~') {
		return ""
	}
	n := 0
	for n < len(body) && body[n] == body[0] {
		n++
	}
	if n < 3 || (body[0] == '`' && strings.IndexByte(body[n:], '`') >= 0) {
		return "" // a backtick fence's info string may not contain backticks
	}
	return body[:n]
}

func closesFence(body, fence string) bool {
	n := 0
	for n < len(body) && body[n] == fence[0] {
		n++
	}
	return n >= len(fence) && strings.TrimSpace(body[n:]) == ""
}

// atxHeading parses "## Title ##" into its level and text.
func atxHeading(body string) (int, string, bool) {
	level := 0
	for level < len(body) && body[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(body) && body[level] != ' ' && body[level] != '\t') {
		return 0, "", false
	}
	t := strings.TrimSpace(body[level:])
	// An optional closing sequence of '#'s must be preceded by a space.
	if trimmed := strings.TrimRight(t, "#"); trimmed != t {
		if trimmed == "" {
			t = ""
		} else if c := trimmed[len(trimmed)-1]; c == ' ' || c == '\t' {
			t = strings.TrimSpace(trimmed)
		}
	}
	return level, plainInline(t), true
}

// setextLevel returns 1 for a "===" underline, 2 for "---", else 0.
func setextLevel(body string) int {
	t := strings.TrimRight(body, " \t")
	if t == "" || strings.Trim(t, string(t[0])) != "" {
		return 0
	}
	switch t[0] {
	case '=':
		return 1
	case '-':
		return 2
	}
	return 0
}

func startsListOrQuote(body string) bool {
	if body == "" {
		return false
	}
	switch body[0] {
	case '>':
		return true
	case '-', '*', '+':
		return len(body) == 1 || body[1] == ' ' || body[1] == '\t'
	}
	i := 0
	for i < len(body) && i < 9 && body[i] >= '0' && body[i] <= '9' {
		i++
	}
	return i > 0 && i < len(body) && (body[i] == '.' || body[i] == ')') &&
		(i+1 == len(body) || body[i+1] == ' ' || body[i+1] == '\t')
}

// plainInline strips the inline markup that would otherwise show up in a
// heading path: emphasis and code markers, and links and images reduced to
// their text.
func plainInline(s string) string {
	if !strings.ContainsAny(s, "*_`[!") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '*' || c == '`' || (c == '_' && (i == 0 || i+1 == len(s) || s[i-1] == '_' || s[i+1] == '_' || s[i-1] == ' ' || s[i+1] == ' ')):
			i++
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			i++
		case c == '[':
			if close := strings.IndexByte(s[i:], ']'); close > 0 {
				label := s[i+1 : i+close]
				rest := s[i+close+1:]
				if strings.HasPrefix(rest, "(") {
					if paren := strings.IndexByte(rest, ')'); paren > 0 {
						b.WriteString(plainInline(label))
						i += close + 1 + paren + 1
						continue
					}
				}
			}
			b.WriteByte(c)
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
