#!/usr/bin/env python3
"""Make report/ons/boundaries/cty_2023.geojson from ONS's generalised
boundaries of counties and unitary authorities (December 2023).

The source is a GeoJSON file in a public GitHub repository, read at a fixed
commit from a bare mirror of it (the project's `fetch` tool puts one in
/work/.mirror/OWNER+NAME/); its sha256 is checked first.

    python3 scripts/ons/extract_boundaries.py --mirror /work/.mirror \
        --out report/ons/boundaries/cty_2023.geojson

What it does:
  * keeps the English features (CTYUA23CD starting E: 153 of the UK's 218)
    and drops the other four UK nations';
  * keeps two properties, CTYUA23CD (code) and CTYUA23NM (name), and drops
    the rest (FID, Welsh name, centroid, GlobalID);
  * keeps every vertex: coordinates are written as Python reads them from
    the source (the shortest decimal that gives back the same float), so
    no point moves and none is dropped; the output is small enough (under
    1.5 MB) that no simplification was needed;
  * sorts the features by code and writes compact JSON, one feature a line.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

REPO = "pbrohan/webgraphbuilder"
COMMIT = "1084cd03bb7dc57ba5e1ce9709373ac5ee29eb71"
PATH = "src/assets/maps/CTY_2023.geojson"
SHA256 = "e2a1d8e307a923fb072f95e52031ca30cc51fe59b9ad04b85055d2b6cde21a94"


def fail(msg):
    sys.exit("extract_boundaries: " + msg)


def git_dir(mirror, repo):
    base = os.path.join(mirror, repo.replace("/", "+"))
    for cand in (os.path.join(base, "repo"), os.path.join(base, "repo", ".git"), base):
        if os.path.isfile(os.path.join(cand, "HEAD")):
            return cand
    fail("no mirror of %s under %s" % (repo, mirror))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", default="/work/.mirror")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    data = subprocess.run(["git", "--git-dir", git_dir(args.mirror, REPO), "show",
                           "%s:%s" % (COMMIT, PATH)], check=True, stdout=subprocess.PIPE).stdout
    got = hashlib.sha256(data).hexdigest()
    if got != SHA256:
        fail("%s: sha256 %s, want %s" % (PATH, got, SHA256))
    src = json.loads(data)
    crs = src.get("crs", {}).get("properties", {}).get("name")
    if crs != "EPSG:4326":
        fail("CRS is %r, want EPSG:4326 (longitude, latitude)" % crs)
    feats = []
    for f in src["features"]:
        p = f["properties"]
        if not p["CTYUA23CD"].startswith("E"):
            continue
        if f["geometry"]["type"] not in ("Polygon", "MultiPolygon"):
            fail("%s: geometry %s" % (p["CTYUA23CD"], f["geometry"]["type"]))
        feats.append({"type": "Feature",
                      "properties": {"CTYUA23CD": p["CTYUA23CD"], "CTYUA23NM": p["CTYUA23NM"]},
                      "geometry": f["geometry"]})
    feats.sort(key=lambda f: f["properties"]["CTYUA23CD"])
    if len(feats) != 153:
        fail("%d English features, want 153" % len(feats))
    with open(args.out, "w") as out:
        out.write('{"type":"FeatureCollection","features":[\n')
        out.write(",\n".join(json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in feats))
        out.write("\n]}\n")
    n = 0
    for f in feats:
        c = f["geometry"]["coordinates"]
        polys = [c] if f["geometry"]["type"] == "Polygon" else c
        n += sum(len(r) for p in polys for r in p)
    print("%d features, %d vertices, sha256 of source %s" % (len(feats), n, got), file=sys.stderr)


if __name__ == "__main__":
    main()
