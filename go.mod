module github.com/svcpack/svcpack

go 1.26.8

require (
	github.com/magefile/mage v1.17.2 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

tool github.com/magefile/mage
