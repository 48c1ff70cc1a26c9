package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/carereport/carereport/report/pipeline"
)

// printWritten names the files a paper's run wrote, one a line under the
// count; the tables' CSV folder is one line with how many files it holds.
func printWritten(w io.Writer, files []pipeline.File, authority, dir string) {
	fmt.Fprintf(w, "wrote %d files for %s to %s:\n", len(files), authority, dir)
	folders := map[string]int{}
	var lines []string
	for _, f := range files {
		name := filepath.ToSlash(f.Name)
		if top, _, ok := strings.Cut(name, "/"); ok {
			if folders[top] == 0 {
				lines = append(lines, top+"/")
			}
			folders[top]++
			continue
		}
		lines = append(lines, name)
	}
	sort.Strings(lines)
	for _, l := range lines {
		if n := folders[strings.TrimSuffix(l, "/")]; n > 0 {
			fmt.Fprintf(w, "  %s (%d CSV files)\n", filepath.Join(dir, l)+string(filepath.Separator), n)
			continue
		}
		fmt.Fprintf(w, "  %s\n", filepath.Join(dir, l))
	}
}
