// Command hook is goreleaser's post-build hook (.goreleaser.yaml): it turns
// the exe goreleaser just built into the MSI. See dist.Hook.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/svcpack/svcpack/packaging/dist"
	"github.com/svcpack/svcpack/packaging/sign"
)

func main() {
	var o dist.HookOptions
	var unix int64
	flag.StringVar(&o.Exe, "exe", "", "the exe goreleaser built")
	flag.StringVar(&o.Arch, "arch", "", "its GOARCH: amd64, 386 or arm64")
	flag.StringVar(&o.Dist, "dist", "dist", "output directory")
	flag.StringVar(&o.Version, "version", "", "the version the exe is stamped with")
	flag.StringVar(&o.Commit, "commit", "", "full commit hash")
	flag.Int64Var(&unix, "time", 0, "commit time, Unix seconds")
	flag.Parse()
	if o.Exe == "" || o.Arch == "" || o.Version == "" || unix == 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: hook -exe PATH -arch GOARCH -version V -commit HASH -time UNIX [-dist DIR]")
		os.Exit(2)
	}
	o.Time = time.Unix(unix, 0)
	signer, err := sign.FromEnv()
	if err == nil {
		o.Signer = signer
		err = dist.Hook(context.Background(), o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hook:", err)
		os.Exit(1)
	}
}
