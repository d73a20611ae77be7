package main

import (
	"encoding/json"
	"net/http"
)

// Set at build time, as the release does:
//
//	go build -ldflags "-X main.version=1.2.3 -X main.commit=abc1234 -X main.date=2026-01-02T03:04:05Z"
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

// handleVersion answers GET /version, so monitoring and support can tell which
// build runs without access to the machine's file system.
func handleVersion(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(struct {
		Version string `json:"version"`
		Commit  string `json:"commit"`
		Date    string `json:"date"`
	}{version, commit, date})
}
