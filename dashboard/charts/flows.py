"""The flows map: arcs from sending to receiving school (or town, or county, as flow_arcs rolled
them up) over county outlines, circles at schools sized by what they sent and received, and hollow
rings at member schools that received nothing. Built on maps.py (view fitting, GCJ-02 shift,
basemap, outlines)."""

from __future__ import annotations

import html
import itertools
import math

import polars as pl
import pydeck as pdk

from dashboard import theme
from dashboard.charts import maps
from dashboard.labels import flows as LF
from dashboard.present import format as fmt

# One colour per flow kind: teacher exchanges warm, activities cool, mentor pairs purple.
FLOW_KIND_COLORS = {
    "ex_rotation": "#c0392b", "ex_support": "#e67e22", "ex_shadow": "#8d6e63", "ex_walking": "#d4ac0d",
    "ex_delivery": "#e84393",
    "act_sync_class": "#2e86de", "act_demo_lesson": "#0abde3", "act_joint_research": "#10ac84",
    "mentor_pair": "#8e44ad",
}
OTHER_KIND_COLOR = "#7f8c8d"
SCHOOL_COLOR = "#34495e"
UNREACHED_COLOR = theme.UNCOVERED_RURAL_COLOR
MAX_WIDTH_PX = 10
MIN_WIDTH_PX = 1.5
MAX_RADIUS_PX = 10
MAX_NODE_RADIUS_PX = 16      # a town's or county's circle, once flows are rolled up
# Alpha of the smallest and the largest flow: small flows fade, the largest stand out.
FADED_ALPHA, FULL_ALPHA = 70, 235
# A flow is pale at the sender and darkens in steps towards the receiver: each step lays one more
# translucent line over its last stretches (0.25-1, 0.5-1, 0.75-1 of the way).
GRADIENT_STEPS = 3


def kind_color(kind: str | None) -> str:
    return FLOW_KIND_COLORS.get(kind or "", OTHER_KIND_COLOR)


def _kinds_text(kind_counts: list[dict], measure: str) -> str:
    unit = LF.MEASURES[measure]
    return "、".join(f"{LF.FLOW_KINDS.get(k['flow_kind'], k['flow_kind'])} {fmt.number(k[measure])} {unit}"
                     for k in sorted(kind_counts, key=lambda k: (-k[measure], k["flow_kind"])))


def _arc_records(arcs: pl.DataFrame, measure: str, shift: bool) -> list[dict]:
    """Arcs smallest first, so that deck.gl draws the largest on top."""
    if arcs.is_empty():
        return []
    top = max(arcs[measure].max() or 0, 1)
    records = []
    for r in arcs.sort(measure).iter_rows(named=True):
        if (r["from_lon"], r["from_lat"]) == (r["to_lon"], r["to_lat"]):
            continue      # within one town or county once rolled up: no line to draw
        share = math.sqrt(max(r[measure], 0) / top)
        alpha = round(FADED_ALPHA + (FULL_ALPHA - FADED_ALPHA) * share)
        color = kind_color(r["top_kind"])
        src = maps.to_gcj(r["from_lon"], r["from_lat"]) if shift else (r["from_lon"], r["from_lat"])
        dst = maps.to_gcj(r["to_lon"], r["to_lat"]) if shift else (r["to_lon"], r["to_lat"])
        records.append({
            "source": list(src), "target": list(dst),
            "width": MIN_WIDTH_PX + (MAX_WIDTH_PX - MIN_WIDTH_PX) * share,
            # The source end is pale, the target end full: the gradient shows the direction.
            "source_color": theme.rgba(color, round(alpha * 0.35)), "target_color": theme.rgba(color, alpha),
            # Tooltip fields: text from the data goes in raw (Streamlit escapes substituted values).
            "title": f"{r['from_name'] or ''} → {r['to_name'] or ''}",
            "line1": _kinds_text(r["kind_counts"] or [], measure),
            # Activities carry no teacher ids: the teacher count is said only where there is one.
            "line2": (f"{fmt.number(r['person_times'])} {LF.MEASURES['person_times']} · "
                      f"{fmt.number(r['person_days'])} {LF.UNIT_DAYS}"
                      + (f" · {LF.TOOLTIP_TEACHERS} {fmt.number(r['teachers_n'])} {LF.UNIT_TEACHERS}"
                         if r["teachers_n"] else "")),
        })
    return records


