"""交流 queries and builders on the hand-made flows fixture (tests/dashboard/fixture_flows.py): every
expected figure is worked out by hand from the fixture's rows, the arithmetic in the comments."""

from __future__ import annotations

import itertools
import json
import math
from datetime import date

import polars as pl
import pytest

from dashboard.charts import flows, maps, sankey, targets
from dashboard.filters import Filters
from dashboard.queries import exchanges as X
from dashboard.queries import flow_gaps as G
from dashboard.scope import Scope
from tests.dashboard import fixture_flows
from tests.dashboard.fixture_flows import ESCAPE_NAME

YEAR = Filters(school_year="2024-2025")
ALL = Scope()


@pytest.fixture(scope="module")
def flows_db(tmp_path_factory):
    return fixture_flows.build(tmp_path_factory.mktemp("flows") / "alliance.duckdb")


@pytest.fixture(autouse=True)
def _db(flows_db, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(flows_db))


def _pairs(df, *cols):
    return {(r["from_key"], r["to_key"]): tuple(r[c] for c in cols) for r in df.iter_rows(named=True)}


def test_school_pairs_sum_person_times_days_and_distinct_teachers():
    arcs = X.flow_arcs(ALL, YEAR)
    assert set(arcs["level"]) == {"school"}
    # C1->M4 is not drawn: M4 has no coordinates (listed apart, below).
    assert _pairs(arcs, "person_times", "person_days", "teachers_n") == {
        # X2 support 30 d + X3 delivery 2 d + X4 walking 30 d + AC1 1 + P1 5 sessions = 68 days;
        # 5 person-times; teachers T2, T3, T1, K1 = 4.
        ("C1", "M2"): (5, 68, 4),
        # X1 rotation 122 d + AC1, AC2 sync 1 + 1 + AC3 demo 1 (C1 -> C1 is no flow) = 125 days.
        ("C1", "M1"): (4, 125, 1),
        ("C1", "O1"): (1, 61, 1),        # X5 2024-09-01..10-31 = 30 + 31
        ("J1", "C2"): (1, 122, 1),       # X8 2024-09-01..12-31
        ("M2", "C1"): (1, 31, 1),        # X6 跟岗 village -> town, March
    }
    # Largest first; ties by key.
    assert list(zip(arcs["from_key"], arcs["to_key"], strict=True))[:2] == [("C1", "M2"), ("C1", "M1")]
    assert arcs["pairs_total"].to_list() == [5] * 5
    c1m1 = arcs.row(1, named=True)
    # AC1 + AC2 make sync_class the largest kind by person-times (2 against 1 and 1).
    assert c1m1["top_kind"] == "act_sync_class"
    assert {k["flow_kind"]: k["person_times"] for k in c1m1["kind_counts"]} == {
        "act_sync_class": 2, "ex_rotation": 1, "act_demo_lesson": 1}
    # By person-days the rotation (122 of 125 days) leads, and the order follows the measure.
    by_days = X.flow_arcs(ALL, YEAR, measure="person_days")
    assert by_days.row(0, named=True)["top_kind"] == "ex_rotation"
    assert by_days["person_days"].to_list() == [125, 122, 68, 61, 31]


def test_pairs_past_the_limit_roll_up_to_towns_then_counties():
    # 5 school pairs > 4: towns. M1 and M2 are both in 河西镇, so C1->M1 and C1->M2 merge.
    towns = X.flow_arcs(ALL, YEAR, limit=4)
    assert set(towns["level"]) == {"town"}
    assert _pairs(towns, "person_times", "person_days", "teachers_n") == {
        # 4 + 5 person-times, 125 + 68 days; teachers T1 (on both), T2, T3, K1 = 4, not 1 + 4.
        ("632523/河阴镇", "632523/河西镇"): (9, 193, 4),
        ("632523/河阴镇", "632523/尕让乡"): (1, 61, 1),
        ("632523/河西镇", "632523/河阴镇"): (1, 31, 1),
        ("320685/海安市", "632523/河阴镇"): (1, 122, 1),
    }
    row = towns.row(0, named=True)
    assert (row["from_name"], row["to_name"]) == ("贵德县河阴镇", "贵德县河西镇")
    assert row["from_school_id"] is None
    # A town's node is the mean of its schools: 河阴镇 = C1, C2 -> (101.435, 36.035); 河西镇 = M1, M2.
    assert row["from_lon"] == pytest.approx(101.435) and row["from_lat"] == pytest.approx(36.035)
    assert row["to_lon"] == pytest.approx(101.36) and row["to_lat"] == pytest.approx(36.06)
    # The county and its town are both 海安市: named once.
    assert "海安市" in towns["from_name"].to_list()
    # 4 town pairs > 3: counties. 贵德 -> 贵德: 4 + 5 + 1 + 1 = 11 person-times, 125 + 68 + 61 + 31 = 285
    # days, teachers T1 T2 T3 K1 T4 T5 = 6.
    counties = X.flow_arcs(ALL, YEAR, limit=3)
    assert _pairs(counties, "level", "person_times", "person_days", "teachers_n") == {
        ("632523", "632523"): ("county", 11, 285, 6), ("320685", "632523"): ("county", 1, 122, 1)}


