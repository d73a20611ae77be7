// Package programdata finds the machine-wide data folder a service keeps its
// config and logs under, the one place both the runtime and the installer
// commands ask, so they cannot disagree.
package programdata
