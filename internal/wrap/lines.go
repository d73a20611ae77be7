package wrap

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// maxLine bounds one captured line: a longer one is written in pieces, each
// but the last tagged with a "+" after the stream name, so a reader can join
// them and a program without newlines cannot grow the wrapper's memory.
const maxLine = 32 << 10

// maxBatch bounds one write to the sink. The rotating log keeps each write
// whole within one file, so a batch must fit in the smallest file allowed
// (output.max_bytes ≥ 64 KiB).
const maxBatch = 48 << 10

// LineSink serialises whole tagged lines from several streams into one
// writer: a line is never torn or interleaved with another.
type LineSink struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// NewLineSink writes to w; now stamps the lines (time.Now outside tests).
func NewLineSink(w io.Writer, now func() time.Time) *LineSink {
	return &LineSink{w: w, now: now}
}

// Copy reads r until EOF or an error and writes each line as
// "<time> <stream> | <text>\n". It returns the bytes read and the first write
// error; it keeps reading and writing after one, so the program never blocks
// on a full pipe because the log failed, and the log resumes once it can.
func (s *LineSink) Copy(stream string, r io.Reader) (int64, error) {
	buf := make([]byte, 32<<10)
	var pending []byte // the start of a line not yet ended
	var out []byte
	var total int64
	var werr error
	var stamp []byte // one per read: the lines of one read arrived together
	flush := func() {
		// Every batch is tried even after a failed one: a rotation the
		// log could not do this time (a reader holding the file on
		// Windows) must not silence the rest of the run.
		if len(out) > 0 {
			if err := s.write(out); err != nil && werr == nil {
				werr = err
			}
		}
		out = out[:0]
	}
	emit := func(line []byte, cont bool) {
		tag := stream
		if cont {
			tag += "+"
		}
		rec := len(line) + len(tag) + 40
		if len(out)+rec > maxBatch {
			flush()
		}
		out = append(out, stamp...)
		out = append(out, ' ')
		out = append(out, tag...)
		out = append(out, " | "...)
		out = append(out, line...)
		out = append(out, '\n')
	}
	for {
		n, err := r.Read(buf)
		total += int64(n)
		stamp = s.now().UTC().AppendFormat(stamp[:0], "2006-01-02T15:04:05.000Z07:00")
		data := buf[:n]
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				pending = append(pending, data...)
				data = nil
				break
			}
			line := data[:i]
			if len(pending) > 0 {
				pending = append(pending, line...)
				line = pending
			}
			for len(line) > maxLine {
				emit(line[:maxLine], true)
				line = line[maxLine:]
			}
			emit(trimCR(line), false)
			pending = pending[:0]
			data = data[i+1:]
		}
		for len(pending) > maxLine {
			emit(pending[:maxLine], true)
			pending = append(pending[:0], pending[maxLine:]...)
		}
		if err != nil {
			if len(pending) > 0 {
				emit(trimCR(pending), false) // the last line had no newline
			}
			flush()
			return total, werr
		}
		flush()
	}
}

func (s *LineSink) write(p []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.w.Write(p)
	return err
}

func trimCR(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\r' {
		return b[:len(b)-1]
	}
	return b
}
