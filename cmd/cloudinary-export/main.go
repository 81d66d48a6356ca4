// Command cloudinary-export writes a whole Cloudinary account as Terraform
// configuration: a folder of .tf files with one resource block and one
// import block per object, for adopting an existing account with the
// cloudinary-terraform/cloudinary provider.
//
//	CLOUDINARY_ACCOUNT_URL=account://KEY:SECRET@ACCOUNT_ID cloudinary-export -out ./cloudinary
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/export"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stderr))
}

const usageHead = `Usage: cloudinary-export -out DIR [-kinds LIST] [-account-id ID] [-endpoint URL] [-region REGION] [-force]

Writes the Cloudinary account as Terraform configuration into DIR: providers.tf,
one file per kind with a resource block and an import block per object, and a
README.md saying what to check. "terraform plan" on the result must show only
imports.

Credentials come from the environment, exactly as for the provider:
  CLOUDINARY_ACCOUNT_URL=account://API_KEY:API_SECRET@ACCOUNT_ID, or
  CLOUDINARY_ACCOUNT_ID, CLOUDINARY_PROVISIONING_API_KEY and
  CLOUDINARY_PROVISIONING_API_SECRET (these win over the URL);
  CLOUDINARY_ENDPOINT sets the API address (e.g. the emulator's).
The secret is read from the environment only and never printed.

Flags:
`

// run is the whole command; it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) int {
	fs := flag.NewFlagSet("cloudinary-export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		out   = fs.String("out", "", "output directory (required; created if needed, must be empty unless -force)")
		kinds = fs.String("kinds", "all", "comma-separated kinds to export: "+kindNames())
		force = fs.Bool("force", false, "write into a non-empty directory, replacing the files of an earlier export")
		o     export.Overrides
	)
	fs.StringVar(&o.AccountID, "account-id", "", "account id (overrides "+export.EnvAccountID+" and "+export.EnvAccountURL+")")
	fs.StringVar(&o.Endpoint, "endpoint", "", "API base URL (overrides "+export.EnvEndpoint+")")
	fs.StringVar(&o.Region, "region", "", "API region: "+strings.Join(client.Regions, ", ")+" (default api; ignored with an endpoint)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageHead)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "cloudinary-export: "+format+"\n", a...)
		return 1
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "cloudinary-export: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "cloudinary-export: -out DIR is required")
		fs.Usage()
		return 2
	}
	ks, err := export.ParseKinds(*kinds)
	if err != nil {
		return fail("-kinds: %v", err)
	}
	cfg, err := export.ClientConfig(o, getenv)
	if err != nil {
		return fail("%v", err)
	}
	c, err := client.New(cfg)
	if err != nil {
		return fail("%v", err)
	}
	progress := func(format string, a ...any) {
		fmt.Fprintf(stderr, "cloudinary-export: "+format+"\n", a...)
	}
	region := cfg.Region
	if cfg.BaseURL != "" {
		region = "" // the endpoint decides; the region would be ignored
	}
	res, err := export.Export(ctx, c, export.Options{
		Dir: *out, Kinds: ks, Overwrite: *force, Region: region, Progress: progress,
	})
	if err != nil {
		reportRequests(stderr, c)
		return fail("%v", err)
	}
	var counts []string
	for _, k := range ks {
		counts = append(counts, fmt.Sprintf("%s %d", k, res.Counts[k]))
	}
	progress("wrote %d objects to %s (%s)", res.Imports(), *out, strings.Join(counts, ", "))
	for _, w := range res.Warnings {
		progress("warning: %s", w)
	}
	reportRequests(stderr, c)
	progress("next: review %s, then run terraform plan in %s: it must show %d to import and nothing else",
		filepath.Join(*out, "README.md"), *out, res.Imports())
	return 0
}

// reportRequests prints how many API requests the export spent, by
// operation: they come out of the account's hourly budget.
func reportRequests(w io.Writer, c *client.Client) {
	counts := c.RequestCounts()
	total := 0
	var parts []string
	for _, op := range slices.Sorted(maps.Keys(counts)) {
		total += counts[op]
		parts = append(parts, fmt.Sprintf("%s %d", op, counts[op]))
	}
	msg := fmt.Sprintf("cloudinary-export: %d API requests", total)
	if len(parts) > 0 {
		msg += " (" + strings.Join(parts, ", ") + ")"
	}
	if r := c.Retries(); r > 0 {
		msg += fmt.Sprintf(", %d of them retries", r)
	}
	fmt.Fprintln(w, msg)
}

func kindNames() string {
	names := make([]string, len(export.AllKinds))
	for i, k := range export.AllKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ",")
}