def test_rolled_up_flows_draw_their_towns_or_counties_as_circles():
    # limit=3 rolls up to counties: 贵德 -> 贵德 11 person-times (within), 海安 -> 贵德 1.
    counties = X.flow_arcs(ALL, YEAR, limit=3)
    deck = flows.flow_map(counties, X.flow_schools(ALL, YEAR), None)
    layers = {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}
    assert "schools" not in layers                       # no school circles under the county ones
    nodes = {n["title"]: n for n in layers["nodes"]["data"]}
    assert set(nodes) == {"贵德县", "海安市"}
    assert nodes["贵德县"]["line1"] == "区县内交流 11 人次"
    assert nodes["贵德县"]["line2"] == "派出 0 人次 · 接收 1 人次"
    assert nodes["海安市"]["line2"] == "派出 1 人次 · 接收 0 人次"
    # Radius by within + sent + received: 贵德 12 is the largest; 海安 1 -> 4 + 20 * sqrt(1/12).
    assert nodes["贵德县"]["radius"] == flows.MAX_NODE_RADIUS_PX
    assert nodes["海安市"]["radius"] == pytest.approx(4 + (flows.MAX_NODE_RADIUS_PX - 4) * math.sqrt(1 / 12))
    # The only line is 海安 -> 贵德; the flows within 贵德 are in its circle.
    assert {line["title"] for line in layers["flows"]["data"]} == {"海安市 → 贵德县"}
    # By person-days: 285 within 贵德, 122 received from 海安.
    by_days = flows.flow_map(X.flow_arcs(ALL, YEAR, limit=3, measure="person_days"), X.flow_schools(ALL, YEAR),
                             None, "person_days")
    nodes = {n["title"]: n for layer in json.loads(by_days.to_json())["layers"] if layer["id"] == "nodes"
             for n in layer["data"]}
    assert nodes["贵德县"]["line1"] == "区县内交流 285 人日"
    assert nodes["贵德县"]["line2"] == "派出 0 人日 · 接收 122 人日"
    # Towns at limit=4: 河阴镇 sent 9 + 1 and received 1 + 1 (from 河西镇 and 海安).
    towns = flows.flow_map(X.flow_arcs(ALL, YEAR, limit=4), X.flow_schools(ALL, YEAR), None)
    nodes = {n["title"]: n for layer in json.loads(towns.to_json())["layers"] if layer["id"] == "nodes"
             for n in layer["data"]}
    assert nodes["贵德县河阴镇"]["line2"] == "派出 10 人次 · 接收 2 人次"


def test_an_alliance_map_frames_its_schools_not_their_county():
    outline = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "632523"},
               "geometry": {"type": "Polygon",
                            "coordinates": [[[101.0, 35.5], [101.8, 35.5], [101.8, 36.4], [101.0, 35.5]]]}}]}
    arcs = X.flow_arcs(ALL, YEAR).filter((pl.col("from_county_code") == "632523") & (pl.col("to_county_code") == "632523"))
    schools = X.flow_schools(ALL, YEAR).filter(pl.col("county_code") == "632523")
    county = flows.fitted_view(arcs, schools, outline)
    own = flows.fitted_view(arcs, schools, outline, fit_outlines=False)
    located = schools.drop_nulls(["lon"])
    # The county is 0.8 degrees wide, its schools 0.11: about 2.5 zoom levels closer.
    assert own.zoom > county.zoom + 2
    assert located["lon"].min() < own.longitude < located["lon"].max()
    assert located["lat"].min() < own.latitude < located["lat"].max()
    deck = json.loads(flows.flow_map(arcs, schools, outline, fit_outlines=False).to_json())
    assert deck["initialViewState"]["zoom"] == own.zoom
    assert "outlines" in {layer["id"] for layer in deck["layers"]}         # still drawn around them


