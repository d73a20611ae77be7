// Package settings gives a program its settings from declarations: the
// JSON config file in its data folder (%ProgramData%\<name>\config.json),
// the values an installer hands in (`service configure --installer-key`:
// given and remembered), `service configure --set`, Group Policy, defaults
// and validation by pattern, with one precedence:
//
//	policy > given now (install, configure) > config.json as the admin left it > remembered > default
//
// config.json is read strictly (an unknown or repeated key, a wrong type or
// a refused value is an error naming the key, the value and the form
// expected, every problem at once); it is written from the defaults on the
// first start or install, never through a link, and never rewritten by a
// repair or upgrade that gives no value (docs/settings.md).
//
// The declarations come from svcpack.yaml: `go tool svcpack settings`
// writes them into the main package (svcpack_settings.go: the product's
// name and company, each setting's name, the pattern of the property that
// reaches it, its policy), and `go tool svcpack check` fails while that
// file no longer matches svcpack.yaml. The program adds what only it knows:
// defaults, a Bool kind, an own check. Taking one install-time setting into
// a program:
//
//	//go:generate go tool svcpack settings
//
//	var conf = settings.New(declared, settings.Default("listen", "127.0.0.1:8080"))
//
//	func main() {
//		err := service.Run(service.Config{Name: declared.Name, Install: manage.Options{Settings: conf}},
//			func(ctx context.Context, ready func()) error {
//				v, err := conf.Load()
//				if err != nil {
//					return err
//				}
//				ln, err := net.Listen("tcp", v.Text("listen")) // ... ready(), serve
//
// `service status` shows each setting's value and source (File is a
// manage.EffectiveSettings); Watch reports Group Policy changes.
//
// The package imports the standard library, golang.org/x/sys and other
// service packages only.
package settings
