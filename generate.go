package main

// Documentation is generated, never edited by hand: `make generate` runs
// `go generate ./...`, which formats the examples, then renders docs/ from the
// provider's schema, examples/ and templates/ with tfplugindocs (a `tool`
// dependency in go.mod, so its version is pinned there). The provider name is
// given explicitly because the module directory is not named after it.
// tfplugindocs uses the terraform on PATH to read the schema.

//go:generate terraform fmt -recursive ./examples/
//go:generate go tool tfplugindocs generate --provider-name cloudinary --rendered-provider-name cloudinary
