package schandle_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/svcpack/svcpack/cmd/schandle/schandle"
)

// TestMistakes: each mistake is reported once, at the open or at the bad call.
func TestMistakes(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schandle.Analyzer, "mistakes")
}

// TestAllowed: the patterns that are right, or transfer ownership, are not reported.
func TestAllowed(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schandle.Analyzer, "allowed")
}

// TestWrappers: //schandle:opens and //schandle:closes on an interface,
// functions that return a handle they opened, functions that close a parameter.
func TestWrappers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), schandle.Analyzer, "wrappers")
}
