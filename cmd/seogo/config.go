package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) configCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Show the effective configuration", Args: args(cobra.NoArgs)}
	show := &cobra.Command{
		Use: "show", Short: "Print the configuration after file, environment and flags are applied",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.jsonOut {
				a.printJSON(a.cfg)
				return nil
			}
			fmt.Fprint(a.stdout, a.cfg.String())
			return nil
		},
	}
	cmd.AddCommand(show)
	return cmd
}
