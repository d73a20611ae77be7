package clip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuoteShortValueIsPlainQuote(t *testing.T) {
	for _, s := range []string{"", "127.0.0.1:8080", "a\tb\"c\\", strings.Repeat("x", Max)} {
		if got, want := Quote(s), `"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`).Replace(s)+`"`; got != want {
			t.Errorf("Quote(%.20q) = %.40s, want %.40s", s, got, want)
		}
	}
}

func TestQuoteLongValueIsCutAndStatesLength(t *testing.T) {
	s := strings.Repeat("a", 50<<20)
	got := Quote(s)
	if len(got) > Max+40 {
		t.Fatalf("Quote of 50 MiB is %d bytes long", len(got))
	}
	if !strings.HasSuffix(got, "… (52428800 bytes)") {
		t.Fatalf("Quote does not state the length: %s", got[len(got)-30:])
	}
	if !strings.HasPrefix(got, `"`+strings.Repeat("a", Max)+`"`) {
		t.Fatalf("Quote does not keep the first %d bytes: %.300s", Max, got)
	}
}

func TestPrefixNeverSplitsACharacter(t *testing.T) {
	s := strings.Repeat("é€𝄞", 100) // 2-, 3- and 4-byte sequences
	for n := 0; n <= len(s); n++ {
		p := Prefix(s, n)
		if len(p) > n || !utf8.ValidString(p) || !strings.HasPrefix(s, p) {
			t.Fatalf("Prefix(s, %d) = %d bytes, valid=%v", n, len(p), utf8.ValidString(p))
		}
		if n-len(p) >= utf8.UTFMax {
			t.Fatalf("Prefix(s, %d) cut %d bytes, more than one character", n, n-len(p))
		}
	}
}
