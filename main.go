// Command terraform-provider-cloudinary serves the Cloudinary Terraform provider
// over plugin protocol 6.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/planshortcut"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// version is set by goreleaser through -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	// Process settings, explicit and in one place, before the plugin server
	// reads the environment (gc.go and logging.go say why each is worth it).
	environ := os.Environ()
	tuneGCUnlessSet(environ)
	requestLogs, err := quietSDKLogsUnlessAsked(environ, os.Setenv)
	if err != nil {
		log.Fatal(err.Error())
	}

	// planshortcut.NewServer is the framework's server behind a shortcut for
	// plans that change nothing; served as providerserver.Serve would.
	server, err := planshortcut.NewServer(provider.New(version, provider.WithRequestLogs(requestLogs))())()
	if err != nil {
		log.Fatal(err.Error())
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err = tf6server.Serve("registry.terraform.io/cloudinary-terraform/cloudinary",
		func() tfprotov6.ProviderServer { return server }, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
