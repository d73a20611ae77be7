// The bench (go tool mage bench) is a module of its own: what it measures
// with and against stays out of svcpack's go.mod, and its code is no package
// of the module adopters require. Being under packaging/, it may still use
// the pipeline's stages (packaging/internal) of the svcpack beside it.
module github.com/svcpack/svcpack/packaging/bench

go 1.26.8

require github.com/svcpack/svcpack v0.0.0

require (
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

replace github.com/svcpack/svcpack => ../..
