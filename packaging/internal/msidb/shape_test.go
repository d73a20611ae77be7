package msidb

import (
	"strings"
	"testing"
)

func TestCheckGUID(t *testing.T) {
	if err := CheckGUID("ProductCode", "{D9A7E615-4190-4B0A-A6A0-AA6E18070509}"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"", "D9A7E615-4190-4B0A-A6A0-AA6E18070509", "{d9a7e615-4190-4b0a-a6a0-aa6e18070509}",
		"{D9A7E615-4190-4B0A-A6A0-AA6E18070509}&calc&rem", "{D9A7E615-4190-4B0A-A6A0-AA6E1807050}", "{D9A7E615-4190-4B0A-A6A0-AA6E18070509} "} {
		if err := CheckGUID("ProductCode", bad); err == nil || !strings.Contains(err.Error(), "ProductCode ") {
			t.Errorf("CheckGUID(%q) = %v, want a refusal naming ProductCode", bad, err)
		}
	}
}

func TestCheckProductVersion(t *testing.T) {
	for _, ok := range []string{"1.2.3", "0.0.0.12", "255.255.65535.65535"} {
		if err := CheckProductVersion(ok); err != nil {
			t.Error(err)
		}
	}
	for _, bad := range []string{"", "1.2", "1.2.3.4.5", "256.0.0", "1.256.0", "1.0.65536", "1.2.3&calc", "1.2.+3", "1.2.-3", "1..3", "1.2.3 "} {
		if err := CheckProductVersion(bad); err == nil {
			t.Errorf("CheckProductVersion(%q) = nil, want a refusal", bad)
		}
	}
}
