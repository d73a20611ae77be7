package service

// openSetupEvents opens the Event Log for reportSetupFailure.
var openSetupEvents = windowsLogSinks().openEvents
