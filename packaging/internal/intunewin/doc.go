// Package intunewin is the Intune stage: it wraps an MSI the pipeline built
// as the .intunewin a Win32 app in Microsoft Intune is uploaded as, the file
// Microsoft's IntuneWinAppUtil makes on Windows, made here on Linux.
//
// The layout (docs/deploy/intune.md says which public descriptions it was
// checked against):
//
//	<msi name>.intunewin                       a zip
//	  IntuneWinPackage/Metadata/Detection.xml  what the package holds, and the keys
//	  IntuneWinPackage/Contents/IntunePackage.intunewin
//	                                           HMAC (32) || IV (16) || AES-256-CBC ciphertext
//
// The plaintext is a zip of the source folder: the MSI alone. It is
// encrypted with a random 32-byte key and 16-byte IV (PKCS#7 padding); the
// HMAC-SHA256 under a separate random 32-byte key covers IV || ciphertext.
// Detection.xml carries the keys, the IV, the MAC and the SHA-256 of the
// plaintext zip, base64, plus the MSI's codes and version read from the MSI
// itself (msidb): Intune's admin center fills in the app and its MSI
// detection rule from them. The keys are in the package by design (Intune's
// upload sends them to the service); they are never logged.
package intunewin
