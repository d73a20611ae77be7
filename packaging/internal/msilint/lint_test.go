package msilint_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/msilint"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/version"
	"github.com/svcpack/svcpack/service"
)

var (
	goodOnce sync.Once
	goodDir  string // removed by TestMain
	goodMSI  string
	goodErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if goodDir != "" {
		os.RemoveAll(goodDir)
	}
	os.Exit(code)
}

// good builds, once, a correct amd64 package (msi.Build lints it too).
func good(t *testing.T) string {
	t.Helper()
	goodOnce.Do(func() {
		dir, err := os.MkdirTemp("", "msilint-test-")
		if err != nil {
			goodErr = err
			return
		}
		goodDir = dir
		exe := filepath.Join(dir, "program.exe")
		if goodErr = os.WriteFile(exe, []byte("MZ not run by the lint"), 0o644); goodErr != nil {
			return
		}
		goodMSI = filepath.Join(dir, "good.msi")
		p, err := product.Load("../../../" + product.FileName)
		if err != nil {
			goodErr = err
			return
		}
		goodErr = msi.Build(context.Background(), msi.Options{
			Product: p, Icon: "../../../wix/hellosvc.ico", Exe: exe, Arch: msi.AMD64, // the WiX source: svcpack's template rendered for svcpack.yaml
			Version: version.Info{Version: "1.2.3", MSI: "1.2.3", Time: time.Unix(1700000000, 0)},
			Out:     goodMSI,
		})
	})
	if goodErr != nil {
		t.Fatal(goodErr)
	}
	return goodMSI
}

// want is what svcpack.yaml and the build say the good package is.
var want = msilint.Want{Template: "x64;1033", Win64: true, ProductVersion: "1.2.3", ServiceArgs: service.ServiceArgs(),
	ProductName: "hellosvc", Manufacturer: "svcpack", UpgradeCode: "D9A7E615-4190-4B0A-A6A0-AA6E18070509",
	ServiceName: "hellosvc", Account: `NT SERVICE\hellosvc`, InstallerKey: `SOFTWARE\svcpack\hellosvc`,
	Properties:    []string{"LISTEN", "STARTTYPE", "INSTALLFOLDER", "REMOVEDATA"},
	Settings:      []msilint.Setting{{Property: "LISTEN", Key: "listen"}},
	LocalDumpsKey: `SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps\hellosvc.exe`,
	DumpFolder:    `%ProgramData%\hellosvc\dumps`, DumpCount: 3, DumpType: 2}

// wantWith is want changed by edit.
func wantWith(edit func(*msilint.Want)) msilint.Want {
	w := want
	w.Properties = slices.Clone(want.Properties)
	w.Settings = slices.Clone(want.Settings)
	edit(&w)
	return w
}

// unsecure drops name from the SecureCustomProperties of the package at path.
func unsecure(t *testing.T, path, name string) {
	t.Helper()
	ctx := context.Background()
	secure, err := msidb.SecureCustomProperties(ctx, path)
	if err != nil || !slices.Contains(secure, name) {
		t.Fatalf("SecureCustomProperties %q, %v: want %s in it", secure, err, name)
	}
	secure = slices.DeleteFunc(secure, func(p string) bool { return p == name })
	q := "UPDATE `Property` SET `Value` = '" + strings.Join(secure, ";") + "' WHERE `Property` = 'SecureCustomProperties'"
	if err := msidb.Exec(ctx, path, q); err != nil {
		t.Fatal(err)
	}
}

// addSecure adds name to the SecureCustomProperties of the package at path.
func addSecure(t *testing.T, path, name string) {
	t.Helper()
	ctx := context.Background()
	secure, err := msidb.SecureCustomProperties(ctx, path)
	if err != nil || slices.Contains(secure, name) {
		t.Fatalf("SecureCustomProperties %q, %v: want %s not in it", secure, err, name)
	}
	q := "UPDATE `Property` SET `Value` = '" + strings.Join(append(secure, name), ";") + "' WHERE `Property` = 'SecureCustomProperties'"
	if err := msidb.Exec(ctx, path, q); err != nil {
		t.Fatal(err)
	}
}

