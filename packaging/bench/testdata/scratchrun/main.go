package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/svcpack/svcpack/packaging/bench"
)

func main() {
	runs, _ := strconv.Atoi(os.Getenv("RUNS"))
	r, err := bench.Run(context.Background(), bench.Options{Runs: runs, SlowRuns: runs})
	fmt.Print(r.Section())
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
}
