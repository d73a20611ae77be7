package msi

import "fmt"

// The standard actions the rendered source's early custom actions sit
// between (Windows Installer's suggested sequence, as wixl writes it): after
// AppSearch, which reads the remembered values; before LaunchConditions,
// which shows InvalidProperty; LaunchConditions moves up when the actions
// need more room, but stays before ValidateProductID.
const (
	appSearchSequence         = 50
	launchConditionsSequence  = 100
	validateProductIDSequence = 700
)

// fixedSequence numbers the actions every rendered source has.
type fixedSequence struct {
	GivenStartType, RecallStartType, DefaultStartType, InvalidStartType    int
	InvalidInstallFolder, InvalidRemoveData                                int
	GivenFolder, GivenFolderSlash, InstallFolderMoved, RecallInstallFolder int
	ChangedStartType, ChangeNeedsRegistry, ChangeNeedsAdmin                int
	ForeignService, ProductDumpFolder                                      int
	LaunchConditions                                                       int
}

// settingSequence numbers one setting property's actions.
type settingSequence struct {
	Invalid, KeepGiven, KeepRemembered, Changed int
}

// allocateSequence numbers the actions in the order they must run, one
// number each, from right after AppSearch: the start type's recall and
// check; each setting's check and Keep actions; the folder's checks and
// recall; the Changed actions, then the two change checks that read them;
// the foreign-service check. settings get their numbers in place. With one
// setting this is the layout of svcpack's earlier hand-kept sources (51 to
// 69, LaunchConditions at 100).
func allocateSequence(settings []settingRows) (fixedSequence, error) {
	next := appSearchSequence
	take := func(n *int) { next++; *n = next }
	var f fixedSequence
	take(&f.GivenStartType)
	take(&f.RecallStartType)
	take(&f.DefaultStartType)
	take(&f.InvalidStartType)
	for i := range settings {
		s := &settings[i].Seq
		take(&s.Invalid)
		take(&s.KeepGiven)
		take(&s.KeepRemembered)
	}
	take(&f.InvalidInstallFolder)
	take(&f.InvalidRemoveData)
	take(&f.GivenFolder)
	take(&f.GivenFolderSlash)
	take(&f.InstallFolderMoved)
	take(&f.RecallInstallFolder)
	take(&f.ChangedStartType)
	for i := range settings {
		take(&settings[i].Seq.Changed)
	}
	take(&f.ChangeNeedsRegistry)
	take(&f.ChangeNeedsAdmin)
	take(&f.ForeignService)
	take(&f.ProductDumpFolder)
	f.LaunchConditions = max(launchConditionsSequence, next+1)
	if f.LaunchConditions >= validateProductIDSequence {
		return f, fmt.Errorf("%d properties with a setting need the sequence up to %d, past ValidateProductID (%d): at most %d fit",
			len(settings), f.LaunchConditions, validateProductIDSequence, maxSettings)
	}
	return f, nil
}

// maxSettings is how many setting properties fit before ValidateProductID:
// 15 fixed actions and 4 per setting after AppSearch, LaunchConditions after them.
const maxSettings = (validateProductIDSequence - 1 - appSearchSequence - 1 - 15) / 4
