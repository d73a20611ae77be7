package product

import "strings"

// installerProperties are names a product's own property must not take:
// Windows Installer's documented properties that change how msiexec runs or
// what it records (a LISTEN-like row under one of these names would hand the
// name's meaning to whoever sets the value: REBOOT=Force, ALLUSERS=2,
// TARGETDIR, TRANSFORMS …), and the names svcpack's template keeps for itself.
// A list is the point here: these are fixed names, and the allowlist pattern
// for property names already admits every one of them.
var installerProperties = map[string]bool{
	// Windows Installer ("Property Reference": configuration, installation
	// status and ARP properties, command-line names msiexec gives meaning).
	"ACTION": true, "ADDDEFAULT": true, "ADDLOCAL": true, "ADDSOURCE": true, "ADVERTISE": true, "ALLUSERS": true,
	"ARPAUTHORIZEDCDFPREFIX": true, "ARPCOMMENTS": true, "ARPCONTACT": true, "ARPHELPLINK": true,
	"ARPHELPTELEPHONE": true, "ARPINSTALLLOCATION": true, "ARPNOMODIFY": true, "ARPNOREMOVE": true,
	"ARPNOREPAIR": true, "ARPPRODUCTICON": true, "ARPREADME": true, "ARPSIZE": true, "ARPSYSTEMCOMPONENT": true,
	"ARPURLINFOABOUT": true, "ARPURLUPDATEINFO": true, "COMPADDDEFAULT": true, "COMPADDLOCAL": true,
	"COMPADDSOURCE": true, "COMPANYNAME": true, "DISABLEADVTSHORTCUTS": true, "DISABLEROLLBACK": true,
	"EXECUTEACTION": true, "EXECUTEMODE": true, "FILEADDDEFAULT": true, "FILEADDLOCAL": true, "FILEADDSOURCE": true,
	"INSTALLLEVEL": true, "LIMITUI": true, "LOGACTION": true, "MEDIAPACKAGEPATH": true, "MSIARPSETTINGSIDENTIFIER": true,
	"MSIDISABLEEEUI": true, "MSIDISABLELUAPATCHING": true, "MSIDISABLERMRESTART": true, "MSIENFORCEUPGRADECOMPONENTRULES": true,
	"MSIFASTINSTALL": true, "MSIINSTALLPERUSER": true, "MSIINSTANCEGUID": true, "MSILOGGINGMODE": true,
	"MSINEWINSTANCE": true, "MSINODISABLEMEDIA": true, "MSIPATCHREMOVE": true, "MSIRESTARTMANAGERCONTROL": true,
	"MSIRMSHUTDOWN": true, "MSIUNINSTALLSUPERSEDEDCOMPONENTS": true, "MSIUSEREALADMINDETECTION": true,
	"PATCH": true, "PATCHNEWPACKAGECODE": true, "PATCHNEWSUMMARYCOMMENTS": true, "PATCHNEWSUMMARYSUBJECT": true,
	"PIDKEY": true, "PRIMARYFOLDER": true, "PROMPTROLLBACKCOST": true, "REBOOT": true, "REBOOTPROMPT": true,
	"REINSTALL": true, "REINSTALLMODE": true, "REMOVE": true, "RESTRICTEDUSERCONTROL": true, "ROOTDRIVE": true,
	"SECONDSEQUENCE": true, "SHORTFILENAMES": true, "SOURCELIST": true, "TARGETDIR": true, "TRANSFORMS": true,
	"TRANSFORMSATSOURCE": true, "TRANSFORMSSECURE": true, "UPGRADINGPRODUCTCODE": true, "USERNAME": true,
	// svcpack's template (packaging/internal/msi/template/service.wxs.tmpl).
	"EXISTING_SERVICE": true, "LOCALDUMPS_COUNT": true, "LOCALDUMPS_FOLDER": true, "LOCALDUMPS_TYPE": true,
}

// reservedPropertyName says why name cannot be a product's property, "" when
// it can. REMEMBERED_ starts the remembered value of every property the
// template renders.
func reservedPropertyName(name string) string {
	switch {
	case installerProperties[name]:
		return "a name of the product's own: " + name + " is Windows Installer's or svcpack's template's, with a meaning of its own"
	case strings.HasPrefix(name, "REMEMBERED_"):
		return "a name that does not start with REMEMBERED_: the template keeps those for the remembered values"
	}
	return ""
}