GREAT_CIRCLE_STEP_KM = 50     # longer flows follow the great circle in pieces this long (a bend under 1 px)


def _km(a: list[float], b: list[float]) -> float:
    """Great-circle distance (haversine) between two lon/lat points."""
    (lon1, lat1), (lon2, lat2) = (map(math.radians, a), map(math.radians, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _great_circle(a: list[float], b: list[float], fractions: list[float]) -> list[list[float]]:
    """Points at the given fractions of the way along the great circle from a to b (lon, lat)."""
    def xyz(lon, lat):
        lon, lat = math.radians(lon), math.radians(lat)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    p, q = xyz(*a), xyz(*b)
    angle = math.acos(max(-1.0, min(1.0, sum(i * j for i, j in zip(p, q, strict=True)))))
    if angle < 1e-9:
        return [list(a) for _ in fractions]
    points = []
    for f in fractions:
        if f in (0, 1):
            points.append(list(a if f == 0 else b))
            continue
        u, v = math.sin((1 - f) * angle) / math.sin(angle), math.sin(f * angle) / math.sin(angle)
        x, y, z = (u * i + v * j for i, j in zip(p, q, strict=True))
        points.append([math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y)))])
    return points


def _flow_lines(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """Each flow as line pieces along its great circle (one piece at county scale, where the great
    circle is straight to the pixel), drawn in its pale source colour and picked for the tooltip; and
    the translucent pieces laid over its last stretches, so that it darkens in GRADIENT_STEPS steps
    to its target colour at the receiver. GRADIENT_STEPS layers of alpha x over the source alpha a
    composite to the target alpha t where 1 - (1 - a)(1 - x)^steps = t."""
    lines, steps = [], []
    starts = [k / (GRADIENT_STEPS + 1) for k in range(1, GRADIENT_STEPS + 1)]
    for r in records:
        a, t = r["source_color"][3] / 255, r["target_color"][3] / 255
        x = 1 - ((1 - t) / (1 - a)) ** (1 / GRADIENT_STEPS) if a < 1 else 0.0
        n = max(1, min(64, math.ceil(_km(r["source"], r["target"]) / GREAT_CIRCLE_STEP_KM)))
        pieces = [j / n for j in range(n + 1)]
        points = _great_circle(r["source"], r["target"], pieces)
        lines += [{**r, "source": p, "target": q} for p, q in itertools.pairwise(points)]
        cuts = sorted(set(pieces) | set(starts))
        points = dict(zip(cuts, _great_circle(r["source"], r["target"], cuts), strict=True))
        for f0, f1 in itertools.pairwise(cuts):
            over = sum(1 for f in starts if f <= f0)
            if over:
                steps.append({"source": points[f0], "target": points[f1], "width": r["width"],
                              "color": [*r["target_color"][:3], round(255 * (1 - (1 - x) ** over))]})
    return lines, steps


def _school_records(schools: pl.DataFrame, measure: str, shift: bool) -> tuple[list[dict], list[dict]]:
    """(circles at schools that sent or received, hollow rings at members that received nothing)."""
    located = schools.filter(pl.col("lon").is_not_null() & pl.col("lat").is_not_null())
    sent, received = ("sent_times", "received_times") if measure == "person_times" else ("sent_days", "received_days")
    unit = LF.MEASURES[measure]
    top = max((located[sent] + located[received]).max() or 0, 1) if not located.is_empty() else 1
    circles, rings = [], []
    for r in located.iter_rows(named=True):
        lon, lat = maps.to_gcj(r["lon"], r["lat"]) if shift else (r["lon"], r["lat"])
        total = r[sent] + r[received]
        record = {"lon": lon, "lat": lat, "title": r["name"] or r["school_id"],
                  "line1": f"{LF.TOOLTIP_SENT} {fmt.number(r[sent])} {unit} · "
                           f"{LF.TOOLTIP_RECEIVED} {fmt.number(r[received])} {unit}",
                  "line2": f"{r['county'] or ''}{r['town'] or ''}"}
        if r["is_unreached"]:
            rings.append({**record, "line2": LF.LEGEND_UNREACHED + " · " + record["line2"]})
        if total > 0:
            circles.append({**record, "radius": 3 + (MAX_RADIUS_PX - 3) * math.sqrt(total / top)})
    circles.sort(key=lambda c: -c["radius"])   # small circles on top of large ones stay hoverable
    return circles, rings


def _node_records(arcs: pl.DataFrame, measure: str, shift: bool) -> list[dict]:
    """Once flows are rolled up to towns or counties: one circle per town or county, sized by the
    flows within it plus those it sent and received (the flows shown: flow_arcs keeps the largest
    `limit` pairs). A province's flows mostly stay inside one county, so without these circles its
    map would show no flows at all."""
    level = arcs["level"][0]
    unit = LF.MEASURES[measure]
    nodes: dict[str, dict] = {}
    for r in arcs.iter_rows(named=True):
        for end in ("from", "to"):
            nodes.setdefault(r[f"{end}_key"], {"name": r[f"{end}_name"] or r[f"{end}_key"], "lon": r[f"{end}_lon"],
                                               "lat": r[f"{end}_lat"], "within": 0, "sent": 0, "received": 0})
        if r["from_key"] == r["to_key"]:
            nodes[r["from_key"]]["within"] += r[measure]
        else:
            nodes[r["from_key"]]["sent"] += r[measure]
            nodes[r["to_key"]]["received"] += r[measure]
    top = max([n["within"] + n["sent"] + n["received"] for n in nodes.values()] + [1])
    circles = []
    for n in nodes.values():
        total = n["within"] + n["sent"] + n["received"]
        lon, lat = maps.to_gcj(n["lon"], n["lat"]) if shift else (n["lon"], n["lat"])
        circles.append({
            "lon": lon, "lat": lat, "title": n["name"],
            "radius": 4 + (MAX_NODE_RADIUS_PX - 4) * math.sqrt(total / top),
            "line1": f"{LF.TOOLTIP_WITHIN[level]} {fmt.number(n['within'])} {unit}",
            "line2": f"{LF.TOOLTIP_SENT} {fmt.number(n['sent'])} {unit} · "
                     f"{LF.TOOLTIP_RECEIVED} {fmt.number(n['received'])} {unit}"})
    circles.sort(key=lambda c: -c["radius"])
    return circles


def fitted_view(arcs: pl.DataFrame, schools: pl.DataFrame, outlines: dict | None,
                height_px: int = maps.MAP_HEIGHT_PX, fit_outlines: bool = True) -> pdk.ViewState:
    """The view framing every arc end, every school drawn and (fit_outlines) the whole outline of
    their counties: a few km for one county, 2,000 km for 贵德 with its Jiangsu partners. Without
    fit_outlines, one alliance's schools fill the map and the outlines show around them."""
    lons, lats = [], []
    for a, b in (("from_lon", "from_lat"), ("to_lon", "to_lat")):
        lons += arcs[a].drop_nulls().to_list()
        lats += arcs[b].drop_nulls().to_list()
    located = schools.filter(pl.col("lon").is_not_null() & pl.col("lat").is_not_null())
    lons += located["lon"].to_list()
    lats += located["lat"].to_list()
    if fit_outlines or not lons:
        for lon, lat in maps.vertices(maps.county_features(outlines, _counties(arcs, schools))):
            lons.append(lon)
            lats.append(lat)
    return maps.view_state(lons, lats, height_px)


def _counties(arcs: pl.DataFrame, schools: pl.DataFrame) -> set[str]:
    located = schools.filter(pl.col("lon").is_not_null())
    return {c for c in [*arcs["from_county_code"].to_list(), *arcs["to_county_code"].to_list(),
                        *located["county_code"].to_list()] if c}


def flow_map(arcs: pl.DataFrame, schools: pl.DataFrame, outlines: dict | None, measure: str = "person_times",
             tile_url: str = "", tile_crs: str = "auto", view: pdk.ViewState | None = None,
             fit_outlines: bool = True) -> pdk.Deck:
    """Flows as great-circle arcs (flow_arcs), width and fading by measure, colour by the largest
    kind, pale at the sender and full at the receiver; schools (flow_schools) as circles sized by
    sent + received (once rolled up, towns or counties sized by the flows within, sent and received),
    hollow red rings at members that received nothing. view: a view to keep (the
    page keeps the user's zoom across reruns), else fitted to what is drawn (fit_outlines: see
    fitted_view)."""
    shift = maps.shifts_to_gcj(tile_url, tile_crs)
    layers = []
    if outlines:
        features = maps.county_features(outlines, _counties(arcs, schools))
        if features:
            layers += maps.outline_layers(features, shift)
    circles, rings = _school_records(schools, measure, shift)
    rolled_up = arcs.height > 0 and arcs["level"][0] != "school"
    # Rolled up, the circles are the towns or counties the lines join, not thousands of schools.
    layers.append(pdk.Layer(
        "ScatterplotLayer", data=_node_records(arcs, measure, shift) if rolled_up else circles,
        id="nodes" if rolled_up else "schools", get_position=["lon", "lat"],
        get_fill_color=theme.rgba(SCHOOL_COLOR, 150), get_radius="radius", radius_units="'pixels'",
        stroked=True, get_line_color=[255, 255, 255, 220], line_width_min_pixels=1, pickable=True))
    # Flows as line segments, not a deck.gl ArcLayer: without a GPU (software WebGL) the first frame
    # waits for every layer type's shader program, and the arc program alone blocked the page for about
    # 0.5 s (headless Chromium, the demo's 随县); the outlines' LineLayer program is compiled already.
    lines, steps = _flow_lines(_arc_records(arcs, measure, shift))
    layers.append(pdk.Layer(
        "LineLayer", data=lines, id="flows", get_source_position="source", get_target_position="target",
        get_color="source_color", get_width="width", width_units="'pixels'", pickable=True, auto_highlight=True))
    layers.append(pdk.Layer(
        "LineLayer", data=steps, id="flow_gradient", get_source_position="source",
        get_target_position="target", get_color="color", get_width="width", width_units="'pixels'", pickable=False))
    layers.append(pdk.Layer(
        "ScatterplotLayer", data=rings, id="unreached", get_position=["lon", "lat"], get_radius=7,
        radius_units="'pixels'", filled=False, stroked=True, get_line_color=theme.rgba(UNREACHED_COLOR, 255),
        line_width_min_pixels=2.5, pickable=True))
    # A name is text, never markup: the template is constant and data enters only through {field}
    # placeholders, which Streamlit HTML-escapes (see the comment in maps.school_map).
    tooltip = {"html": "<b>{title}</b><br/>{line1}<br/>{line2}",
               "style": {"fontFamily": theme.FONT_FAMILY, "fontSize": "13px", "maxWidth": "420px"}}
    return pdk.Deck(layers=layers, initial_view_state=view or fitted_view(arcs, schools, outlines,
                                                                         fit_outlines=fit_outlines),
                    map_provider=None, map_style=maps.basemap_style(tile_url), tooltip=tooltip)


def alliance_flow_map(arcs: pl.DataFrame, schools: pl.DataFrame, outlines: dict | None, tile_url: str = "",
                      tile_crs: str = "auto") -> pdk.Deck:
    """One alliance's flows in person-times, framed on its schools, not their whole county: five
    schools 5 km apart in a county 100 km long were one blot in the middle of it. 教共体详情 and
    its pack's slide draw this same map."""
    return flow_map(arcs, schools, outlines, "person_times", tile_url, tile_crs, fit_outlines=False)


def flow_legend_html(kinds: list[str]) -> str:
    """The colour key of the chosen kinds plus the hollow ring; fixed labels and palette colours only."""
    def swatch(color: str, label: str) -> str:
        return (f'<span style="display:inline-block;width:18px;height:4px;background:{color};'
                f'margin:0 4px 3px 14px;vertical-align:middle"></span>{html.escape(label)}')
    shown = [k for k in kinds if k in FLOW_KIND_COLORS]
    parts = [swatch(FLOW_KIND_COLORS[k], LF.FLOW_KINDS[k]) for k in shown]
    if any(k not in FLOW_KIND_COLORS for k in kinds):
        parts.append(swatch(OTHER_KIND_COLOR, LF.LEGEND_OTHER_KIND))
    parts.append(f'<span style="display:inline-block;width:10px;height:10px;border-radius:50%;'
                 f'border:2px solid {UNREACHED_COLOR};margin:0 4px 0 14px;vertical-align:middle"></span>'
                 f'{html.escape(LF.LEGEND_UNREACHED)}')
    return '<div style="font-size:0.9rem">' + "".join(parts) + "</div>"
