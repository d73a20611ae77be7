package winname

import "regexp"

// gmsaRE is the shape of a group managed service account as svcpack takes
// it: DOMAIN\name$, the domain's NetBIOS name (at most 15 characters) and
// the account's sAMAccountName, whose trailing $ marks a computer-like
// account that Windows gives a password only the domain controllers and the
// allowed hosts know. The one rule for the product file's service.account
// and for the runtime's decision to grant the logon right.
var gmsaRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]{0,14}\\[A-Za-z0-9_.-]{1,19}\$$`)

// IsGMSA reports whether account is a group managed service account,
// DOMAIN\name$ (e.g. CONTOSO\websvc$).
func IsGMSA(account string) bool { return gmsaRE.MatchString(account) }
