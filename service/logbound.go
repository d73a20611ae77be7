package service

import (
	"io"
	"strconv"
	"unicode/utf16"

	"github.com/svcpack/svcpack/service/clip"
)

// maxRecordBytes bounds one log record in the log file and on the console: a
// record carrying a megabyte value (a program's error echoing its input) is cut
// to its start and a marker, so it can neither flood a console nor outgrow the
// file's rotation limit (the rotating file also cuts any write larger than its
// limit, whatever the handler above it does).
const maxRecordBytes = 64 << 10

// recordCap is the io.Writer under a slog text handler: slog documents that
// each Handle makes exactly one Write, so a Write is one record.
type recordCap struct {
	w   io.Writer
	max int
}

func (c recordCap) Write(p []byte) (int, error) {
	if len(p) <= c.max {
		return c.w.Write(p)
	}
	if _, err := c.w.Write(capRecord(p, c.max)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// capRecord returns the start of p followed by a marker stating the record's
// size and how much was dropped, within max bytes and ending in a newline.
func capRecord(p []byte, max int) []byte {
	reserve := len(recordMarker(len(p), len(p))) // dropped <= len(p)
	n := max - reserve
	if n <= 0 {
		return p[:max]
	}
	keep := clip.Prefix(string(p[:n+1]), n) // not string(p): p may be megabytes
	return append([]byte(keep), recordMarker(len(p), len(p)-len(keep))...)
}

func recordMarker(size, dropped int) string {
	return "… [log record cut: " + strconv.Itoa(size) + " bytes, the last " + strconv.Itoa(dropped) + " not shown]\n"
}

// maxEventChars bounds the text of one event. ReportEventW documents for
// lpStrings: "Each string is limited to 31,839 characters" (UTF-16 code units;
// Microsoft Learn, winbase.h ReportEventW). Longer text makes the call fail
// and the event is lost, which is how a long panic stack went missing. The
// handler passes its text as the event's one string; the cap leaves room
// below the limit for the marker and for EventCreate.exe's message template.
const maxEventChars = 31_000

// capEventText returns s if it fits in max UTF-16 code units, else its start
// and a marker stating how many characters were not shown. It also replaces
// NUL, which cannot travel in the NUL-terminated strings ReportEvent takes
// (x/sys/windows/svc/eventlog refuses such a text and the event would be lost).
func capEventText(s string, max int) string {
	s = replaceNUL(s)
	total := utf16Len(s)
	if total <= max {
		return s
	}
	reserve := utf16Len(eventMarker(total, total))
	budget := max - reserve
	cut, units := 0, 0
	for i, r := range s {
		u := utf16.RuneLen(r)
		if units+u > budget {
			cut = i
			break
		}
		units += u
	}
	return s[:cut] + eventMarker(total, total-units)
}

func eventMarker(total, dropped int) string {
	return "\r\n… [event text cut: " + strconv.Itoa(total) + " characters, the last " + strconv.Itoa(dropped) +
		" not shown; the log file keeps up to " + strconv.Itoa(maxRecordBytes) + " bytes of each record]"
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // invalid bytes come as U+FFFD: 1
	}
	return n
}

func replaceNUL(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			b := []byte(s[:i])
			for ; i < len(s); i++ {
				if s[i] == 0 {
					b = append(b, `\x00`...)
				} else {
					b = append(b, s[i])
				}
			}
			return string(b)
		}
	}
	return s
}
