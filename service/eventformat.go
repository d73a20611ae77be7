package service

import (
	"context"
	"log/slog"
	"strings"
)

// eventWriter is what the event log handler needs of the Windows event log.
type eventWriter interface {
	Info(id uint32, msg string) error
	Warning(id uint32, msg string) error
	Error(id uint32, msg string) error
}

// eventHandler is a slog.Handler writing one event per record: the message,
// then key=value lines, at the event type of the record's level. The event ID
// is the record's event_id attribute, else one per level (events.go).
type eventHandler struct {
	w      eventWriter
	level  slog.Leveler
	attrs  []slog.Attr // from WithAttrs, already group-qualified
	prefix string      // from WithGroup: "a.b."
}

func newEventHandler(w eventWriter, level slog.Leveler) *eventHandler {
	return &eventHandler{w: w, level: level}
}

func (h *eventHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

func (h *eventHandler) Handle(_ context.Context, r slog.Record) error {
	id, text := h.format(r)
	text = capEventText(text, maxEventChars)
	switch {
	case r.Level >= slog.LevelError:
		return h.w.Error(uint32(id), text)
	case r.Level >= slog.LevelWarn:
		return h.w.Warning(uint32(id), text)
	default:
		return h.w.Info(uint32(id), text)
	}
}

func (h *eventHandler) format(r slog.Record) (int, string) {
	id := defaultEventID(r.Level)
	var b strings.Builder
	b.WriteString(r.Message)
	add := func(key string, v slog.Value) {
		if key == eventIDKey && v.Kind() == slog.KindInt64 {
			id = int(v.Int64())
			return
		}
		b.WriteString("\r\n")
		b.WriteString(key)
		b.WriteString(": ")
		b.WriteString(v.String())
	}
	for _, a := range h.attrs {
		add(a.Key, a.Value.Resolve())
	}
	r.Attrs(func(a slog.Attr) bool {
		flatten(h.prefix, a, add)
		return true
	})
	return id, b.String()
}

// flatten expands group attributes to dotted keys, as the text handler does.
func flatten(prefix string, a slog.Attr, add func(string, slog.Value)) {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, g := range v.Group() {
			flatten(p, g, add)
		}
		return
	}
	if a.Key == "" {
		return
	}
	add(prefix+a.Key, v)
}

func (h *eventHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	n := *h
	n.attrs = append([]slog.Attr(nil), h.attrs...)
	for _, a := range attrs {
		flatten(h.prefix, a, func(k string, v slog.Value) { n.attrs = append(n.attrs, slog.Any(k, v)) })
	}
	return &n
}

func (h *eventHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	n := *h
	n.prefix = h.prefix + name + "."
	return &n
}

func defaultEventID(l slog.Level) int {
	switch {
	case l >= slog.LevelError:
		return eventError
	case l >= slog.LevelWarn:
		return eventWarning
	}
	return eventInfo
}
