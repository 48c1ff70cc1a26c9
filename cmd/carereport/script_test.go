package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite the expected output in testdata/script")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"carereport": func() {
			os.Exit(run(context.Background(), processEnv(), os.Args[1:]))
		},
	})
}

// TestScripts runs the end-to-end cases in testdata/script: each is a
// txtar archive of input files, carereport commands and the output they
// must give. Run one with -run TestScripts/NAME; rewrite expected files
// with -update.
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *updateScripts,
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("REPO", repo)
			e.Setenv("SHARED", filepath.Join(repo, "..", "shared"))
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "shared":
				_, err := os.Stat(filepath.Join(repo, "..", "shared", "data", "cqc", "api-locations-southwest-2021-02.jsonl"))
				return err == nil, nil
			}
			return false, nil
		},
	})
}
