package deploy

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Kinds of return codes, as SCCM's deployment type and Intune's Win32 app
// classify them (docs/deploy/sccm.md, docs/deploy/intune.md).
const (
	KindSuccess    = "success"
	KindSoftReboot = "softReboot" // done; the change takes effect after the next restart
	KindHardReboot = "hardReboot" // done; msiexec has started a restart
	KindRetry      = "retry"      // another installation holds the installer: try again later
	KindFailure    = "failure"
)

// returnCodeKinds classifies every code in returnCodes.
var returnCodeKinds = map[string]string{
	"0":    KindSuccess,
	"1707": KindSuccess,
	"3010": KindSoftReboot,
	"1641": KindHardReboot,
	"1618": KindRetry,
	"1603": KindFailure,
}

// TransformFile is the transform name the install-with-transform command
// line uses: an admin's `svcpack transform … -o site.mst`, beside the MSI.
const TransformFile = "site.mst"

// transformInstall is the silent install with a transform: the way Group
// Policy, SCCM and Intune pass an admin's values (a transform's properties
// are validated like the command line's).
func transformInstall(p Package) string {
	name := strings.TrimSuffix(p.File, filepath.Ext(p.File))
	return fmt.Sprintf(`msiexec /i "%s" TRANSFORMS="%s" /qn /norestart /l*v "%s\%s_install.log"`, p.File, TransformFile, logDir, name)
}
