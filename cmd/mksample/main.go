// Command mksample writes carereport's built-in synthetic sample data
// (testdata/sample) from report/sample. Run it from the repository root:
//
//	go run ./cmd/mksample
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/carereport/carereport/report/sample"
)

func main() {
	dir := "testdata/sample"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "mksample:", err)
		os.Exit(1)
	}
	files := sample.Files()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "mksample:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", filepath.Join(dir, n))
	}
}
