// A module of its own so that svcpack's go.mod never requires
// kardianos/service: only the benchmark builds this baseline.
module svcpack.bench/kardianos

go 1.26

require github.com/kardianos/service v1.3.0

require golang.org/x/sys v0.34.0 // indirect
