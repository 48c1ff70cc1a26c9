#!/usr/bin/env python3
"""Make report/ons/population.csv from ONS mid-year estimate workbooks.

Every source is a file in a public GitHub repository, read at a fixed commit
from a bare mirror of that repository (the project's `fetch` tool puts one in
/work/.mirror/OWNER+NAME/). The script checks each file's sha256 before
reading it, so a different file is an error, not a different CSV.

Run (python3 with xlrd and openpyxl: Debian python3-xlrd python3-openpyxl):

    python3 scripts/ons/extract_population.py --mirror /work/.mirror \
        --out report/ons/population.csv

What it does, for each year:
  * reads the sheet "MYE2 - Persons" (mid-2018: "MYE2-All"): one row per area,
    columns Code, Name, Geography, All ages, then single years of age 0 to 89
    and 90+ (headed "90" in mid-2018);
  * checks, for every row, that the single years add up to All ages;
  * keeps the English upper-tier authorities, those whose code starts E06
    (unitary), E08 (metropolitan district), E09 (London borough) or E10
    (county), and the England row (E92000001). Metropolitan counties (E11)
    and regions (E12) are left out: they are groupings of the rows kept;
  * sums the single years into the bands 0-17, 18-64, 65+ and 75+;
  * checks that the kept authorities add up to the England row's All ages
    and each age band, and that no code appears twice;
  * where a second copy of the same year's workbook is known (CROSS_CHECKS),
    checks that it gives the same figures for every row kept.

Nothing is estimated: a figure is in the output only if it is in the sheet.
"""
import argparse
import csv
import hashlib
import io
import os
import subprocess
import sys

# year, repository, commit, path, sha256, sheet
SOURCES = [
    (2018, "ericyang-almaeconomics/social_care_datahub",
     "c481891bca2bca6dd78f79506204124a65e89186",
     "Data/2018/ukmidyearestimates20182019ladcodes.xls",
     "1df860b2c0677c915cc3980a1b9ed0dd1e9ad50273417e77fd17606192725ed5", "MYE2-All"),
    (2019, "TheDebata/Young-Claimants-by-LA",
     "5af31924fe12551c938a1d0dabc26329f3717644",
     "ukmidyearestimates20192020ladcodes.xls",
     "9a9d628135f999540a5ed8ee4057cb31658320dd0d92e95e2922c302cbb98255", "MYE2 - Persons"),
    (2020, "nujcharee/DSDA_Data",
     "c7bb47b9fb929ecc2e3d43b527b3207692a11a99",
     "ukpopestimatesmid2020on2021geography.xls",
     "2827a9fe5a90040896f9a3cc814aa4b25f9444a1205912c645d78dc32beba61b", "MYE2 - Persons"),
    (2021, "michael-s-marshall/housing_soccon",
     "55a9c9fef3250caee569326860ddb9cc6a806a3b",
     "ukpopestimatesmid2021on2021geographyfinal.xls",
     "649d1d0a97fea3674347cc0adcbff5d2bd4c7337cf986e7490e41bf2d466866d", "MYE2 - Persons"),
    (2022, "eoinkeadycct/DataVizHeroku",
     "75ed1c75197eddd4e06272dea19b95a671496b29",
     "mye22final.xlsx",
     "408981f1aadd9d53f7cab738b0d67c896be33333e7e824a0f5e355a163d7ac64", "MYE2 - Persons"),
    (2023, "chrisrichman19/CASA0006",
     "a3f66188b2ef66bb09cca4f5aee0496af18f11ae",
     "data/mye23tablesew.csv",
     "470a29795f4a02e4b28bafb32e82c55f12fa51e3be96280ac67f2da3bd3dd57e", None),
    (2024, "LibrariesHacked/public-libraries-activity-dataset",
     "9bed40806b56d4b1954d2d19d6d610f1ff9043aa",
     "data/mye24tablesew.csv",
     "c5b1e9c0a28b0ed7731f49ddb7b491d9757514fadb83d91f24bd038a4aa572c2", None),
]

# Second copies of a year's workbook, in other repositories: compared row by
# row with the source above, never used for the output.
CROSS_CHECKS = [
    (2019, "ericyang-almaeconomics/social_care_datahub",
     "c481891bca2bca6dd78f79506204124a65e89186",
     "Data/2019/ukmidyearestimates20192020ladcodes.xls",
     "836f837c6f98469765da04a93e80b4eec7722833953b5f44b50dedb99ccc0484", "MYE2 - Persons"),
    (2020, "ericyang-almaeconomics/social_care_datahub",
     "c481891bca2bca6dd78f79506204124a65e89186",
     "Data/2020/ukpopestimatesmid2020on2021geography.xls",
     "fa1e002320e8aa93957f989c2c39b649b27e46b45e24c10c506779f88aaa77c7", "MYE2 - Persons"),
    (2021, "michael-s-marshall/housing_soccon",
     "55a9c9fef3250caee569326860ddb9cc6a806a3b",
     "population_data/ukpopestimatesmid2021on2021geographyfinal.xlsx",
     "85567cb89ee1a57903eaa680cd9047f3e7ae214c02e62d400ec646373ef81f37", "MYE2 - Persons"),
]

