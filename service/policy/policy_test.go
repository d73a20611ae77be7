package policy

import (
	"errors"
	"strings"
	"testing"
)

var testPolicy = New("Contoso", "widget",
	Setting{Name: "listen", Kind: Text, Apply: Restart},
	Setting{Name: "workers", Kind: Decimal, Apply: Live},
)

func TestNewKey(t *testing.T) {
	if testPolicy.Key != `Software\Policies\Contoso\widget` {
		t.Errorf("key %q", testPolicy.Key)
	}
}

// The registry types each setting takes are an allowlist: what its ADMX
// element writes.
func TestParse(t *testing.T) {
	for _, c := range []struct {
		s       Setting
		r       Raw
		want    string
		wantErr string
	}{
		{Setting{Kind: Text}, Raw{Type: regSZ, Text: "0.0.0.0:9090"}, "0.0.0.0:9090", ""},
		{Setting{Kind: Text}, Raw{Type: regSZ, Text: ""}, "", ""},
		{Setting{Kind: Text}, Raw{Type: regExpandSZ, Text: "%HOST%:1"}, "", "REG_EXPAND_SZ: expected REG_SZ"},
		{Setting{Kind: Text}, Raw{Type: regDWORD, Number: 8080}, "", "REG_DWORD: expected REG_SZ"},
		{Setting{Kind: Text}, Raw{Type: regSZ, Text: strings.Repeat("x", 1024)}, "", "1024 characters (UTF-16) long"},
		// The limit counts characters, not UTF-8 bytes: 1023 two-byte
		// characters pass, 1024 UTF-16 code units (512 surrogate pairs) do not.
		{Setting{Kind: Text}, Raw{Type: regSZ, Size: 2048, Text: strings.Repeat("é", 1023)}, strings.Repeat("é", 1023), ""},
		{Setting{Kind: Text}, Raw{Type: regSZ, Text: strings.Repeat("\U0001F600", 512)}, "", "1024 characters (UTF-16) long"},
		// A value the registry reports as larger is refused from its size
		// alone: readKey leaves its text unread.
		{Setting{Kind: Text}, Raw{Type: regSZ, Size: 2050}, "", "2050 bytes in the registry"},
		{Setting{Kind: Text}, Raw{Type: regSZ, Size: 1 << 30}, "", "at most 1023 characters"},
		{Setting{Kind: Decimal}, Raw{Type: regDWORD, Number: 42}, "42", ""},
		{Setting{Kind: Decimal}, Raw{Type: regSZ, Text: "42"}, "", "REG_SZ: expected REG_DWORD"},
		{Setting{Kind: Decimal}, Raw{Type: 11, Number: 1}, "", "REG_QWORD"},
	} {
		v := parse(c.s, c.r)
		if c.wantErr == "" && (v.Err != nil || v.Text != c.want) {
			t.Errorf("parse(%v, %+v) = %+v, want %q", c.s.Kind, c.r, v, c.want)
		}
		if c.wantErr != "" && (v.Err == nil || !strings.Contains(v.Err.Error(), c.wantErr)) {
			t.Errorf("parse(%v, %+v) = %+v, want an error with %q", c.s.Kind, c.r, v, c.wantErr)
		}
	}
}

func TestParseAllIgnoresUndeclaredValues(t *testing.T) {
	v := testPolicy.parseAll(map[string]Raw{
		"listen": {Type: regSZ, Text: ":9090"},
		"other":  {Type: regSZ, Text: "x"},
	})
	if len(v) != 1 || v["listen"].Text != ":9090" {
		t.Errorf("values %+v, want listen only", v)
	}
}

func checkListen(name, value string) error {
	if name == "listen" && !strings.Contains(value, ":") {
		return errors.New(`"listen": ` + value + ` is not host:port`)
	}
	return nil
}

func TestResolvePrecedence(t *testing.T) {
	layers := []Layer{
		{Name: "listen", File: "127.0.0.1:8081", InFile: true, Default: "127.0.0.1:8080"},
		{Name: "workers", Default: "4"},
		{Name: "undeclared", File: "f", InFile: true, Default: "d"},
	}
	for _, c := range []struct {
		name    string
		pol     Values
		want    []string // value/source per layer
		refused string
	}{
		{"no policy", nil, []string{"127.0.0.1:8081/config file", "4/default", "f/config file"}, ""},
		{"policy wins", Values{"listen": {Text: ":9090"}, "workers": {Text: "8"}}, []string{":9090/policy", "8/policy", "f/config file"}, ""},
		{"a policy for an undeclared setting is ignored", Values{"undeclared": {Text: "p"}}, []string{"127.0.0.1:8081/config file", "4/default", "f/config file"}, ""},
		{"refused by the program's check", Values{"listen": {Text: "9090"}}, []string{"127.0.0.1:8081/config file", "4/default", "f/config file"},
			`policy HKLM\Software\Policies\Contoso\widget\listen refused: "listen": 9090 is not host:port; using the config file's value`},
		{"refused for its type", Values{"workers": {Err: errors.New("is of registry type REG_SZ: expected REG_DWORD")}}, []string{"127.0.0.1:8081/config file", "4/default", "f/config file"},
			`workers refused: is of registry type REG_SZ: expected REG_DWORD; using the default's value`},
	} {
		t.Run(c.name, func(t *testing.T) {
			eff := testPolicy.Resolve(layers, c.pol, checkListen)
			var got []string
			var refused []string
			for _, e := range eff {
				got = append(got, e.Value+"/"+string(e.Source))
				if e.Refused != "" {
					refused = append(refused, e.Refused)
				}
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("effective %q, want %q", got, c.want)
			}
			switch {
			case c.refused == "" && len(refused) > 0:
				t.Errorf("refused %q, want none", refused)
			case c.refused != "" && (len(refused) != 1 || !strings.Contains(refused[0], c.refused)):
				t.Errorf("refused %q, want one containing %q", refused, c.refused)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	old := Values{"listen": {Text: ":9090"}, "workers": {Text: "4"}}
	if ch := testPolicy.Diff(old, Values{"listen": {Text: ":9090"}, "workers": {Text: "4"}}); len(ch) != 0 {
		t.Errorf("same values: changes %+v", ch)
	}
	ch := testPolicy.Diff(old, Values{"workers": {Text: "8"}, "other": {Text: "x"}})
	if len(ch) != 2 || ch[0].Setting.Name != "listen" || !ch[0].Removed || ch[1].Setting.Name != "workers" || ch[1].New.Text != "8" || ch[1].Removed {
		t.Errorf("changes %+v", ch)
	}
	if ch := testPolicy.Diff(nil, Values{"workers": {Err: errors.New("bad type")}}); len(ch) != 1 || ch[0].New.Err == nil {
		t.Errorf("a new refused value: changes %+v", ch)
	}
}
