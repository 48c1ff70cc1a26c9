//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/carereport/carereport/report/fetch/fetchtest"
)

// ptyRun runs the carereport command (the test binary, put on PATH by
// testscript.Main) with its standard error on a pseudo-terminal, or on a
// plain pipe, and returns what it wrote there.
func ptyRun(t *testing.T, terminal bool, env []string, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("carereport")
	if err != nil {
		t.Skipf("no carereport command on PATH: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	if !terminal {
		cmd.Stderr = &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80})
	cmd.Stderr = tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	done := make(chan struct{})
	go func() {
		io.Copy(&out, ptmx) // ends with EIO when the command has exited
		close(done)
	}()
	err = cmd.Wait()
	<-done
	if err != nil {
		t.Fatalf("%v: %v\n%q", args, err, out.String())
	}
	// The terminal turns \n into \r\n.
	return strings.ReplaceAll(out.String(), "\r\n", "\n")
}

// fetch against the fake server, with a 429 and a 500 on the way: on a
// terminal, a progress line redrawn in place (records done of the total,
// the retries, the rate-limit wait, the time left) and then the summary
// line; on a pipe, the summary line alone; with -q, nothing.
func TestFetchProgressOnATerminal(t *testing.T) {
	srv := fetchServer(t)
	ids := srv.IDs("Torbay")
	out := filepath.Join(t.TempDir(), "t.jsonl")
	env := []string{keyEnv + "=" + fetchTestKey}
	args := []string{"fetch", "-authority", "Torbay", "-out", out, "-base-url", srv.URL, "-rate", "40", "-jobs", "2"}

	srv.Inject(fetchtest.DetailPath(ids[2]), fetchtest.Fault{Kind: fetchtest.TooManyRequests, RetryAfter: "2"})
	srv.Inject(fetchtest.DetailPath(ids[5]), fetchtest.Fault{Kind: fetchtest.ServerError})
	got := ptyRun(t, true, env, args...)
	summary := "fetched 85, skipped 0 (already in " + out + "), failed 0; 2 retries, 1 rate-limited (HTTP 429)\n"
	for _, want := range []string{"\rlisting Torbay\x1b[K", "\rrecords 0/85", "left", "retr", "waiting ", "(rate limit)", "\rrecords 85/85", "\r\x1b[K" + summary} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal: no %q in %q", want, got)
		}
	}
	if !strings.HasSuffix(got, summary) || strings.Count(got, "\n") != 1 {
		t.Errorf("terminal: want the progress line then one summary line: %q", got)
	}

	fast := append(args[:len(args)-4:len(args)-4], "-rate", "100000")
	os.Remove(out)
	got = ptyRun(t, false, env, fast...)
	if got != "fetched 85, skipped 0 (already in "+out+"), failed 0\n" {
		t.Errorf("pipe: %q, want the summary line alone", got)
	}

	os.Remove(out)
	if got := ptyRun(t, true, env, append(fast, "-q")...); got != "" {
		t.Errorf("terminal, -q: %q, want nothing", got)
	}
}

// batch on a terminal draws its progress line and then its summary; on a
// pipe only the summary.
func TestBatchProgressOnATerminal(t *testing.T) {
	args := []string{"batch", "-config", "../../config/example.yaml", "-authorities", "all", "-formats", "json", "-out", t.TempDir()}
	got := ptyRun(t, true, nil, args...)
	for _, want := range []string{"\rpapers 0/6\x1b[K", "\rpapers 6/6: ", "\r\x1b[Kbatch: 6 authorities, 6 written"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal: no %q in %q", want, got)
		}
	}
	got = ptyRun(t, false, nil, args...)
	if strings.ContainsAny(got, "\r\x1b") || strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "batch: 6 authorities, 6 written") {
		t.Errorf("pipe: %q, want the summary line alone", got)
	}
}
