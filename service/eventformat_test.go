package service

import (
	"log/slog"
	"testing"
)

type recordedEvent struct {
	kind string
	id   uint32
	text string
}

type fakeEventLog struct{ events []recordedEvent }

func (f *fakeEventLog) Info(id uint32, msg string) error {
	f.events = append(f.events, recordedEvent{"info", id, msg})
	return nil
}

func (f *fakeEventLog) Warning(id uint32, msg string) error {
	f.events = append(f.events, recordedEvent{"warning", id, msg})
	return nil
}

func (f *fakeEventLog) Error(id uint32, msg string) error {
	f.events = append(f.events, recordedEvent{"error", id, msg})
	return nil
}

func TestEventHandlerTypesIDsAndText(t *testing.T) {
	el := &fakeEventLog{}
	log := slog.New(newEventHandler(el, slog.LevelInfo)).With("svc", "hello")
	log.Debug("dropped below the level")
	log.Info("listening", "addr", "127.0.0.1:8080")
	log.WithGroup("http").Warn("slow", "ms", 900)
	log.Error("config", "key", "listen", eventIDKey, eventConfig)

	want := []recordedEvent{
		{"info", eventInfo, "listening\r\nsvc: hello\r\naddr: 127.0.0.1:8080"},
		{"warning", eventWarning, "slow\r\nsvc: hello\r\nhttp.ms: 900"},
		{"error", eventConfig, "config\r\nsvc: hello\r\nkey: listen"},
	}
	if len(el.events) != len(want) {
		t.Fatalf("got %d events %+v, want %d", len(el.events), el.events, len(want))
	}
	for i, w := range want {
		if el.events[i] != w {
			t.Errorf("event %d = %+v, want %+v", i, el.events[i], w)
		}
	}
}

func TestEventIDForEveryFailureCode(t *testing.T) {
	seen := map[int]bool{}
	for code := 1; code <= 9; code++ {
		id := eventIDForExit(code)
		if id < 100 || id > 1000 {
			t.Errorf("code %d maps to event %d, outside EventCreate.exe's 1–1000 and the lifecycle range", code, id)
		}
		seen[id] = true
	}
	if len(seen) < 5 {
		t.Errorf("failure codes share too few event IDs: %v", seen)
	}
}
