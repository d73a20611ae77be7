// Package admx is the pipeline stage that writes a product's Group Policy
// administrative template: <company>.<name>.admx and en-US/<company>.<name>.adml
// for the settings svcpack.yaml lists under policy, and a zip laid out for a
// domain's Central Store (PolicyDefinitions\*.admx,
// PolicyDefinitions\en-US\*.adml) that Intune's ADMX import also takes.
//
// The template is machine policy under HKLM\Software\Policies\<company>\<name>,
// one value per setting named as the setting, in a namespace of the product's
// own (<company>.Policies.<name>) that references no other template, so it
// imports on its own. Build checks the rules Intune's import applies
// (CheckIngestion) before anything is written.
package admx
