package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/server"
	"github.com/seogo/seogo/store/postgres"
)

var (
	msgKeyCreated = i18n.Text{Ko: "키 %s (%s) 를 만들었습니다. 아래 키는 지금 한 번만 보입니다. 안전하게 보관하세요:",
		En: "created key %s (%s). The key below is shown this once only; keep it safe:"}
	msgKeyRevoked = i18n.Text{Ko: "키 %s 를 폐기했습니다.", En: "revoked key %s."}
	msgNoKeys     = i18n.Text{Ko: "키가 없습니다. seogo serve 는 인증 없이 이 컴퓨터(루프백)에서만 열립니다.",
		En: "no keys; seogo serve listens on loopback only, without authentication."}
	msgKeysHeader = i18n.Text{Ko: "ID\t역할\t컬렉션\t그룹\t이름\t만든 때", En: "ID\tROLE\tCOLLECTIONS\tGROUPS\tNAME\tCREATED"}
	msgAll        = i18n.Text{Ko: "(모두)", En: "(all)"}
)

func (a *app) keysCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage the API keys of seogo serve (stored hashed in the data directory, or in the shared store for every node)",
	}
	var role, name string
	var colls, groups []string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API key and print it once",
		Long: `Create makes a random key and stores only its SHA-256 in keys.json (mode 0600) in the
data directory. Roles: reader (search, ask, chat, models, embeddings), editor (+ upload and
delete documents), admin (+ collections, keys, metrics, every collection and group).
--collections limits the key to those collections; --groups are the document access groups
it may read (a non-admin key without groups reads only documents open to all).`,
		Example: `  seogo keys create --role admin
  seogo keys create --role reader --collections docs,faq --groups hr,finance --name "HR portal"`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := server.ParseRole(role)
			if err != nil {
				return usageError{err}
			}
			ks, done, err := a.openKeys(cmd)
			if err != nil {
				return err
			}
			defer done()
			k, secret, err := ks.Create(server.Key{Name: name, Role: r, Collections: colls, Groups: groups})
			if err != nil {
				return err
			}
			if a.jsonOut {
				a.printJSON(map[string]any{"key": k, "secret": secret})
				return nil
			}
			a.eprintln(msgKeyCreated.In(a.lang, k.ID, k.Role))
			a.println(secret)
			return nil
		},
	}
	create.Flags().StringVar(&role, "role", "reader", "reader, editor or admin")
	create.Flags().StringSliceVar(&colls, "collections", nil, "collections the key may use (default: all)")
	create.Flags().StringSliceVar(&groups, "groups", nil, "document access groups the key reads")
	create.Flags().StringVar(&name, "name", "", "a note on who uses the key")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the API keys (never the keys themselves)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ks, done, err := a.openKeys(cmd)
			if err != nil {
				return err
			}
			defer done()
			keys, err := ks.List()
			if err != nil {
				return err
			}
			if a.jsonOut {
				if keys == nil {
					keys = []server.Key{}
				}
				a.printJSON(keys)
				return nil
			}
			if len(keys) == 0 {
				a.println(msgNoKeys.In(a.lang))
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, msgKeysHeader.In(a.lang))
			for _, k := range keys {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Role, orAll(k.Collections, a.lang), strings.Join(k.Groups, ","),
					k.Name, k.Created.Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API key (a running server stops accepting it within a second)",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			ks, done, err := a.openKeys(cmd)
			if err != nil {
				return err
			}
			defer done()
			if err := ks.Revoke(as[0]); err != nil {
				return err
			}
			a.println(msgKeyRevoked.In(a.lang, as[0]))
			return nil
		},
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}

// openKeys opens the API keys where seogo serve reads them: in a shared
// store (postgres://…) for every node, else in the data directory's key
// file. It does not open an embedded store, which a running server holds.
func (a *app) openKeys(cmd *cobra.Command) (*server.KeyStore, func(), error) {
	if !postgres.IsURL(a.cfg.Store) {
		ks, err := server.OpenKeys(a.cfg.DataDir)
		return ks, func() {}, err
	}
	st, err := seogo.OpenStore(cmd.Context(), a.cfg)
	if err != nil {
		return nil, nil, err
	}
	ks, err := server.KeysFor(st, a.cfg.DataDir)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return ks, func() { st.Close() }, nil
}

func orAll(list []string, l i18n.Lang) string {
	if len(list) == 0 {
		return msgAll.In(l)
	}
	return strings.Join(list, ",")
}
