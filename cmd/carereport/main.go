// Command carereport writes committee papers on the quality of regulated
// adult social care from the Care Quality Commission's published data.
//
// main is the only place that touches os.Args, os.Exit and the process
// environment; every subcommand takes an *env and returns an error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, processEnv(), os.Args[1:])
	stop()
	os.Exit(code)
}

// processEnv is the env of the running process: its standard streams and
// environment, and whether standard error is a terminal.
func processEnv() *env {
	return &env{
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		Version:          buildVersion(),
	}
}

// env is what a subcommand may use of the process.
type env struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// StderrIsTerminal turns on progress output (unless -quiet).
	StderrIsTerminal bool
	// Version names the program in every output's metadata and the
	// manifest ("" for the running binary's own, buildVersion).
	Version string
}

// version is the program's version string.
func (e *env) version() string {
	if e.Version == "" {
		return buildVersion()
	}
	return e.Version
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"generate": {"write the paper and its tables for one authority", cmdGenerate},
		"batch":    {"write papers for many authorities from one load of the data", cmdBatch},
		"validate": {"check the config and the data, and list what was skipped", cmdValidate},
		"tables":   {"print the derived tables as JSON or CSV", cmdTables},
		"fetch":    {"download CQC API location records for authorities", cmdFetch},
		"init":     {"write a starter config and narrative files", cmdInit},
		"version":  {"print the program's version, VCS revision and Go version", cmdVersion},
		"verify":   {"re-hash a paper's inputs and outputs against its manifest", cmdVerify},
		"diff":     {"say what changed between two papers' tables JSON (exit 1 when something did)", cmdDiff},
	}
}

// usageError marks bad usage: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// errHelp is returned when -h was asked for: exit status 0.
var errHelp = flag.ErrHelp

// errVersion is returned when -version was asked for and printed: exit
// status 0, nothing else done.
var errVersion = errors.New("version printed")

func run(ctx context.Context, e *env, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		printUsage(e.Stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "-version" || args[0] == "--version" {
		fmt.Fprintln(e.Stdout, e.version())
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.Stderr, "carereport: unknown command %q (try carereport -h)\n", args[0])
		return 2
	}
	err := c.run(ctx, e, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp), errors.Is(err, errVersion):
		return 0
	}
	var se statusError
	if errors.As(err, &se) {
		// A command's own status (diff: 1 differs, 2 trouble).
		if se.msg != "" {
			fmt.Fprintf(e.Stderr, "carereport %s: %s\n", args[0], oneLine(se.msg))
		}
		return se.code
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.Stderr, "carereport %s: %s\n", args[0], oneLine(err.Error()))
		return 2
	}
	fmt.Fprintf(e.Stderr, "carereport %s: %s\n", args[0], oneLine(err.Error()))
	return 1
}

// oneLine keeps an error message on one line.
func oneLine(s string) string {
	return termSafe(strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " "))
}

// termSafe shows control characters (an escape sequence in a cell of the
// data would otherwise reach the terminal) and bidirectional overrides as
// escapes: \x1b, \u202e.
func termSafe(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unsafeRune(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f
}

// safeWriter passes text to a terminal with control characters escaped.
type safeWriter struct{ w io.Writer }

func (s safeWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, termSafe(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func printUsage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: carereport COMMAND [flags]")
	fmt.Fprintln(w)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run carereport COMMAND -h for a command's flags.")
}

// newFlagSet makes a FlagSet that reports errors instead of exiting.
func newFlagSet(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.Var(&versionFlag{e: e}, "version", "print the program's version and exit")
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "usage: carereport %s %s\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags that may come before or after positional
// arguments, and returns the positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		if v, ok := fs.Lookup("version").Value.(*versionFlag); ok && v.on {
			fmt.Fprintln(v.e.Stdout, v.e.version())
			return nil, errVersion
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// versionFlag is -version, which every command takes.
type versionFlag struct {
	e  *env
	on bool
}

func (v *versionFlag) String() string   { return "" }
func (v *versionFlag) IsBoolFlag() bool { return true }
func (v *versionFlag) Set(s string) error {
	on, err := strconv.ParseBool(s)
	v.on = on
	return err
}
