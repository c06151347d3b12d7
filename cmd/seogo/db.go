package main

import (
	"fmt"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
)

// storeArg is the store a db/migrate command works on: the argument, else
// --store / SEOGO_STORE, else the data directory.
func (a *app) storeArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	if a.cfg.Store != "" {
		return a.cfg.Store
	}
	return "sqlite:" + a.cfg.DataDir
}

// redactURL hides a password in a store address for output.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		return u.Redacted()
	}
	return s
}

func (a *app) dbCommand() *cobra.Command {
	db := &cobra.Command{
		Use:   "db",
		Short: "Manage the store's database (PostgreSQL or the embedded store)",
	}
	db.AddCommand(&cobra.Command{
		Use:   "migrate [STORE]",
		Short: "Apply schema migrations (safe from many nodes at once: an advisory lock orders them)",
		Long: `Brings the schema of a store up to date. STORE is sqlite:DIR or postgres://…
(default: SEOGO_STORE, else the data directory). Every seogo command does this
when it opens a store; run it to apply a new schema before rolling out nodes.`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			target := a.storeArg(as)
			if err := seogo.MigrateSchema(cmd.Context(), a.cfg, target); err != nil {
				return err
			}
			if a.jsonOut {
				a.printJSON(map[string]any{"store": redactURL(target), "migrated": true})
				return nil
			}
			a.println(msgSchemaUpToDate.In(a.lang, redactURL(target)))
			return nil
		},
	})
	return db
}

func (a *app) migrateCommand() *cobra.Command {
	var from, to string
	var colls []string
	cmd := &cobra.Command{
		Use:   "migrate --from SRC --to DST",
		Short: "Copy collections between stores (embedded ⇄ PostgreSQL) with their vectors, resumably",
		Long: `Copies every collection (or those named with --collection) from one store to
another: documents, chunks, analysed tokens and vectors, so nothing is
analysed or embedded again. Stores are sqlite:DIR (or a directory) or
postgres://…. A stopped run is resumed by running it again: documents already
copied (same hash and chunk count) are skipped.

  seogo migrate --from ./.seogo --to postgres://seogo@db/seogo
  seogo migrate --from postgres://seogo@db/seogo --to sqlite:./backup`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				from = "sqlite:" + a.cfg.DataDir
			}
			var copied, skipped int
			last := ""
			err := seogo.MigrateStore(cmd.Context(), a.cfg, from, to, colls, func(p seogo.MigrateProgress) {
				if p.Skipped {
					skipped++
				} else {
					copied++
				}
				if !a.jsonOut {
					if last != "" && last != p.Collection {
						fmt.Fprintln(a.stderr)
					}
					last = p.Collection
					fmt.Fprint(a.stderr, "\r"+msgMigrateProgress.In(a.lang, p.Collection, p.Done, p.Total))
				}
			})
			if last != "" && !a.jsonOut {
				fmt.Fprintln(a.stderr)
			}
			if err != nil {
				return err
			}
			if a.jsonOut {
				a.printJSON(map[string]any{"from": redactURL(from), "to": redactURL(to), "copied": copied, "skipped": skipped})
				return nil
			}
			a.println(msgMigrated.In(a.lang, copied, skipped, redactURL(from), redactURL(to)))
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "source store: sqlite:DIR, a directory or postgres://… (default: the data directory)")
	cmd.Flags().StringVar(&to, "to", "", "destination store: sqlite:DIR, a directory or postgres://…")
	cmd.Flags().StringSliceVar(&colls, "collection", nil, "copy only these collections (repeatable)")
	cmd.MarkFlagRequired("to")
	return cmd
}

var msgSchemaUpToDate = i18n.Text{Ko: "스키마가 최신입니다: %s", En: "schema up to date: %s"}

var (
	msgMigrateProgress = i18n.Text{Ko: "%s: 문서 %d/%d", En: "%s: %d/%d documents"}
	msgMigrated        = i18n.Text{Ko: "문서 %d개 복사, %d개는 이미 있음: %s → %s", En: "copied %d documents, %d already there: %s → %s"}
)
