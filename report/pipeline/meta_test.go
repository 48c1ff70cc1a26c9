package pipeline

import (
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// The document's metadata uses the paper's own scope words, and each
// style's footer names what the paper is: the committee and meeting for
// a committee paper, the account's title for a quality account (even
// when the config also names a committee, as `init` writes one).
func TestMetaScopeAndFooter(t *testing.T) {
	c := config.Default()
	c.Report.Title = "Devon Adult Social Care Quality Account 2021"
	c.Report.Committee = "Health and Adult Care Scrutiny Committee"
	c.Report.MeetingDate.Date = report.MustDate("2021-03-09")
	r := &cqc.Result{Authority: &cqc.Area{Name: "Devon"}, Opts: cqc.Options{AsAt: report.MustDate("2021-02-01")}}

	for _, tc := range []struct {
		style, footer string
		homesOnly     bool
		subject       string
	}{
		{"scrutiny", "Health and Adult Care Scrutiny Committee, 9 March 2021", false,
			"CQC ratings of regulated adult social care services in Devon as at 1 February 2021"},
		{"scrutiny", "Health and Adult Care Scrutiny Committee, 9 March 2021", true,
			"CQC ratings of care homes in Devon as at 1 February 2021"},
		{"quality-account", "Devon Adult Social Care Quality Account 2021", true,
			"CQC ratings of care homes in Devon as at 1 February 2021"},
	} {
		c.Report.Style = tc.style
		r.CareHomesOnly = tc.homesOnly
		m := Meta(&c, r)
		if m.Footer != tc.footer {
			t.Errorf("%s: footer %q, want %q", tc.style, m.Footer, tc.footer)
		}
		if m.Subject != tc.subject {
			t.Errorf("%s (care homes only %v): subject %q, want %q", tc.style, tc.homesOnly, m.Subject, tc.subject)
		}
	}
}
