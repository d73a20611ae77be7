package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/product"
)

var updateWXS = flag.Bool("update-wxs", false, "rewrite the repository's .wxs from the template (TestRepositoryWxsIsTheTemplate)")

// TestRepositoryWxsIsTheTemplate: the repository's own .wxs (svcpack.yaml's
// wxs) is exactly what init's template gives for the repository's product
// file, with the parts a product keeps for itself taken from the file: its
// identifier prefix, its component GUIDs, and the shape check (condition and
// message) of each property that reaches a setting. Anything else that
// differs fails, so what adopters get and what svcpack itself ships and
// tests cannot drift apart. After changing the template:
//
//	go test ./cmd/svcpack -run TestRepositoryWxsIsTheTemplate -update-wxs
func TestRepositoryWxsIsTheTemplate(t *testing.T) {
	// svcpack's own product and its sample wrapped program (examples/wrapdemo).
	for _, file := range []string{"../../" + product.FileName, "../../examples/wrapdemo/" + product.FileName} {
		t.Run(file, func(t *testing.T) { checkWxsIsTheTemplate(t, file) })
	}
}

func checkWxsIsTheTemplate(t *testing.T, file string) {
	p, err := product.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(filepath.Dir(file), filepath.FromSlash(p.WXS))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	have := string(b)
	v := wxsValuesFrom(p, have)
	if v.ID == "" || v.ExeGUID == "" || v.EventSourceGUID == "" || v.RememberedGUID == "" || v.CrashDumpsGUID == "" {
		t.Fatalf("%s: its components (<ID>Exe, <ID>EventSource, <ID>Remembered, <ID>CrashDumps with their GUIDs) not found", p.WXS)
	}
	want, err := render("service.wxs.tmpl", v)
	if err != nil {
		t.Fatal(err)
	}
	if *updateWXS {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if have != string(want) {
		hl, wl := strings.Split(have, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(hl) || i < len(wl); i++ {
			var h, w string
			if i < len(hl) {
				h = hl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if h != w {
				t.Fatalf("%s is not the template rendered for %s: first difference at line %d:\n have: %s\n want: %s\n"+
					"(change cmd/svcpack/template/service.wxs.tmpl, then: go test ./cmd/svcpack -run TestRepositoryWxsIsTheTemplate -update-wxs)",
					p.WXS, product.FileName, i+1, h, w)
			}
		}
	}
}

var componentRE = regexp.MustCompile(`<Component Id="([A-Za-z][A-Za-z0-9]*)(Exe|EventSource|Remembered|CrashDumps)" Guid="([0-9A-F-]{36})"`)

// wxsValuesFrom are the template's values for p, with the product's own
// parts read from its .wxs text.
func wxsValuesFrom(p *product.Product, wxs string) initValues {
	v := initValues{Name: p.Name, Company: p.Company, FolderCheck: folderCheck(), URL: p.Signing.URL, Settings: settingProperties(p), Wrap: p.Wrap != nil}
	for _, m := range componentRE.FindAllStringSubmatch(wxs, -1) {
		v.ID = m[1]
		switch m[2] {
		case "Exe":
			v.ExeGUID = m[3]
		case "EventSource":
			v.EventSourceGUID = m[3]
		case "Remembered":
			v.RememberedGUID = m[3]
		case "CrashDumps":
			v.CrashDumpsGUID = m[3]
		}
	}
	for i, s := range v.Settings {
		msg := regexp.MustCompile(`<CustomAction Id="Invalid` + s.ID + `" Property="InvalidProperty"\s+Value="([^"]*)" />`).FindStringSubmatch(wxs)
		cond := regexp.MustCompile(`<Custom Action="Invalid` + s.ID + `" Sequence="55">([^<]*)</Custom>`).FindStringSubmatch(wxs)
		if msg != nil && cond != nil {
			v.Settings[i].Message, v.Settings[i].Check = msg[1], cond[1]
		}
	}
	return v
}
