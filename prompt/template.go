package prompt

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"

	"gopkg.in/yaml.v3"

	"github.com/seogo/seogo/i18n"
)

// KnownVariables are the names seogo itself fills in prompt templates. A
// template may use them without declaring them; Render still fails when one
// that the template uses is not given.
var KnownVariables = []string{"question", "context", "sources", "history", "examples", "input", "text", "labels", "lang"}

// Template is a Go text/template over named variables ({{.question}}),
// checked when it is loaded rather than when a prompt is sent: a typo in a
// variable name is an error naming it, not an empty hole in a prompt.
type Template struct {
	Name string
	// Required are the variables every Render must be given.
	Required []string
	tmpl     *template.Template
}

// ParseTemplate parses text as a template. Every variable it references,
// {{.name}} or {{$.name}}, must be one of required or of KnownVariables;
// required are the variables Render insists on.
func ParseTemplate(name, text string, required ...string) (*Template, error) {
	declared := map[string]bool{}
	for _, v := range KnownVariables {
		declared[v] = true
	}
	for _, v := range required {
		if !identifier.MatchString(v) {
			return nil, i18n.Errorf("템플릿 %q: 변수 이름 %q가 올바르지 않습니다 (영문자, 숫자, _)",
				"template %q: invalid variable name %q (use letters, digits, _)", name, v)
		}
		declared[v] = true
	}
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, i18n.Errorf("템플릿 %q 구문 오류: %w", "template %q: syntax: %w", name, err)
	}
	if t.Tree != nil {
		c := checker{tree: t.Tree, declared: declared}
		c.walk(t.Tree.Root, true)
		if c.err != nil {
			return nil, c.err
		}
	}
	return &Template{Name: name, Required: slices.Clone(required), tmpl: t}, nil
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checker walks a parse tree for references to top-level variables. Inside
// {{range}} and {{with}} the dot is something else ({{range .examples}}
// {{.input}}{{end}} names a field of an example), so only $.name is checked
// there. Templates brought in with {{define}} are not checked: their dot is
// whatever the caller passes.
type checker struct {
	tree     *parse.Tree
	declared map[string]bool
	err      error
}

func (c *checker) walk(n parse.Node, rootDot bool) {
	if c.err != nil || n == nil {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, x := range n.Nodes {
			c.walk(x, rootDot)
		}
	case *parse.ActionNode:
		c.walk(n.Pipe, rootDot)
	case *parse.TemplateNode:
		c.walk(n.Pipe, rootDot)
	case *parse.IfNode:
		c.branch(&n.BranchNode, rootDot, rootDot)
	case *parse.RangeNode:
		c.branch(&n.BranchNode, rootDot, false)
	case *parse.WithNode:
		c.branch(&n.BranchNode, rootDot, false)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, cmd := range n.Cmds {
			for _, arg := range cmd.Args {
				c.walk(arg, rootDot)
			}
		}
	case *parse.ChainNode:
		c.walk(n.Node, rootDot)
	case *parse.FieldNode:
		if rootDot {
			c.check(n, n.Ident[0])
		}
	case *parse.VariableNode:
		if len(n.Ident) > 1 && n.Ident[0] == "$" {
			c.check(n, n.Ident[1])
		}
	}
}

func (c *checker) branch(b *parse.BranchNode, rootDot, bodyRootDot bool) {
	c.walk(b.Pipe, rootDot)
	c.walk(b.List, bodyRootDot)
	c.walk(b.ElseList, rootDot)
}

func (c *checker) check(n parse.Node, name string) {
	if c.declared[name] {
		return
	}
	loc, _ := c.tree.ErrorContext(n)
	c.err = i18n.Errorf("%s: 템플릿이 선언되지 않은 변수 %q를 씁니다 (variables에 선언하거나 철자를 확인하세요)",
		"%s: the template uses the undeclared variable %q (declare it under variables or check its spelling)", loc, name)
}

// Render executes the template with vars. Every required variable must be
// present, and so must every other variable the template reaches.
func (t *Template) Render(vars map[string]any) (string, error) {
	var missing []string
	for _, v := range t.Required {
		if _, ok := vars[v]; !ok {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		return "", i18n.Errorf("템플릿 %q에 필요한 변수가 없습니다: %s", "template %q is missing variables: %s",
			t.Name, strings.Join(missing, ", "))
	}
	if vars == nil {
		vars = map[string]any{}
	}
	var buf bytes.Buffer
	if err := t.tmpl.Execute(&buf, vars); err != nil {
		return "", i18n.Errorf("템플릿 %q를 채우지 못했습니다: %w", "rendering template %q: %w", t.Name, err)
	}
	return buf.String(), nil
}

// templateFile is the YAML form of a template.
type templateFile struct {
	Name      string   `yaml:"name"`
	Template  string   `yaml:"template"`
	Variables []string `yaml:"variables"`
}

// tmplHeader is the optional first line of a .tmpl file that declares its
// variables: {{/* variables: question, context */}}.
var tmplHeader = regexp.MustCompile(`^\s*\{\{-?\s*/\*\s*variables\s*:([^*]*)\*/\s*-?\}\}`)

// LoadTemplate reads a template from a YAML file {name, template,
// variables: [...]} or from a plain template file (.tmpl, .tpl, .txt), whose
// first line may declare variables as {{/* variables: a, b */}}. The name
// defaults to the file's base name.
func LoadTemplate(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Errorf("템플릿 파일을 읽지 못했습니다: %w", "reading the template file: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		var f templateFile
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, i18n.Errorf("%s: YAML 오류: %w", "%s: YAML: %w", path, err)
		}
		if strings.TrimSpace(f.Template) == "" {
			return nil, i18n.Errorf("%s: template 항목이 비어 있습니다", "%s: the template field is empty", path)
		}
		if f.Name == "" {
			f.Name = base
		}
		return ParseTemplate(f.Name, f.Template, f.Variables...)
	default:
		text := string(data)
		var vars []string
		if m := tmplHeader.FindStringSubmatch(text); m != nil {
			vars = strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
		}
		return ParseTemplate(base, text, vars...)
	}
}
