#!/usr/bin/env python3
"""Check the README's table of faults: each fault, made in a scratch copy
of the committed tree, must fail its named test, which passes without it.

Usage: scripts/faults.py [NAME ...]     (from the repository root; all by default)

Each fault is a small edit of the code (the text to find, exactly once,
and what to put instead). When the code it edits has moved on, the script
says so: update the edit here and the README's table together.
"""
import os
import subprocess
import sys
import tempfile

T = "\t"

# name, file, text to find, replacement, package, test that must fail
FAULTS = [
    ("groups", "report/paper/view.go",
     'spec.View{Caption: caption, Stub: "Services",\n' + T * 2 + 'Columns: []spec.ViewColumn{spec.Show("outstanding"), spec.Show("good"),',
     'spec.View{Caption: caption, Stub: "Services",\n' + T * 2 + 'Columns: []spec.ViewColumn{{Heading: "Outstanding", Names: []string{"good"}}, {Heading: "Good", Names: []string{"outstanding"}},',
     "./report/pipeline", "TestGroupTablesEqualJSON"),
    ("ranking", "report/paper/tables.go",
     'spec.Show("previous_good_or_better_pct"), spec.Show("good_or_better_pct"),',
     '{Heading: m.r.Prev.AsAt.Long(), Names: []string{"good_or_better_pct"}}, {Heading: m.r.Opts.AsAt.Long(), Names: []string{"previous_good_or_better_pct"}},',
     "./report/pipeline", "TestRankingTablesEqualJSON"),
    ("trend", "report/cqc/read_charts.go",
     'x.cols[LineEngland] = r.YearOnYearPrefix("england") + "good_or_better_pct"',
     'x.cols[LineEngland] = "good_or_better_pct"',
     "./report/pipeline", "TestTrendChartEqualsJSON"),
    ("inadequate", "report/paper/facts.go",
     "then := yoy.Previous(report.Inadequate)",
     "then := yoy.Previous(report.RequiresImprovement)",
     "./report/pipeline", "TestInadequateSentenceFromJSON"),
    ("pdf-th", "report/render/pdf/table.go",
     T * 4 + 'typ = "TH"', T * 4 + 'typ = "TD"',
     "./report/render", "TestPDFTableStructure"),
    ("word-lists", "report/render/docx/docx.go",
     T * 2 + "num = w.restart(l.Start)\n",
     T * 2 + "num = w.restart(l.Start)\n" + T * 2 + "if depth == 0 {\n" + T * 3 + "num = w.numBase + numParas\n" + T * 2 + "}\n",
     "./report/render/docx", "TestOrderedListAfterNumberedPara"),
    ("narrative-list", "report/paper/paper.go",
     "narrativeText = dmd.Options{Totals: true, LeadIns: true}",
     "narrativeText = dmd.Options{Totals: true, LeadIns: true, Numbered: true}",
     "./report/pipeline", "TestOfficersListAfterNumberedParagraph"),
    ("total-row", "report/paper/view.go",
     'if row.Row.ID == "total" {', "if false {",
     "./report/pipeline", "TestDocumentFieldsAsConventionsFound"),
    ("xlsx-order", "report/load/xlsx/scan.go",
     T * 4 + "if k <= r.row {\n" + T * 5 + 'return nil, 0, r.errorf("rows out of order', T * 4 + "if false {\n" + T * 5 + 'return nil, 0, r.errorf("rows out of order',
     "./report/load/xlsx", "TestRowsOutOfOrderRefused"),
    ("xlsx-tag", "report/load/xlsx/scan.go",
     T * 3 + "if r.end-start > maxTag {", T * 3 + "if false {",
     "./report/load/xlsx", "TestTagOverOneMBRefused"),
    ("config-keys", "config/config.go",
     "var knownKeys = yamlKeys(reflect.TypeOf(Config{}))",
     'var knownKeys = map[string][]string{"config.Config": {"authority"}}\n\nvar _ = yamlKeys(reflect.TypeOf(Config{}))',
     "./config", "TestEveryKeySuggested"),
    ("validate-fills", "config/config.go",
     T + "if tr := p.Trend; tr != nil {\n",
     T + "if tr := p.Trend; tr != nil {\n" + T * 2 + 'if tr.Every == "" {\n' + T * 3 + 'tr.Every = "quarter"\n' + T * 2 + "}\n",
     "./config", "TestValidateChangesNothing"),
    ("trust-columns", "report/cqc/health.go",
     'var kqColumns = [report.NumKeyQuestions]string{"safe", "effective",',
     'var kqColumns = [report.NumKeyQuestions]string{"effective", "safe",',
     "./report/pipeline", "TestHealthSectionCountsRows"),
    ("trust-view", "report/paper/health.go",
     'v.Columns = append(v.Columns, spec.Show("published"), spec.Show("locations_in_area"))',
     'v.Columns = append(v.Columns, spec.ViewColumn{Heading: "Hospitals in the area", Names: []string{"published"}}, spec.ViewColumn{Heading: "Published", Names: []string{"locations_in_area"}})',
     "./report/pipeline", "TestSampleFiguresEqualJSON"),
    ("below-good", "report/paper/health.go",
     "if rt, _ := report.RatingByID(c.Text); belowGood(rt) {",
     "if rt, _ := report.RatingByID(c.Text); belowGood(rt) || rt == report.Good {",
     "./report/pipeline", "TestSampleFiguresEqualJSON"),
    ("health-sentence", "report/paper/health.go",
     "ri, inad := hr.Count(sector, report.RequiresImprovement), hr.Count(sector, report.Inadequate)",
     "ri, inad := hr.Count(sector, report.RequiresImprovement), hr.Count(sector, report.RequiresImprovement)",
     "./report/pipeline", "TestHealthSectionCountsRows"),
    ("ranking-chart", "report/paper/tables.go",
     "for _, v := range x.Shares(i) {",
     "for _, v := range append(x.Shares(i)[:len(x.Shares(i))-1], x.Previous(i)) {",
     "./report/pipeline", "TestRankingChartsEqualJSON"),
    ("ranking-highlight", "report/paper/tables.go",
     "Highlight: x.IsAuthority(i)}", "Highlight: i == 0}",
     "./report/pipeline", "TestRankingChartsEqualJSON"),
    ("headline", "report/paper/facts.go",
     "share := rt.GoodOrBetter(t.svc)",
     "share := rt.Share(report.Good, t.svc)",
     "./report/pipeline", "TestHeadlineSentenceFromJSON"),
    ("compared-area", "report/cqc/read_facts.go",
     T + "case PlaceComparators:\n" + T * 2 + 'return r.YearOnYearPrefix("comparators")',
     T + "case PlaceComparators:\n" + T * 2 + 'return r.YearOnYearPrefix("england")',
     "./report/pipeline", "TestHeadlineSentenceFromJSON"),
    ("named-before", "report/paper/members.go",
     'spec.ViewColumn{Names: []string{"previous_rating", "previous_rating_date"}, Format: ratingBefore}',
     'spec.ViewColumn{Heading: "Rating before", Names: []string{"rating_on_previous_date"}}',
     "./report/pipeline", "TestDocumentFiguresEqualJSON"),
    ("named-note", "report/paper/members.go",
     "below, fell := x.Rated(report.Inadequate, report.RequiresImprovement),",
     "below, fell := x.Rated(report.Inadequate),",
     "./report/pipeline", "TestMembersSentencesFromJSON"),
    ("kq-against", "report/paper/members.go",
     'theirs, whose := x.Comparators, "its comparator authorities"',
     'theirs, whose := x.England, "its comparator authorities"',
     "./report/paper", "TestKeyQuestionsComparisonSentence"),
    ("ranking-change", "report/cqc/read_charts.go",
     "now, then := x.Share(i), x.Previous(i)",
     "now, then := x.Previous(i), x.Share(i)",
     "./report/paper", "TestRankingChangeUnrounded"),
    ("rated-share", "report/cqc/read_facts.go",
     "return c.t.ShareAt(RatedGoodOrBetterRow, c.col(p, s))",
     "return c.t.ShareAt(GoodOrBetterRow, c.col(p, s))",
     "./report/pipeline", "TestRatedShareSentenceFromJSON"),
    ("rated-share-all", "report/paper/facts.go",
     "if p, ok := s.ratedOf(cmp, t.svc, t.w); ok {",
     "if p, ok := s.ratedOf(cmp, cqc.All, t.w); ok {",
     "./report/pipeline", "TestRatedShareSentenceFromJSON"),
    ("rated-row-hidden", "report/paper/tables.go",
     'if newSentences(m.r, m.r.Opts.SimilarWithin).ratedComparison() == "" {',
     "if true {",
     "./report/pipeline", "TestRatedShareSentenceInTable"),
    ("adults-65", "report/cqc/perhead.go",
     "h.Pop18 += row.Age18to64 + row.Age65Plus",
     "h.Pop18 += row.Age65Plus",
     "./report/cqc", "TestServicesPerHeadByHand"),
    ("per-head-rounded", "report/cqc/read_perhead.go",
     "Value: float64(c.N) * float64(per) / float64(c.Of)}",
     "Value: c.Num}",
     "./report/paper", "TestServicesPerHeadSentence"),
    ("health-chart", "report/paper/health.go",
     T * 3 + "r.Values = append(r.Values, m.shareValue(hr.Share(sector, p)))\n",
     T * 3 + "q := p\n" + T * 3 + "if q == cqc.PlaceComparators {\n" + T * 4 + "q = cqc.PlaceAuthority\n" + T * 3 + "}\n" +
     T * 3 + "r.Values = append(r.Values, m.shareValue(hr.Share(sector, q)))\n",
     "./report/pipeline", "TestHealthChartEqualsJSON"),
    ("health-chart-unrated", "report/paper/health.go",
     T * 2 + "if hr.Rated(sector) == 0 {", T * 2 + "if hr.Total(sector) == 0 {",
     "./report/pipeline", "TestHealthChartEqualsJSON"),
]


