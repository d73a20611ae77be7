package listenaddr

import (
	"strings"
	"testing"
)

func TestDialEachShape(t *testing.T) {
	for value, want := range map[string]string{
		"8080":                      "127.0.0.1:8080",
		"1":                         "127.0.0.1:1",
		"65535":                     "127.0.0.1:65535",
		"127.0.0.1:9000":            "127.0.0.1:9000",
		":9001":                     "127.0.0.1:9001",
		"0.0.0.0:9002":              "127.0.0.1:9002",
		"10.1.2.3:9003":             "10.1.2.3:9003",
		"[::]:9004":                 "[::1]:9004",
		"[0::0]:9005":               "[::1]:9005",
		"[::ffff:0.0.0.0]:9006":     "127.0.0.1:9006",
		"host.example:82":           "host.example:82",
		"http://127.0.0.1:8080/":    "127.0.0.1:8080",
		"https://0.0.0.0:8443/x?y":  "127.0.0.1:8443",
		"http://[::]:81":            "[::1]:81",
		"http://host.example/ready": "host.example:80",
		"https://host.example":      "host.example:443",
	} {
		got, err := Dial(value)
		if err != nil || got != want {
			t.Errorf("Dial(%q) = %q, %v; want %q", value, got, err, want)
		}
	}
}

func TestDialRefusesWhatNamesNoPort(t *testing.T) {
	for _, value := range []string{
		"", "nowhere", "0", "080", "65536", "99999", "-1", "127.0.0.1:http", ":99999", ":0", "127.0.0.1:080",
		"127.0.0.1:", "127.0.0.1:-1", "ftp://127.0.0.1:21/", "http://", "http://:8080/", "http://u:p@127.0.0.1:80/",
		"http://127.0.0.1:/", "http://127.0.0.1:0/", "8080\n", " 8080",
	} {
		got, err := Dial(value)
		if err == nil {
			t.Errorf("Dial(%q) = %q, want an error", value, got)
			continue
		}
		if !strings.Contains(err.Error(), "a port (8080), HOST:PORT") {
			t.Errorf("Dial(%q): %v does not say what is expected", value, err)
		}
	}
}