// broken copies the good package and breaks it with SQL statements.
func broken(t *testing.T, sql ...string) string {
	t.Helper()
	b, err := os.ReadFile(good(t))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "broken.msi")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, q := range sql {
		if err := msidb.Exec(context.Background(), path, q); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestGoodPackagePasses(t *testing.T) {
	if err := msilint.Check(context.Background(), good(t), want); err != nil {
		t.Fatal(err)
	}
}

func TestEachRuleCatchesItsBreakage(t *testing.T) {
	for _, tc := range []struct {
		rule     string
		sql      []string
		unsecure string // a property to drop from SecureCustomProperties
		secure   string // a property to add to it
		want     msilint.Want
		also     string // another rule the breakage may break too
		detail   string // what the finding must say, if given
	}{
		{rule: msilint.RuleServiceArgs, sql: []string{"UPDATE `ServiceInstall` SET `Arguments` = '' WHERE `ServiceInstall` = 'Service'"}},
		{rule: msilint.RuleServiceArgs, sql: []string{"UPDATE `ServiceInstall` SET `Arguments` = 'run' WHERE `ServiceInstall` = 'Service'"}},
		{rule: msilint.RuleServiceAccount, sql: []string{"UPDATE `ServiceInstall` SET `StartName` = 'LocalSystem' WHERE `ServiceInstall` = 'Service'"}, also: msilint.RuleServiceIdentity},
		{rule: msilint.RuleServiceAccount, sql: []string{"UPDATE `ServiceInstall` SET `StartName` = '' WHERE `ServiceInstall` = 'Service'"}, also: msilint.RuleServiceIdentity},
		{rule: msilint.RuleServiceControl, sql: []string{"UPDATE `ServiceControl` SET `Event` = 161 WHERE `ServiceControl` = 'Service'"}},
		{rule: msilint.RuleServiceControl, sql: []string{"UPDATE `ServiceControl` SET `Wait` = 0 WHERE `ServiceControl` = 'Service'"}},
		{rule: msilint.RuleRemoveExisting, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 1401 WHERE `Action` = 'RemoveExistingProducts'"}},
		{rule: msilint.RuleRemoveExisting, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 6601 WHERE `Action` = 'RemoveExistingProducts'"}},
		// The injection of issue 9: a property spliced into the LocalSystem action's command line.
		{rule: msilint.RuleConstantCommands, sql: []string{"UPDATE `CustomAction` SET `Target` = 'service configure --set listen=[LISTEN]' WHERE `Action` = 'ConfigureService'"}, also: msilint.RuleInstallerKey},
		{rule: msilint.RuleConstantCommands, sql: []string{"UPDATE `CustomAction` SET `Target` = 'service remove-data --dir \"[%TEMP]\"' WHERE `Action` = 'RemoveData'"}},
		{rule: msilint.RuleConstantCommands, sql: []string{"INSERT INTO `CustomAction` (`Action`, `Type`, `Source`, `Target`) VALUES ('Extra', 50, 'SOMEEXE', 'x')"}},
		{rule: msilint.RuleSearchNotSecure, secure: "REMEMBERED_LISTEN"},
		{rule: msilint.RulePreflightAction, sql: []string{"UPDATE `CustomAction` SET `Type` = 1042 WHERE `Action` = 'Preflight'"}}, // impersonated
		{rule: msilint.RulePreflightAction, sql: []string{"DELETE FROM `CustomAction` WHERE `Action` = 'Preflight'"}},
		{rule: msilint.RulePreflightSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 5810 WHERE `Action` = 'Preflight'"}}, // after InstallServices
		{rule: msilint.RulePreflightSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 3900 WHERE `Action` = 'Preflight'"}}, // before InstallFiles
		{rule: msilint.RuleConfigureAction, sql: []string{"UPDATE `CustomAction` SET `Type` = 2066 WHERE `Action` = 'ConfigureService'"}},          // immediate
		{rule: msilint.RuleConfigureAction, sql: []string{"UPDATE `CustomAction` SET `Type` = 1042 WHERE `Action` = 'ConfigureService'"}},          // impersonated
		{rule: msilint.RuleConfigureAction, sql: []string{"UPDATE `CustomAction` SET `Type` = 3154 WHERE `Action` = 'ConfigureService'"}},          // Return=ignore
		{rule: msilint.RuleConfigureAction, sql: []string{"DELETE FROM `CustomAction` WHERE `Action` = 'ConfigureService'"}},
		{rule: msilint.RuleConfigureSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 5950 WHERE `Action` = 'ConfigureService'"}},
		{rule: msilint.RuleConfigureSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 5700 WHERE `Action` = 'ConfigureService'"}},
		{rule: msilint.RuleConfigureSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Condition` = 'VersionNT' WHERE `Action` = 'ConfigureService'"}},
		{rule: msilint.RuleRemoveDataAction, sql: []string{"UPDATE `CustomAction` SET `Type` = 2066 WHERE `Action` = 'RemoveData'"}}, // immediate
		{rule: msilint.RuleRemoveDataAction, sql: []string{"UPDATE `CustomAction` SET `Type` = 1042 WHERE `Action` = 'RemoveData'"}}, // impersonated
		{rule: msilint.RuleRemoveDataAction, sql: []string{"UPDATE `CustomAction` SET `Type` = 3154 WHERE `Action` = 'RemoveData'"}}, // Return=ignore
		{rule: msilint.RuleRemoveDataAction, sql: []string{"DELETE FROM `CustomAction` WHERE `Action` = 'RemoveData'"}},
		// Without the validation action nothing else names REMOVEDATA, so only this rule sees it is not secure.
		{rule: msilint.RuleRemoveDataAction, sql: []string{
			"DELETE FROM `CustomAction` WHERE `Action` = 'InvalidRemoveData'",
			"DELETE FROM `InstallExecuteSequence` WHERE `Action` = 'InvalidRemoveData'",
			"DELETE FROM `InstallUISequence` WHERE `Action` = 'InvalidRemoveData'",
		}, unsecure: "REMOVEDATA", also: msilint.RuleAdminProperties},
		{rule: msilint.RuleRemoveDataSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 1950 WHERE `Action` = 'RemoveData'"}}, // service not yet deleted
		{rule: msilint.RuleRemoveDataSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 3550 WHERE `Action` = 'RemoveData'"}}, // exe already removed
		{rule: msilint.RuleRemoveDataSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Condition` = 'REMOVE~=\"ALL\" AND REMOVEDATA=\"1\"' WHERE `Action` = 'RemoveData'"}},
		{rule: msilint.RuleRemoveDataSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Condition` = 'REMOVE~=\"ALL\" AND NOT UPGRADINGPRODUCTCODE' WHERE `Action` = 'RemoveData'"}},
		{rule: msilint.RuleRemoveDataSequence, sql: []string{"UPDATE `InstallExecuteSequence` SET `Condition` = 'NOT REMOVE~=\"ALL\" AND REMOVEDATA=\"1\" AND NOT UPGRADINGPRODUCTCODE' WHERE `Action` = 'RemoveData'"}},
		{rule: msilint.RuleSecureProperties, unsecure: "LISTEN", also: msilint.RuleAdminProperties},
		{rule: msilint.RuleComponent64, sql: []string{"UPDATE `Component` SET `Attributes` = 4 WHERE `Component` = 'ServiceEventSource'"}},
		{rule: msilint.RuleProductVersion, sql: []string{"UPDATE `Property` SET `Value` = '1.2.4' WHERE `Property` = 'ProductVersion'"}},
		{rule: msilint.RuleTemplate, want: msilint.Want{Template: "Arm64;1033", Win64: true, ProductVersion: "1.2.3", ServiceArgs: service.ServiceArgs()}},
		// The product file's expectations: a .wxs that wrote its own values.
		{rule: msilint.RuleProductIdentity, sql: []string{"UPDATE `Property` SET `Value` = 'othersvc' WHERE `Property` = 'ProductName'"}},
		{rule: msilint.RuleProductIdentity, sql: []string{"UPDATE `Property` SET `Value` = 'Contoso' WHERE `Property` = 'Manufacturer'"}},
		{rule: msilint.RuleProductIdentity, want: wantWith(func(w *msilint.Want) { w.UpgradeCode = "D9A7E615-4190-4B0A-A6A0-AA6E18070500" })},
		{rule: msilint.RuleServiceIdentity, sql: []string{"UPDATE `ServiceInstall` SET `StartName` = 'NT AUTHORITY\\LocalService' WHERE `ServiceInstall` = 'Service'"}},
		{rule: msilint.RuleServiceIdentity, want: wantWith(func(w *msilint.Want) { w.ServiceName = "othersvc" })},
		// service.dependencies: a package that waits for a service the product file does not name, or not for one it does.
		{rule: msilint.RuleServiceIdentity, sql: []string{"UPDATE `ServiceInstall` SET `Dependencies` = 'Tcpip[~][~]' WHERE `ServiceInstall` = 'Service'"}, detail: `depends on ["Tcpip"], the product file says []`},
		{rule: msilint.RuleServiceIdentity, want: wantWith(func(w *msilint.Want) { w.Dependencies = []string{"Tcpip"} }), detail: "(service.dependencies)"},
		{rule: msilint.RuleInstallerKey, sql: []string{"UPDATE `CustomAction` SET `Target` = 'service configure --installer-key SOFTWARE\\Contoso\\hellosvc' WHERE `Action` = 'ConfigureService'"}},
		// WER LocalDumps: only the product's own exe, with the product file's values, the folder expandable.
		{rule: msilint.RuleCrashDumps, sql: []string{"UPDATE `Registry` SET `Value` = '%ProgramData%\\hellosvc\\dumps' WHERE `Name` = 'DumpFolder'"}},                                   // REG_SZ: %ProgramData% stays literal
		{rule: msilint.RuleCrashDumps, sql: []string{"UPDATE `Registry` SET `Key` = 'SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps\\' WHERE `Name` = 'DumpCount'"}}, // every program's dumps
		{rule: msilint.RuleCrashDumps, sql: []string{"INSERT INTO `Registry` (`Registry`, `Root`, `Key`, `Name`, `Value`, `Component_`) VALUES ('Foreign', 2, 'SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps\\other.exe\\', 'DumpType', '#2', 'ServiceCrashDumps')"}},
		{rule: msilint.RuleCrashDumps, sql: []string{"DELETE FROM `Registry` WHERE `Name` = 'DumpType'"}},
		{rule: msilint.RuleCrashDumps, want: wantWith(func(w *msilint.Want) { w.DumpCount = 10 })},
		{rule: msilint.RuleCrashDumps, sql: []string{"UPDATE `Component` SET `Condition` = '' WHERE `Component` = 'ServiceCrashDumps'"}}, // an admin's key overwritten
		// Issue 18: a package is input; what describe copies into command lines has its shape.
		{rule: msilint.RuleCodeShapes, sql: []string{"UPDATE `Property` SET `Value` = '{D9A7E615-4190-4B0A-A6A0-AA6E18070509}&calc&rem' WHERE `Property` = 'ProductCode'"}},
		{rule: msilint.RuleCodeShapes, sql: []string{"UPDATE `Property` SET `Value` = '{d9a7e615-4190-4b0a-a6a0-aa6e18070509}' WHERE `Property` = 'UpgradeCode'"}},
		{rule: msilint.RuleCodeShapes, sql: []string{"UPDATE `Property` SET `Value` = '1.2.3&calc' WHERE `Property` = 'ProductVersion'"}, also: msilint.RuleProductVersion},
		{rule: msilint.RuleAdminProperties, secure: "EXTRA"},
		// Issue 19: a property with a setting that lacks any of its rows (a team's own WiX source that lost one).
		{rule: msilint.RuleSettingRows, sql: deleteAction("InvalidListen"), detail: "no validation row"},
		{rule: msilint.RuleSettingRows, sql: []string{"DELETE FROM `InstallUISequence` WHERE `Action` = 'InvalidListen'"}, detail: "no validation row"},
		{rule: msilint.RuleSettingRows, sql: []string{"UPDATE `InstallExecuteSequence` SET `Sequence` = 150 WHERE `Action` = 'InvalidListen'"}, detail: "no validation row"}, // after LaunchConditions
		{rule: msilint.RuleSettingRows, sql: []string{"UPDATE `RegLocator` SET `Name` = 'other' WHERE `Name` = 'listen'"}, detail: "no remembered-value search"},
		{rule: msilint.RuleSettingRows, sql: deleteAction("KeepGivenListen"), detail: "no keep action for a given value"},
		{rule: msilint.RuleSettingRows, sql: deleteAction("KeepRememberedListen"), detail: "no keep action for the remembered value"},
		{rule: msilint.RuleSettingRows, sql: []string{"DELETE FROM `Registry` WHERE `Name` = 'listen' AND `Value` = '[KeepListen]'"}, detail: "no Remembered registry value"},
		{rule: msilint.RuleSettingRows, sql: []string{"DELETE FROM `Registry` WHERE `Name` = 'listen' AND `Value` = '[ChangedListen]'"}, detail: "no Given registry value"},
		{rule: msilint.RuleSettingRows, sql: deleteAction("ChangedListen"), detail: "no changed action"},
		{rule: msilint.RuleSettingRows, sql: []string{"UPDATE `InstallExecuteSequence` SET `Condition` = 'Installed AND NOT REMOVE~=\"ALL\" AND ChangedStartType AND NOT REINSTALLMODE ~>< \"m\"' WHERE `Action` = 'ChangeNeedsRegistry'"}, detail: "ChangeNeedsRegistry"},
		{rule: msilint.RuleSettingRows, sql: []string{"UPDATE `InstallExecuteSequence` SET `Condition` = 'Installed AND NOT REMOVE~=\"ALL\" AND ChangedStartType AND NOT AdminUser' WHERE `Action` = 'ChangeNeedsAdmin'"}, detail: "ChangeNeedsAdmin"},
		{rule: msilint.RuleSettingRows, want: wantWith(func(w *msilint.Want) {
			w.Properties = append(w.Properties, "PORT")
			w.Settings = append(w.Settings, msilint.Setting{Property: "PORT", Key: "port"})
		}), also: msilint.RuleAdminProperties, detail: "property PORT (setting port): no validation row"},
		{rule: msilint.RuleAdminProperties, want: wantWith(func(w *msilint.Want) { w.Properties = append(w.Properties, "PORT") }), detail: "PORT is never used by the package"},
		{rule: msilint.RuleAdminProperties, want: wantWith(func(w *msilint.Want) { w.Properties = w.Properties[1:] })},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			w := want
			if tc.want.Template != "" {
				w = tc.want
			}
			path := broken(t, tc.sql...)
			if tc.unsecure != "" {
				unsecure(t, path, tc.unsecure)
			}
			if tc.secure != "" {
				addSecure(t, path, tc.secure)
			}
			err := msilint.Check(context.Background(), path, w)
			var found msilint.Findings
			if !errors.As(err, &found) {
				t.Fatalf("Check = %v, want findings", err)
			}
			if !found.Has(tc.rule) {
				t.Fatalf("findings %v lack rule %s", found, tc.rule)
			}
			for _, f := range found {
				if f.Rule != tc.rule && f.Rule != tc.also {
					t.Errorf("unrelated finding %s: %s", f.Rule, f.Detail)
				}
			}
			if tc.detail != "" && !strings.Contains(found.Error(), tc.detail) {
				t.Errorf("findings %v do not say %q", found, tc.detail)
			}
			t.Log(found)
		})
	}
}

// deleteAction removes a custom action and its rows in both sequences.
func deleteAction(name string) []string {
	var sql []string
	for _, table := range []string{"CustomAction", "InstallExecuteSequence", "InstallUISequence"} {
		sql = append(sql, "DELETE FROM `"+table+"` WHERE `Action` = '"+name+"'")
	}
	return sql
}

// TestTemplateRuleReadsSummary breaks the summary stream itself: an x64
// build whose Template says Intel.
func TestTemplateRuleReadsSummary(t *testing.T) {
	ctx := context.Background()
	path := broken(t)
	sum, err := msidb.ReadSummary(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	sum.Template = "Intel;1033"
	if err := msidb.WriteSummary(ctx, path, sum); err != nil {
		t.Fatal(err)
	}
	var found msilint.Findings
	if err := msilint.Check(ctx, path, want); !errors.As(err, &found) || !found.Has(msilint.RuleTemplate) {
		t.Fatalf("Check = %v, want rule %s", err, msilint.RuleTemplate)
	}
}

// TestSummaryDatesRule: issue 19 part 4. goreleaser's 0001-01-01 made MSIs
// whose summary dates read as the year 58456 and passed the lint. The
// FILETIMEs are patched in the file as bytes: msidb refuses to write them.
func TestSummaryDatesRule(t *testing.T) {
	filetime := func(tm time.Time) []byte {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint64(b, uint64((tm.Unix()+11644473600)*10_000_000))
		return b
	}
	built := filetime(time.Unix(1700000000, 0)) // good's build time
	for _, when := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), // wraps: reads as the year 58456
		time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1979, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2108, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		path := broken(t)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(b, built); n != 2 {
			t.Fatalf("the good package holds its build time %d times, want 2 (created, saved)", n)
		}
		if err := os.WriteFile(path, bytes.ReplaceAll(b, built, filetime(when)), 0o644); err != nil {
			t.Fatal(err)
		}
		var found msilint.Findings
		err = msilint.Check(context.Background(), path, want)
		if !errors.As(err, &found) || len(found) != 2 || !found.Has(msilint.RuleSummaryDates) {
			t.Fatalf("%v: Check = %v, want the two summary dates refused", when, err)
		}
		if !strings.Contains(found[0].Detail, "is outside 1980-01-01 to 2107-12-31") {
			t.Errorf("%v: finding %q does not say the range", when, found[0].Detail)
		}
	}
}
