// Package linktest makes real links for the Windows tests of code that must
// not follow them: junctions, symbolic links, hard links and, under Wine,
// Unix symbolic links (what a link made on the Linux side of a Wine prefix
// looks like to Windows programs). A kind the system cannot make ends the
// test as a skip: "NOT VERIFIABLE HERE" under Wine for what only Windows can
// make (the test asserts it on Windows CI). docs/platform.md has the facts.
package linktest
