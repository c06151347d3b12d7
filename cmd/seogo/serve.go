package main

import (
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/server"
)

var (
	msgServing = i18n.Text{Ko: "seogo 가 http://%s 에서 기다립니다 (웹 UI, /api/v1, OpenAI 호환 /v1). 끝내려면 Ctrl-C.",
		En: "seogo is serving on http://%s (web UI, /api/v1, OpenAI-compatible /v1). Ctrl-C to stop."}
	msgNoAuth = i18n.Text{Ko: "API 키가 없어 인증 없이 이 컴퓨터에서만 열립니다(seogo keys create 로 키를 만들 수 있습니다).",
		En: "no API keys: serving this machine only, without authentication (create keys with seogo keys create)."}
)

func (a *app) serveCommand() *cobra.Command {
	var addr, logFormat, logLevel string
	var rate float64
	var burst int
	var maxUploadMB int64
	var noIngest bool
	var jobLease time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web UI, the REST API and the OpenAI-compatible API",
		Long: `Serve opens the data directory and answers HTTP: the web UI at /, the REST API at
/api/v1 (documented at /api/v1/openapi.json), an OpenAI-compatible API at /v1 (one model per
collection, "seogo/<collection>"), and /healthz, /readyz, /metrics.
With no API keys it listens on loopback only and needs no authentication; to listen on
another address, create keys first (seogo keys create --role admin).`,
		Example: `  seogo serve
  seogo serve --addr 127.0.0.1:9000 --data-dir ./store
  seogo keys create --role admin && seogo serve --addr 0.0.0.0:8080 --log-format json
  seogo serve --store postgres://seogo@db/seogo   # any number of nodes share the uploads queue`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var level slog.Level
			if err := level.UnmarshalText([]byte(logLevel)); err != nil {
				return usageError{i18n.Errorf("--log-level 은 debug, info, warn, error 중 하나입니다", "--log-level must be debug, info, warn or error")}
			}
			hopt := &slog.HandlerOptions{Level: level}
			var h slog.Handler
			switch strings.ToLower(logFormat) {
			case "json":
				h = slog.NewJSONHandler(a.stderr, hopt)
			case "text", "":
				h = slog.NewTextHandler(a.stderr, hopt)
			default:
				return usageError{i18n.Errorf("--log-format 은 text 또는 json 입니다", "--log-format must be text or json")}
			}
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				s, err := server.New(e, server.Options{Addr: addr, Logger: slog.New(h), Lang: a.lang,
					RatePerSecond: rate, Burst: burst, MaxUploadBytes: maxUploadMB << 20, NoIngest: noIngest, JobLease: jobLease})
				if err != nil {
					return err
				}
				return s.Serve(cmd.Context(), func(bound string) {
					a.eprintln(msgServing.In(a.lang, bound))
					if s.Keys().Empty() {
						a.eprintln(msgNoAuth.In(a.lang))
					}
				})
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (a non-loopback address needs API keys)")
	f.StringVar(&logFormat, "log-format", "text", "request log format: text or json (on stderr)")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	f.Float64Var(&rate, "rate", 20, "requests per second per API key (negative: no limit)")
	f.IntVar(&burst, "burst", 40, "burst of requests per API key")
	f.Int64Var(&maxUploadMB, "max-upload-mb", 256, "largest upload request in MB")
	f.DurationVar(&jobLease, "job-lease", 2*time.Minute, "with --store postgres://…: how long a node holds an ingest job without renewing it (a dead node's jobs move on after this)")
	f.BoolVar(&noIngest, "no-ingest", false, "with --store postgres://…: queue uploads for other nodes and run no ingest here (an API-only node)")
	return cmd
}
