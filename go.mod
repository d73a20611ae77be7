module github.com/svcpack/svcpack

go 1.26.8

require golang.org/x/sys v0.49.0

require github.com/magefile/mage v1.17.2 // indirect

tool github.com/magefile/mage
