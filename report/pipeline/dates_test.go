package pipeline

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
)

// A file may be up to MaxDateGap days from the date the config gives it,
// either side, and no further; its newest rating may be no later.
func TestFileDateTolerance(t *testing.T) {
	c := &config.Config{Path: "c.yaml"}
	at := report.MustDate("2026-01-01")
	for _, tc := range []struct {
		own, newest string
		ok          bool
	}{
		{"2026-01-01", "", true},
		{"2026-02-01", "", true},  // 31 days after
		{"2025-12-01", "", true},  // 31 days before
		{"2026-02-02", "", false}, // 32 days after
		{"2025-11-30", "", false}, // 32 days before
		{"", "2026-02-01", true},
		{"", "2026-02-02", false},
		{"", "1990-01-01", true}, // an old rating says nothing against the date
	} {
		f := fileDates{key: "data.locations", file: "/d/x.csv"}
		if tc.own != "" {
			f.own = report.MustDate(tc.own)
		}
		if tc.newest != "" {
			f.newest = report.MustDate(tc.newest)
		}
		err := f.agree(c, at, "period.as_at")
		if (err == nil) != tc.ok {
			t.Errorf("own %q newest %q: %v, want ok %v", tc.own, tc.newest, err, tc.ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "c.yaml: period.as_at: gives data.locations (x.csv) the date 2026-01-01") {
			t.Errorf("error %q does not name the key and the file", err)
		}
	}
}