def test_kind_and_month_filters():
    rotations = X.flow_arcs(ALL, YEAR, kinds=("ex_rotation",))
    assert _pairs(rotations, "person_times", "person_days") == {("C1", "M1"): (1, 122)}
    # From March 2025: X6 (March) and AC3 (April) only.
    spring = X.flow_arcs(ALL, YEAR, month_from=date(2025, 3, 1), month_to=date(2025, 8, 1))
    assert _pairs(spring, "person_times") == {("M2", "C1"): (1,), ("C1", "M1"): (1,)}
    autumn = X.flow_arcs(ALL, YEAR, month_from=date(2024, 9, 1), month_to=date(2024, 9, 1))
    # September: X1, X2, X5, X8 and P1 (X7 goes to M4, without coordinates).
    assert _pairs(autumn, "person_times") == {("C1", "M1"): (1,), ("C1", "M2"): (2,), ("C1", "O1"): (1,),
                                              ("J1", "C2"): (1,)}
    with pytest.raises(ValueError):
        X.flow_arcs(ALL, YEAR, measure="teachers")
    # The whole year read month by month (mart_flow_month) equals the year mart (mart_flow_year).
    whole = {"month_from": date(2024, 9, 1), "month_to": date(2025, 8, 1)}
    for fn in (X.flow_arcs, X.largest_flows, X.flow_schools, G.unreached_members, G.flows_outside_alliance,
               X.urban_rural_flows):
        assert fn(ALL, YEAR, **whole).equals(fn(ALL, YEAR)), fn.__name__


def test_ten_percent_target_counts_distinct_core_teachers_on_long_enough_placements():
    share = X.core_share(ALL, YEAR, min_days=30)
    # Only the co-build alliance B1 (B2 is collaborative). C1 has 40 teachers. Counted: T1 (X1 122 d,
    # X4 30 d: once), T2 (X2 30 d), T6 (X7 open, 365 d). Not: T3 (X3 送教 2 d < 30), T4 (X5 to O1,
    # not a member), T5 (跟岗, and from a member). 3 / 40 = 7.5 % < 10 %.
    assert share.select("alliance_id", "core_teachers_n", "teachers_sent_n", "share_pct", "is_below").rows() == [
        ("B1", 40, 3, 7.5, True)]
    # Counting every 送教 visit (1 day): T3 too, 4 / 40 = 10 %, on target.
    assert X.core_share(ALL, YEAR, min_days=1).select("teachers_sent_n", "share_pct", "is_below").rows() == [
        (4, 10.0, False)]


def test_urban_rural_flows_and_direction():
    areas = X.urban_rural_flows(ALL, YEAR)
    assert {(r[0], r[1]): r[2] for r in areas.rows()} == {
        ("urban", "rural"): 6,    # C1 -> M2 (5) + C1 -> M4 (1)
        ("urban", "town"): 5,     # C1 -> M1 (4) + C1 -> O1 (1)
        ("urban", "urban"): 1,    # J1 -> C2
        ("rural", "urban"): 1,    # M2 -> C1 跟岗
    }
    d = X.urban_rural_direction(ALL, YEAR).row(0, named=True)
    # 6 down, 1 up, of 6 + 5 + 1 + 1 = 13 person-times.
    assert (d["down_times"], d["up_times"], d["total_times"]) == (6, 1, 13)
    assert d["down_pct"] == pytest.approx(100 * 6 / 13) and d["up_pct"] == pytest.approx(100 / 13)
    fig = sankey.urban_rural_sankey(areas)
    assert sum(fig.data[0].link.value) == 13
    assert "派出·城区" in fig.data[0].node.label and "接收·乡村" in fig.data[0].node.label


def test_gaps_are_listed():
    # M3 receives nothing; M4 received X7 although it has no coordinates.
    assert G.unreached_members(ALL, YEAR).select("school_id", "alliance_id").rows() == [("M3", "B1")]
    # Only 跟岗: it went to C1, a core; every member school is unreached (M1..M4 of B1, C2 of B2).
    shadow = G.unreached_members(ALL, YEAR, kinds=("ex_shadow",))
    assert sorted(shadow.select("school_id", "alliance_id").rows()) == [
        ("C2", "B2"), ("M1", "B1"), ("M2", "B1"), ("M3", "B1"), ("M4", "B1")]
    assert G.flows_outside_alliance(ALL, YEAR).select("from_school_id", "to_school_id", "person_times").rows() == [
        ("C1", "O1", 1)]
    overlaps = G.placement_overlaps(ALL, YEAR)
    assert overlaps.select("teacher_id", "first_exchange_id", "second_exchange_id").rows() == [("T1", "X1", "X4")]
    assert G.flows_without_coordinates(ALL, YEAR).select("school_id", "sent_times", "received_times").rows() == [
        ("M4", 0, 1)]
    schools = X.flow_schools(ALL, YEAR)
    by_id = {r["school_id"]: r for r in schools.iter_rows(named=True)}
    # C1 sends 5 + 4 + 1 + 1 (M4) = 11 and receives X6.
    assert (by_id["C1"]["sent_times"], by_id["C1"]["received_times"]) == (11, 1)
    assert [s for s, r in by_id.items() if r["is_unreached"]] == ["M3"]


