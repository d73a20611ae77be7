package manage

// serviceProcessHandles is what `status` prints as the service process's
// handle count: a number, or "unavailable" when the process cannot be opened
// or the count reads 0 (Wine reports 0 for every process). A variable so
// tests elsewhere than Windows can stand in for the machine.
var serviceProcessHandles = processHandles
