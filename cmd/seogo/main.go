// Command seogo is the command-line face of the seogo library: flags and
// output only; every behaviour lives in a library package.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
)

// Exit codes: scripts tell a mistake in the command line from a failure.
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

// usageError marks an error in how the command was called.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// app carries what every command shares: the resolved configuration and
// where output goes.
type app struct {
	cfg        seogo.Config
	lang       i18n.Lang
	jsonOut    bool
	stdout     io.Writer
	stderr     io.Writer
	getenv     func(string) string
	configPath string
	flagLang   string
	localFlags []localFlag
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first Ctrl-C the work winds down cleanly; a second one should
	// kill at once, so stop catching the signal as soon as the first arrives.
	go func() { <-ctx.Done(); stop() }()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run executes the CLI and returns the exit code; main is only its shell, so
// tests can drive the real command tree in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) (code int) {
	a := &app{stdout: stdout, stderr: stderr, getenv: getenv, lang: i18n.Detect(getenv)}
	// --lang must speak before cobra parses anything: argument and flag
	// errors are reported before any command's code runs.
	if l, ok := i18n.Parse(langArg(args)); ok {
		a.lang = l
	}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, msgInternal.In(a.lang, r))
			code = exitRuntime
		}
	}()
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if strings.HasPrefix(err.Error(), "unknown command") || strings.HasPrefix(err.Error(), "unknown shorthand flag") {
		err = usageError{err} // cobra's own, before any of our code runs
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintln(stderr, msgError.In(a.lang, i18n.Localize(u.err, a.lang)))
		fmt.Fprintln(stderr, msgSeeHelp.In(a.lang))
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, msgCancelled.In(a.lang))
		return exitRuntime
	}
	fmt.Fprintln(stderr, msgError.In(a.lang, i18n.Localize(err, a.lang)))
	return exitRuntime
}

func (a *app) rootCommand() *cobra.Command {
	a.cfg = seogo.DefaultConfig()
	root := &cobra.Command{
		Use:   "seogo",
		Short: "Korean-first retrieval-augmented generation: ingest documents, search them, ask them",
		Long: `seogo (서고) reads your documents, finds the passages that answer a question and
answers with numbered citations — or says plainly that the documents do not say.
It runs offline on one machine with an embedded store and built-in models.

  seogo ingest ./docs                    load, split and index a folder
  seogo search "배송 상태 확인" --explain   ranked passages with their scores
  seogo ask "배송 상태를 어떻게 확인하나요?"   an answer with [1][2] citations
  seogo eval testdata/korquad/KorQuAD_v1.0_dev.json
  seogo demo                             try it on the bundled KorQuAD corpus

Configuration: defaults < YAML file (--config) < SEOGO_* environment < flags.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.resolveConfig(cmd)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.cfg.DataDir, "data-dir", a.cfg.DataDir, "directory of the embedded store (env SEOGO_DATA_DIR)")
	pf.StringVar(&a.cfg.Store, "store", "", "store: sqlite:DIR (default: --data-dir) or postgres://… (env SEOGO_STORE)")
	pf.StringVarP(&a.cfg.Collection, "collection", "c", a.cfg.Collection, "collection to use (env SEOGO_COLLECTION)")
	pf.StringVar(&a.configPath, "config", "", "YAML configuration file (env SEOGO_CONFIG)")
	pf.BoolVar(&a.jsonOut, "json", false, "print machine-readable JSON")
	pf.StringVar(&a.flagLang, "lang", "", "language of messages: ko or en (env SEOGO_LANG; default from the locale)")
	pf.StringVar(&a.cfg.LLM.Provider, "llm", "", "LLM that writes answers: openai, azure, ollama, openai-compatible or none (env SEOGO_LLM)")
	pf.StringVar(&a.cfg.LLM.Model, "llm-model", "", "chat model, or the Azure deployment (env SEOGO_LLM_MODEL)")
	pf.StringVar(&a.cfg.Embedder, "embedder", "", "embedder: local, openai:MODEL, azure:DEPLOYMENT, ollama:MODEL, openai-compatible:MODEL (env SEOGO_EMBEDDER)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.ingestCommand(), a.searchCommand(), a.askCommand(), a.evalCommand(),
		a.collectionsCommand(), a.docsCommand(), a.demoCommand(), a.configCommand(),
		a.modelsCommand(), a.doctorCommand(), a.reembedCommand(), a.classifyCommand(), a.extractCommand(), a.guardCommand(), a.embedCommand(), a.indexCommand(), a.serveCommand(), a.keysCommand(), a.dbCommand(), a.migrateCommand())
	return root
}

// resolveConfig applies the precedence defaults < file < env < flags: flags
// were parsed into a.cfg already, so file and env are applied underneath
// them by re-applying the flags that were set.
func (a *app) resolveConfig(cmd *cobra.Command) error {
	flagged := seogo.DefaultConfig()
	path := a.configPath
	if path == "" {
		path = a.getenv("SEOGO_CONFIG")
	}
	if path != "" {
		if err := flagged.LoadFile(path); err != nil {
			return usageError{err}
		}
	}
	if err := flagged.ApplyEnv(a.getenv); err != nil {
		return usageError{err}
	}
	set := func(name string, apply func()) {
		if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
			apply()
		}
	}
	set("data-dir", func() { flagged.DataDir = a.cfg.DataDir })
	set("store", func() { flagged.Store = a.cfg.Store })
	set("collection", func() { flagged.Collection = a.cfg.Collection })
	set("llm", func() { flagged.LLM.Provider = a.cfg.LLM.Provider })
	set("llm-model", func() { flagged.LLM.Model = a.cfg.LLM.Model })
	set("embedder", func() { flagged.Embedder = a.cfg.Embedder })
	for _, f := range a.localFlags {
		if f.flag != nil && f.flag.Changed {
			f.apply(&flagged)
		}
	}
	a.cfg = flagged
	a.cfg.Getenv = a.getenv
	if a.flagLang != "" {
		l, ok := i18n.Parse(a.flagLang)
		if !ok {
			return usageError{i18n.Errorf("--lang 은 ko 또는 en 이어야 합니다(%q 는 안 됩니다)", "--lang must be ko or en, not %q", a.flagLang)}
		}
		a.lang = l
	} else if l, ok := i18n.Parse(a.cfg.Lang); ok {
		a.lang = l
	}
	a.cfg.Lang = string(a.lang)
	if err := a.cfg.Validate(); err != nil {
		return usageError{err}
	}
	return nil
}

// localFlag is a command flag that overrides a Config field; it is applied
// after the file and the environment.
type localFlag struct {
	flag  *pflag.Flag
	apply func(*seogo.Config)
}

// withEngine opens the data directory for one command and closes it after;
// a failed close (an index snapshot not written) is reported only when the
// command itself succeeded.
func (a *app) withEngine(cmd *cobra.Command, fn func(e *seogo.Engine) error) error {
	e, err := seogo.Open(cmd.Context(), a.cfg)
	if err != nil {
		return err
	}
	err = fn(e)
	if cerr := e.Close(); err == nil {
		err = cerr
	}
	return err
}

// args validates positional arguments as a usage error (exit code 2).
func args(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, as []string) error {
		if err := v(cmd, as); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// langArg finds the value of --lang in raw arguments ("--lang ko" or
// "--lang=ko"), stopping at "--".
func langArg(args []string) string {
	for i, a := range args {
		switch {
		case a == "--":
			return ""
		case a == "--lang" && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(a, "--lang="):
			return strings.TrimPrefix(a, "--lang=")
		}
	}
	return ""
}
