module github.com/svcpack/svcpack

go 1.26.8

require (
	github.com/magefile/mage v1.17.2
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.2
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/sys v0.49.0
)

require golang.org/x/text v0.14.0 // indirect

tool (
	github.com/magefile/mage
	github.com/svcpack/svcpack/cmd/svcpack
)
