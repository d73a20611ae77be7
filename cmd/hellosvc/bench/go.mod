// The sample's bench command: `go tool mage bench` runs it. It holds what
// only the sample knows (its driver, benchdrive, and its HTTP server on bare
// x/sys) and passes it to the product-agnostic bench library,
// packaging/bench, a module of its own too.
module github.com/svcpack/svcpack/cmd/hellosvc/bench

go 1.26.8

require (
	github.com/svcpack/svcpack/packaging/bench v0.0.0
	golang.org/x/sys v0.49.0
)

require (
	github.com/svcpack/svcpack v0.0.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)

replace (
	github.com/svcpack/svcpack => ../../..
	github.com/svcpack/svcpack/packaging/bench => ../../../packaging/bench
)
