package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/dustin/go-humanize"
	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
	"golang.org/x/term"
)

func (a *app) collectionsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "collections",
		Aliases: []string{"collection", "coll"},
		Short:   "List, create and delete collections",
		Args:    args(cobra.NoArgs),
		RunE:    func(cmd *cobra.Command, _ []string) error { return a.listCollections(cmd) },
	}
	list := &cobra.Command{
		Use: "list", Short: "List collections with their document and chunk counts",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.listCollections(cmd) },
	}
	create := &cobra.Command{
		Use: "create NAME", Short: "Create a collection bound to an analyzer and an embedder",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				c, err := e.CreateCollection(cmd.Context(), as[0])
				if err != nil {
					return err
				}
				if a.jsonOut {
					a.printJSON(c)
					return nil
				}
				a.println(msgCreated.In(a.lang, c.Name, c.Analyzer, c.Embedder, c.Dim))
				return nil
			})
		},
	}
	a.collectionFlags(create)
	var yes bool
	del := &cobra.Command{
		Use: "delete NAME", Short: "Delete a collection and all of its documents",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				if !yes {
					docs, err := e.Documents(cmd.Context(), as[0], seogo.Filter{})
					if err != nil {
						return err
					}
					if !term.IsTerminal(int(os.Stdin.Fd())) {
						return usageError{fmt.Errorf("%s", msgNeedYes.In(a.lang))}
					}
					fmt.Fprint(a.stderr, msgConfirm.In(a.lang, as[0], len(docs)))
					line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
					if ans := strings.ToLower(strings.TrimSpace(line)); ans != "y" && ans != "yes" && ans != "예" && ans != "네" {
						a.println(msgKept.In(a.lang))
						return nil
					}
				}
				if err := e.DeleteCollection(cmd.Context(), as[0]); err != nil {
					return err
				}
				if a.jsonOut {
					a.printJSON(map[string]any{"deleted": as[0]})
					return nil
				}
				a.println(msgDeleted.In(a.lang, as[0]))
				return nil
			})
		},
	}
	del.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	cmd.AddCommand(list, create, del)
	return cmd
}

func (a *app) listCollections(cmd *cobra.Command) error {
	return a.withEngine(cmd, func(e *seogo.Engine) error {
		cs, err := e.Collections(cmd.Context())
		if err != nil {
			return err
		}
		if a.jsonOut {
			if cs == nil {
				cs = []seogo.Collection{}
			}
			a.printJSON(cs)
			return nil
		}
		if len(cs) == 0 {
			a.println(msgNoColls.In(a.lang))
			return nil
		}
		tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, msgCollHeader.In(a.lang))
		for _, c := range cs {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%d\t%s\n", c.Name, c.Documents, c.Chunks, c.Analyzer, c.Embedder, c.Dim,
				c.Created.Local().Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	})
}

func (a *app) docsCommand() *cobra.Command {
	var ff filterFlags
	cmd := &cobra.Command{
		Use:   "docs",
		Short: "List and remove documents of a collection",
		Args:  args(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.listDocs(cmd, ff) },
	}
	list := &cobra.Command{
		Use: "list", Short: "List documents (path, title, chunks, size, updated)",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.listDocs(cmd, ff) },
	}
	ff.register(list)
	remove := &cobra.Command{
		Use: "remove ID|PATH...", Aliases: []string{"rm"}, Short: "Remove documents and their chunks",
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				var removed []seogo.DocInfo
				for _, id := range as {
					d, err := e.RemoveDocument(cmd.Context(), "", id)
					if err != nil {
						return err
					}
					removed = append(removed, d)
					if !a.jsonOut {
						a.println(msgDocRemoved.In(a.lang, d.ID, d.Source))
					}
				}
				if a.jsonOut {
					a.printJSON(map[string]any{"removed": removed})
				}
				return nil
			})
		},
	}
	cmd.AddCommand(list, remove)
	return cmd
}

func (a *app) listDocs(cmd *cobra.Command, ff filterFlags) error {
	f, err := ff.filter()
	if err != nil {
		return err
	}
	return a.withEngine(cmd, func(e *seogo.Engine) error {
		docs, err := e.Documents(cmd.Context(), "", f)
		if err != nil {
			return err
		}
		if a.jsonOut {
			if docs == nil {
				docs = []seogo.DocInfo{}
			}
			a.printJSON(docs)
			return nil
		}
		if len(docs) == 0 {
			a.println(msgNoDocs.In(a.lang, a.cfg.Collection))
			return nil
		}
		tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, msgDocsHeader.In(a.lang))
		for _, d := range docs {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", d.ID, d.Chunks, humanize.IBytes(uint64(d.Size)),
				d.Updated.Local().Format("2006-01-02 15:04"), snippet(d.Title, 40), d.Source)
		}
		return tw.Flush()
	})
}