def test_largest_flows_include_schools_without_coordinates():
    largest = X.largest_flows(ALL, YEAR, limit=3)
    assert largest.select("from_school_id", "to_school_id", "person_times").rows() == [
        ("C1", "M2", 5), ("C1", "M1", 4), ("C1", "M4", 1)]
    assert largest.row(0, named=True)["kinds"][0] == "act_sync_class"
    by_days = X.largest_flows(ALL, YEAR, measure="person_days", limit=1)
    assert by_days.select("to_school_id", "person_days").rows() == [("M4", 365)]   # X7 to 2025-08-31


def test_scope_and_county_filter_keep_flows_with_an_end_inside():
    # A viewer scoped to 海安市 sees the one flow from J1 only.
    haian = X.flow_arcs(Scope(counties=("320685",)), YEAR)
    assert _pairs(haian, "person_times") == {("J1", "C2"): (1,)}
    assert X.core_share(Scope(counties=("320685",)), YEAR).is_empty()
    only_b2 = X.largest_flows(Scope(alliances=("B2",)), YEAR)
    assert only_b2.select("from_school_id", "to_school_id").rows() == [("J1", "C2")]
    assert G.unreached_members(Scope(alliances=("B2",)), YEAR).is_empty()
    assert X.flow_arcs(ALL, Filters(school_year="2024-2025", county="330327")).is_empty()


def test_flow_map_draws_flows_largest_on_top_and_names_as_text():
    arcs, schools = X.flow_arcs(ALL, YEAR), X.flow_schools(ALL, YEAR)
    outlines = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "632523"},
         "geometry": {"type": "Polygon", "coordinates": [[[101.0, 35.5], [101.8, 35.5], [101.8, 36.4], [101.0, 35.5]]]}},
        {"type": "Feature", "properties": {"code": "320613", "former_codes": ["320685"]},
         "geometry": {"type": "Polygon", "coordinates": [[[120.2, 32.3], [121.0, 32.3], [121.0, 32.7], [120.2, 32.3]]]}},
        {"type": "Feature", "properties": {"code": "999999"},
         "geometry": {"type": "Polygon", "coordinates": [[[80.0, 40.0], [81.0, 40.0], [81.0, 41.0], [80.0, 40.0]]]}}]}
    deck = flows.flow_map(arcs, schools, outlines)
    spec = json.loads(deck.to_json())
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert spec["mapStyle"] == maps.NO_BASEMAP
    # Lines (the outlines' layer type: no second shader program), picked for the tooltip.
    flow_layer = layers["flows"]
    assert flow_layer["@@type"] == "LineLayer" and flow_layer["pickable"] is True and flow_layer["autoHighlight"] is True
    assert flow_layer["getColor"] == "@@=source_color" and flow_layer["widthUnits"] == "pixels"
    assert layers["flow_gradient"]["@@type"] == "LineLayer" and layers["flow_gradient"]["pickable"] is False
    assert [i for i in layers if i in ("flows", "flow_gradient", "unreached")] == ["flows", "flow_gradient", "unreached"]
    data = flow_layer["data"]
    # Drawn smallest first: the largest (C1 -> M2, 5 person-times) last, on top, widest and least faded.
    assert data[-1]["title"] == f"城关小学 → {ESCAPE_NAME}"          # raw text: Streamlit escapes it
    assert data[-1]["width"] == max(d["width"] for d in data)
    assert data[-1]["target_color"][3] > data[0]["target_color"][3]
    assert data[-1]["source_color"][3] < data[-1]["target_color"][3]     # pale at the sender
    # Counts by kind, largest first, ties in code order (act_, ex_, mentor_).
    assert data[-1]["line1"] == "同步课堂 1 人次、送教 1 人次、支教 1 人次、走教 1 人次、师徒结对 1 人次"
    assert data[-1]["line2"] == "5 人次 · 68 人日 · 教师 4 人"
    assert "<" not in deck._tooltip["html"].replace("<b>", "").replace("</b>", "").replace("<br/>", "")
    # Outlines of the counties on the map (海安 matched through a former code), not the others.
    assert {i for i in layers if i.startswith("outline_fill_")} == {"outline_fill_632523", "outline_fill_320613"}
    assert len(layers["outlines"]["data"]) == 6          # the edges of the two triangles
    # The hollow ring at M3, no fill.
    assert [r["title"] for r in layers["unreached"]["data"]] == ["洪广村小"]
    assert layers["unreached"]["filled"] is False
    # Framed from 贵德 (101 E) to 海安 (120.5 E): a cross-province view, both ends inside.
    view = spec["initialViewState"]
    assert 100 < view["longitude"] < 121 and view["zoom"] < 6
    # A kept view is used as given (the page keeps the user's zoom across reruns).
    kept = maps.view_state([101.3, 101.5], [36.0, 36.1])
    assert json.loads(flows.flow_map(arcs, schools, outlines, view=kept).to_json())["initialViewState"]["zoom"] == \
        pytest.approx(kept.zoom)