UPPER_TIER = ("E06", "E08", "E09", "E10")
ENGLAND = "E92000001"
BANDS = ["age_0_17", "age_18_64", "age_65_plus", "age_75_plus"]


def fail(msg):
    sys.exit("extract_population: " + msg)


def git_dir(mirror, repo):
    base = os.path.join(mirror, repo.replace("/", "+"))
    for cand in (os.path.join(base, "repo"), os.path.join(base, "repo", ".git"), base):
        if os.path.isfile(os.path.join(cand, "HEAD")):
            return cand
    fail("no mirror of %s under %s" % (repo, mirror))


def read_source(mirror, repo, commit, path, want_sha):
    data = subprocess.run(["git", "--git-dir", git_dir(mirror, repo), "show",
                           "%s:%s" % (commit, path)], check=True,
                          stdout=subprocess.PIPE).stdout
    got = hashlib.sha256(data).hexdigest()
    if want_sha and got != want_sha:
        fail("%s %s: sha256 %s, want %s" % (repo, path, got, want_sha))
    return data, got


def number(v, where):
    if isinstance(v, (int, float)):
        if v != int(v):
            fail("%s: %r is not a whole number" % (where, v))
        return int(v)
    s = str(v).replace(",", "").strip()
    if not s.isdigit():
        fail("%s: %r is not a count" % (where, v))
    return int(s)


def sheet_rows(data, path, sheet):
    if path.endswith(".csv"):
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    if path.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    import xlrd
    s = xlrd.open_workbook(file_contents=data).sheet_by_name(sheet)
    return [s.row_values(i) for i in range(s.nrows)]


def areas(rows, label):
    """Code -> (name, all ages, [count by single year 0..90+])."""
    head = next((i for i, r in enumerate(rows) if r and r[0] == "Code"), None)
    if head is None:
        fail("%s: no header row starting Code" % label)
    h = rows[head]
    ages = [str(int(x)) if isinstance(x, float) else str(x) for x in h[4:95]]
    want = [str(a) for a in range(90)]
    if h[1] != "Name" or h[3] != "All ages" or ages[:90] != want or ages[90] not in ("90", "90+"):
        fail("%s: unexpected header %r" % (label, h[:6]))
    out = {}
    for n, r in enumerate(rows[head + 1:], start=head + 2):
        if not r or not r[0] or not str(r[0])[:1].isalpha() or len(str(r[0])) != 9:
            continue
        where = "%s row %d (%s)" % (label, n, r[0])
        total = number(r[3], where)
        single = [number(v, where) for v in r[4:95]]
        if sum(single) != total:
            fail("%s: single years add to %d, All ages is %d" % (where, sum(single), total))
        if r[0] in out:
            fail("%s: code given twice" % where)
        out[r[0]] = (str(r[1]).strip(), total, single)
    return out


def bands(single):
    return [sum(single[0:18]), sum(single[18:65]), sum(single[65:]), sum(single[75:])]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", default="/work/.mirror")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    out = []
    for year, repo, commit, path, sha, sheet in SOURCES:
        data, got = read_source(args.mirror, repo, commit, path, sha)
        label = "mid-%d %s" % (year, path)
        a = areas(sheet_rows(data, path, sheet), label)
        if ENGLAND not in a:
            fail("%s: no England row" % label)
        kept = sorted(c for c in a if c.startswith(UPPER_TIER))
        eng = a[ENGLAND]
        sums = [sum(x) for x in zip(*(bands(a[c][2]) for c in kept))]
        if sum(a[c][1] for c in kept) != eng[1] or sums != bands(eng[2]):
            fail("%s: the %d authorities add to %d, England is %d"
                 % (label, len(kept), sum(a[c][1] for c in kept), eng[1]))
        out.append((year, ENGLAND, "England", eng[1], bands(eng[2])))
        for c in kept:
            out.append((year, c, a[c][0], a[c][1], bands(a[c][2])))
        print("mid-%d: %d authorities, England %d, sha256 %s" % (year, len(kept), eng[1], got),
              file=sys.stderr)
        for cyear, crepo, ccommit, cpath, csha, csheet in CROSS_CHECKS:
            if cyear != year:
                continue
            cdata, cgot = read_source(args.mirror, crepo, ccommit, cpath, csha)
            b = areas(sheet_rows(cdata, cpath, csheet), "mid-%d %s" % (cyear, cpath))
            for c in kept + [ENGLAND]:
                if b.get(c, (None, None, None))[1:] != a[c][1:]:
                    fail("mid-%d: %s differs between %s and %s" % (year, c, path, cpath))
            print("  cross-checked against %s %s (sha256 %s): equal" % (crepo, cpath, cgot),
                  file=sys.stderr)

    with open(args.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "code", "name", "all_ages"] + BANDS)
        for year, code, name, total, b in out:
            w.writerow([year, code, name, total] + b)


if __name__ == "__main__":
    main()
