package service

import (
	"os"

	"github.com/svcpack/svcpack/service/manage"
)

func runManage(cfg Config, args []string) error {
	return manage.Main(cfg.manageSpec(), args, os.Stdout)
}
