package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
)

// A key is one setting, readable from config.json and from
// `hellosvc service configure --set key=value`. Both paths share the checks,
// so the MSI refuses at install time exactly what the service would refuse at
// start.
type key struct {
	name string
	// fromJSON and fromText store a valid value in c, or say what is wrong.
	fromJSON func(c *Config, raw json.RawMessage) *valueError
	fromText func(c *Config, s string) *valueError
	// toText is c's value in fromText's form (status, policy precedence).
	toText func(c Config) string
}

// keys lists every setting in the order config.json is written.
var keys = []key{
	{
		name: "listen",
		fromJSON: func(c *Config, raw json.RawMessage) *valueError {
			s, ok := jsonString(raw)
			if !ok {
				return &valueError{"listen", showJSON(raw), "is not a string", listenExpected}
			}
			return setListen(c, s)
		},
		fromText: setListen,
		toText:   func(c Config) string { return c.Listen },
	},
	{
		name: "demo_delay_endpoint",
		fromJSON: func(c *Config, raw json.RawMessage) *valueError {
			switch string(raw) {
			case "true", "false":
				c.DemoDelayEndpoint = string(raw) == "true"
				return nil
			}
			return &valueError{"demo_delay_endpoint", showJSON(raw), "is not a boolean", "true or false"}
		},
		// strconv.ParseBool also takes 1 and 0: an MSI checkbox property is "1".
		fromText: func(c *Config, s string) *valueError {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return &valueError{"demo_delay_endpoint", clip.Quote(s), "is not a boolean", "true, false, 1 or 0"}
			}
			c.DemoDelayEndpoint = b
			return nil
		},
		toText: func(c Config) string { return strconv.FormatBool(c.DemoDelayEndpoint) },
	},
}

const listenExpected = `e.g. "127.0.0.1:8080"`

// maxHost bounds the host of listen: a DNS name has at most 253 characters,
// an IPv6 literal with a zone far fewer. A longer host would only come back
// whole in net.Listen's error.
const maxHost = 253

func setListen(c *Config, s string) *valueError {
	shown := clip.Quote(s)
	host, port, err := net.SplitHostPort(s)
	if err != nil || strings.ContainsAny(host, " \t") {
		return &valueError{"listen", shown, "is not host:port", listenExpected}
	}
	if len(host) > maxHost {
		return &valueError{"listen", shown, fmt.Sprintf("has a host longer than %d characters", maxHost), listenExpected}
	}
	// Port 0 would bind a random port nobody can find; a service name
	// ("http") reads as a mistake in a config file.
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return &valueError{"listen", shown, "has no port between 1 and 65535", listenExpected}
	}
	c.Listen = s
	return nil
}

func lookupKey(name string) (key, bool) {
	for _, k := range keys {
		if k.name == name {
			return k, true
		}
	}
	return key{}, false
}

func knownKeys() string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = strconv.Quote(k.name)
	}
	return strings.Join(names, ", ")
}

// jsonString accepts only a JSON string: null would otherwise decode into ""
// without complaint.
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if !bytes.HasPrefix(raw, []byte(`"`)) || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// showJSON is a JSON value as the user wrote it (compacted), cut like
// clip.Quote when it is longer than clip.Max, with its length stated.
func showJSON(raw json.RawMessage) string {
	if len(raw) <= clip.Max {
		return string(raw)
	}
	return clip.Prefix(string(raw[:clip.Max+1]), clip.Max) + "… (" + strconv.Itoa(len(raw)) + " bytes)"
}

// valueError names the key, the value as the user wrote it (bounded, see
// clip), and the form expected:
// `"listen": "8080" is not host:port (expected e.g. "127.0.0.1:8080")`.
type valueError struct {
	key, value, problem, expected string
}

func (e *valueError) Error() string {
	return fmt.Sprintf("%q: %s %s (expected %s)", e.key, e.value, e.problem, e.expected)
}
