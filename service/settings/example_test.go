package settings_test

import (
	"context"
	"net"
	"os"

	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/manage"
	"github.com/svcpack/svcpack/service/policy"
	"github.com/svcpack/svcpack/service/settings"
)

// declared is what `go tool svcpack settings` writes into the main package
// (svcpack_settings.go) for a product with a LISTEN property reaching the
// setting listen, which Group Policy may set too.
var declared = settings.Product{
	Name:    "mysvc",
	Company: "Contoso",
	Settings: []settings.Setting{
		{Name: "listen", Pattern: `[A-Za-z0-9.-]*:[0-9]{1,5}`, Policy: &policy.Setting{Kind: policy.Text, Apply: policy.Restart}},
	},
}

// The adopter's lines for one install-time setting: the declaration with
// its default, the Install field, Load and the use.
func Example() {
	conf := settings.New(declared, settings.Default("listen", "127.0.0.1:8080"))
	err := service.Run(service.Config{Name: declared.Name, Install: manage.Options{Settings: conf}},
		func(ctx context.Context, ready func()) error {
			v, err := conf.Load()
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", v.Text("listen"))
			if err != nil {
				return err
			}
			defer ln.Close()
			ready()
			<-ctx.Done()
			return nil
		})
	os.Exit(service.ExitCode(err))
}
