#!/usr/bin/env python3
"""The first carereport table, ratings by service type, made with pandas.

Reads an HSCA Active Locations CSV (skipping the preamble above the
header), keeps one authority's adult social care locations that are not
dormant, and counts them by rating and by care home / community, with
percentages of each column's total rounded half up. It prints the table
as CSV in carereport's layout, so the two can be compared with diff, and
the seconds it took to stderr.

Usage: bench_pandas.py HSCA.csv [AUTHORITY]   (default Leicestershire)
"""
import sys
import time

start = time.perf_counter()
import pandas as pd  # noqa: E402

RATINGS = ["outstanding", "good", "requires_improvement", "inadequate", "not_rated"]
CANON = {"outstanding": "outstanding", "good": "good",
         "requires improvement": "requires_improvement", "inadequate": "inadequate"}
COLS = ["Location ID", "Dormant (Y/N)", "Care home?", "Location Inspection Directorate",
        "Location Latest Overall Rating", "Location Local Authority"]


def header_row(path):
    """The 0-based line of the header: the first that starts with Location ID."""
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        for i, line in enumerate(f):
            if line.lstrip('"').startswith("Location ID"):
                return i
    sys.exit("%s: no header row" % path)


def pct(n, d):
    return "" if d == 0 else str((200 * n + d) // (2 * d))


def main():
    path = sys.argv[1]
    authority = sys.argv[2] if len(sys.argv) > 2 else "Leicestershire"
    read_start = time.perf_counter()
    df = pd.read_csv(path, skiprows=header_row(path), usecols=COLS, dtype=str,
                     keep_default_na=False, encoding="utf-8-sig")
    norm = lambda s: s.str.strip().str.lower()
    df = df[(norm(df["Location Local Authority"]) == authority.lower())
            & (norm(df["Location Inspection Directorate"]) == "adult social care")
            & (norm(df["Dormant (Y/N)"]) != "y")]
    rating = norm(df["Location Latest Overall Rating"]).map(CANON).fillna("not_rated")
    service = (norm(df["Care home?"]) == "y").map({True: "care_home", False: "community"})
    t = pd.crosstab(rating, service).reindex(index=RATINGS, columns=["care_home", "community"], fill_value=0)
    t["all"] = t["care_home"] + t["community"]
    t.loc["total"] = t.sum()
    total = t.loc["total"]
    print("rating,all,all_pct,care_home,care_home_pct,community,community_pct")
    for r, row in t.iterrows():
        cells = [r]
        for s in ["all", "care_home", "community"]:
            cells += [str(int(row[s])), pct(int(row[s]), int(total[s]))]
        print(",".join(cells))
    end = time.perf_counter()
    print("pandas %s: %.3f s in all, %.3f s to read and count (import %.3f s)"
          % (pd.__version__, end - start, end - read_start, read_start - start), file=sys.stderr)


if __name__ == "__main__":
    main()
