package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/exitcode"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func TestServesHealthzAndVersion(t *testing.T) {
	addr := freeAddr(t)
	s := start(t, writeConfigFile(t, `{"listen": "`+addr+`"}`))

	if code, body := get(t, "http://"+addr+"/healthz"); code != 200 || body != "ok" {
		t.Errorf("/healthz: %d %q, want 200 \"ok\"", code, body)
	}

	code, body := get(t, "http://"+addr+"/version")
	var v map[string]string
	if err := json.Unmarshal([]byte(body), &v); code != 200 || err != nil {
		t.Fatalf("/version: %d %q (%v), want 200 and a JSON object", code, body, err)
	}
	want := map[string]string{"version": version, "commit": commit, "date": date}
	if len(v) != len(want) || v["version"] != version || v["commit"] != commit || v["date"] != date {
		t.Errorf("/version: %v, want %v", v, want)
	}

	if code, _ := get(t, "http://"+addr+"/delay?d=0s"); code != http.StatusNotFound {
		t.Errorf("/delay with demo_delay_endpoint off: %d, want 404", code)
	}
	if err := s.stop(t); err != nil {
		t.Errorf("run after stop: %v, want nil", err)
	}
}

func TestStopLetsInFlightRequestFinish(t *testing.T) {
	addr := freeAddr(t)
	s := start(t, writeConfigFile(t, `{"listen": "`+addr+`", "demo_delay_endpoint": true}`))

	resp, err := http.Get("http://" + addr + "/delay?d=1s")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// The headers are here: the handler is running. Stop the service now.
	s.cancel()

	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("in-flight request cut off by the stop: %v (got %q)", err, body)
	}
	if want := "waiting 1s\ndone after 1s\n"; resp.StatusCode != 200 || string(body) != want {
		t.Errorf("/delay: %d %q, want 200 %q", resp.StatusCode, body, want)
	}
	if err := s.stop(t); err != nil {
		t.Errorf("run after a clean drain: %v, want nil", err)
	}
}

func TestDelayRefusesBadDurations(t *testing.T) {
	addr := freeAddr(t)
	start(t, writeConfigFile(t, `{"listen": "`+addr+`", "demo_delay_endpoint": true}`))
	for _, d := range []string{"", "2", "-1s", "61s"} {
		if code, body := get(t, "http://"+addr+"/delay?d="+d); code != http.StatusBadRequest {
			t.Errorf("/delay?d=%s: %d %q, want 400", d, code, body)
		}
	}
}

func TestListenFailureIsNotAConfigError(t *testing.T) {
	addr := freeAddr(t)
	start(t, writeConfigFile(t, `{"listen": "`+addr+`"}`)) // holds the port
	err := run(context.Background(), writeConfigFile(t, `{"listen": "`+addr+`"}`), func() {
		t.Error("ready called although the address is taken")
	})
	if err == nil || service.ExitCode(err) == exitcode.Config {
		t.Errorf("second instance on %s: %v (exit code %d), want a start failure, not a config error", addr, err, service.ExitCode(err))
	}
}
