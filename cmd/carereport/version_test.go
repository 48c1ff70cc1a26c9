package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionString(t *testing.T) {
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "carereport (devel) (no revision) " + goVersion()},
		{"not stamped", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, true,
			"carereport (devel) (no revision) go1.26.8"},
		{"stamped", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "2761ea7c0a1b2761ea7c0a1b2761ea7c0a1b2761"}, {Key: "vcs.modified", Value: "false"}}}, true,
			"carereport v1.2.0 (2761ea7c0a1b2761ea7c0a1b2761ea7c0a1b2761) go1.26.8"},
		{"modified", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: ""}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}}, true,
			"carereport (devel) (abc, modified) go1.26.8"},
		{"control characters", &debug.BuildInfo{GoVersion: "go1\n", Main: debug.Module{Version: "v1\x1b[2J"}}, true,
			"carereport v1?[2J (no revision) go1?"},
	}
	for _, c := range cases {
		if got := versionString(c.bi, c.ok); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func goVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if ok && bi.GoVersion != "" {
		return bi.GoVersion
	}
	return "go"
}

// version and -version print the env's version string and exit 0;
// -version on a command does nothing else.
func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}, {"generate", "-version"}, {"tables", "-version", "-config", "nope.yaml"},
		{"validate", "-version"}, {"batch", "-version"}, {"fetch", "-version"}, {"init", "-version"}, {"verify", "-version"}} {
		var out, errb bytes.Buffer
		e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Version: "carereport v9 (abc) go1"}
		if code := run(context.Background(), e, args); code != 0 || out.String() != "carereport v9 (abc) go1\n" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out.String(), errb.String())
		}
	}
}

// A binary built with go build inside the git repository names the
// revision it was built from.
func TestBuiltBinaryNamesItsRevision(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("git", "-C", repo, "rev-parse", "HEAD").Run(); err != nil {
		t.Skipf("%s is not a git work tree: %v", repo, err)
	}
	if fi, err := os.Stat(filepath.Join(repo, ".git")); err != nil || !fi.IsDir() {
		// cmd/go looks for a .git folder; a linked work tree (git
		// worktree add) has a .git file, and go build stamps no revision.
		t.Skipf("%s/.git is not a folder (a linked git worktree?): go build stamps no VCS revision there", repo)
	}
	bin := filepath.Join(t.TempDir(), "carereport")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/carereport")
	build.Dir = repo
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	head, _ := exec.Command("git", "-C", repo, "rev-parse", "HEAD").Output()
	want := regexp.MustCompile(`^carereport v\S+ \(` + strings.TrimSpace(string(head)) + `(, modified)?\) go\d\S*\n$`)
	if !want.Match(out) {
		t.Errorf("version printed %q; want the revision %s", out, strings.TrimSpace(string(head)))
	}
}