def run(tree, pkg, test):
    r = subprocess.run(["go", "test", "-count=1", "-run", "^" + test + "$", pkg],
                       cwd=tree, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def main():
    names = sys.argv[1:]
    unknown = set(names) - {f[0] for f in FAULTS}
    if unknown:
        sys.exit("faults: no fault named " + ", ".join(sorted(unknown)))
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True).stdout.strip()
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "repo")
        os.mkdir(tree)
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=root, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
        # Tests that need ../shared find it beside the copy too.
        shared = os.path.join(os.path.dirname(root), "shared")
        if os.path.isdir(shared):
            os.symlink(shared, os.path.join(tmp, "shared"))
        for name, path, old, new, pkg, test in FAULTS:
            if names and name not in names:
                continue
            file = os.path.join(tree, path)
            src = open(file).read()
            if src.count(old) != 1:
                print(f"{name}: the code it edits is not in {path} (found {src.count(old)} times): update the fault")
                bad += 1
                continue
            code, out = run(tree, pkg, test)
            if code != 0:
                print(f"{name}: {test} fails without the fault:\n{out}")
                bad += 1
                continue
            open(file, "w").write(src.replace(old, new))
            try:
                code, out = run(tree, pkg, test)
            finally:
                open(file, "w").write(src)
            if code == 0:
                print(f"{name}: {test} passes with the fault made")
                bad += 1
            elif "--- FAIL: " + test not in out:
                print(f"{name}: {test} did not run to a failure (build error?):\n{out}")
                bad += 1
            else:
                print(f"{name}: {test} fails, as it should")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