def _flow(source, target, width=4.0):
    return {"source": source, "target": target, "width": width, "title": "城关小学 → 河东村小",
            "source_color": [46, 134, 222, 70], "target_color": [46, 134, 222, 200]}


def test_a_flow_is_pale_at_the_sender_and_darkens_in_steps_to_its_target_colour():
    lines, steps = flows._flow_lines([_flow([101.30, 36.00], [101.50, 36.10])])
    assert lines == [_flow([101.30, 36.00], [101.50, 36.10])]          # a county-scale flow: one piece
    assert [s["source"][0] for s in steps] == pytest.approx([101.35, 101.4, 101.45], abs=1e-3)   # 1/4, 1/2, 3/4 on
    assert all(s["target"] == steps[i + 1]["source"] for i, s in enumerate(steps[:-1]))
    assert steps[-1]["target"] == [101.5, 36.1] and all(s["width"] == 4.0 for s in steps)
    alphas = [s["color"][3] / 255 for s in steps]
    assert alphas[0] < alphas[1] < alphas[2]
    # Over the pale line (70) the last stretch composes to the target alpha (200), as an arc ended.
    assert 1 - (1 - 70 / 255) * (1 - alphas[2]) == pytest.approx(200 / 255, abs=1 / 255)
    assert all(s["color"][:3] == [46, 134, 222] for s in steps)


def test_a_long_flow_follows_its_great_circle():
    """贵德 (101.4 E) to 海安 (120.5 E): the great circle bends north of the straight line on the
    map (about 16 px at the view that frames both); it is drawn in pieces of at most 50 km."""
    a, b = [101.4, 36.0], [120.5, 32.5]
    lines, steps = flows._flow_lines([_flow(a, b)])
    assert len(lines) > 30 and all(line["title"] == "城关小学 → 河东村小" for line in lines)
    assert lines[0]["source"] == pytest.approx(a) and lines[-1]["target"] == pytest.approx(b)
    assert all(p["target"] == q["source"] for p, q in itertools.pairwise(lines))
    lon, lat = lines[len(lines) // 2]["source"]
    # The straight line on the map at that longitude (linear in Web Mercator y), and the bend from it.
    y = maps._mercator_y(a[1]) + (maps._mercator_y(b[1]) - maps._mercator_y(a[1])) * (lon - a[0]) / (b[0] - a[0])
    straight = math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)
    assert 0.3 < lat - straight < 1.0
    assert steps[-1]["target"] == pytest.approx(b) and steps[0]["source"][0] == pytest.approx(lines[0]["source"][0], abs=10)


def test_basemap_shift_follows_the_provider():
    assert maps.shifts_to_gcj("https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}", "auto")
    assert maps.shifts_to_gcj("https://rt0.map.gtimg.com/tile?z={z}&x={x}&y={y}", "auto")
    assert not maps.shifts_to_gcj("https://t0.tianditu.gov.cn/vec_w/wmts?tk=x&TILEMATRIX={z}", "auto")
    assert not maps.shifts_to_gcj("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "auto")
    assert maps.shifts_to_gcj("https://tiles.example/{z}/{x}/{y}.png", "GCJ-02")
    assert not maps.shifts_to_gcj("https://webrd01.is.autonavi.com/{z}", "WGS84")   # the setting wins
    assert not maps.shifts_to_gcj("", "GCJ02")                                      # no tiles, no shift


def test_target_bar_marks_cores_below_the_line():
    fig = targets.core_share_bar(X.core_share(ALL, YEAR, min_days=30))
    assert list(fig.data[0].x) == [7.5]
    assert fig.data[0].marker.color[0] == targets.BELOW_COLOR
    assert fig.layout.shapes[0].x0 == 10.0
