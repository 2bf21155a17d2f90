"""Pure chart builders: a DataFrame in, a plotly Figure or pydeck Deck out. No st.* here; every
chart uses the palette and template of dashboard.theme and labels from dashboard.labels."""

from __future__ import annotations

import html
import json
import math
import urllib.parse

import plotly.graph_objects as go
import polars as pl
import prcoords
import pydeck as pdk
from plotly.subplots import make_subplots

from dashboard import fmt, theme
from dashboard import labels as L
from etl import codes


def _layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(template=theme.TEMPLATE, height=height, **kwargs)
    return fig


def monthly_activity_bar(df: pl.DataFrame) -> go.Figure:
    """Stacked bars: activities per month by activity group (monthly_activity)."""
    fig = go.Figure()
    months = df["month_date"].unique().sort().to_list()
    month_labels = [fmt.month(m) for m in months]
    for group, name in L.LEGEND_ACTIVITY.items():
        counts = dict(df.filter(pl.col("activity_group") == group)
                      .select("month_date", "activities_n").iter_rows())
        fig.add_bar(x=month_labels, y=[counts.get(m, 0) for m in months], name=name,
                    marker_color=theme.ACTIVITY_COLORS[group],
                    hovertemplate="%{x} " + name + "：%{y} 次<extra></extra>")
    return _layout(fig, 340, barmode="stack", xaxis_title=L.AXIS_MONTH, yaxis_title=L.AXIS_ACTIVITIES)


def gap_trend(df: pl.DataFrame) -> go.Figure:
    """Two panels over terms: student-weighted mean score (% of full marks) and pass rate (%),
    one line per urban / town / rural (gap_by_term)."""
    terms = df.select("school_year", "term").unique().sort(["school_year", "term"]).rows()
    term_labels = [fmt.term_short(sy, t) for sy, t in terms]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.16)
    for area, color in theme.URBAN_RURAL_COLORS.items():
        rows = {(r["school_year"], r["term"]): r for r in df.filter(pl.col("urban_rural") == area).iter_rows(named=True)}
        if not rows:
            continue
        name = codes.label("urban_rural", area)
        for col, measure in ((1, "mean_pct"), (2, "pass_rate_pct")):
            values = [rows[t][measure] if t in rows else None for t in terms]
            students = [rows[t]["students_n"] if t in rows else None for t in terms]
            fig.add_scatter(x=term_labels, y=values, customdata=students, mode="lines+markers", name=name,
                            legendgroup=area, showlegend=col == 1, line={"color": color, "width": 2.5},
                            connectgaps=True, row=1, col=col,
                            hovertemplate=name + "：%{y:.1f}%（" + L.HOVER_SITTINGS + "）<extra></extra>")
    fig.update_yaxes(ticksuffix="%")
    fig.update_yaxes(title=L.AXIS_MEAN_PCT, row=1, col=1)
    fig.update_yaxes(title=L.AXIS_PASS_RATE, row=1, col=2)
    fig.update_xaxes(title=L.AXIS_TERM, tickangle=-45)   # slanted: ten terms fit a half-width panel
    return _layout(fig, 360)


def _plain(text: str | None) -> str:
    """A name from the data as plotly text: plotly reads <b>, <a href> and the like in labels and
    hover text as markup, and shows &lt; &gt; &amp; as the characters, so a name stays text."""
    return html.escape(text or "", quote=False)


def ranking_bar(df: pl.DataFrame) -> go.Figure:
    """Horizontal bars: interim activity-completion % per alliance, one colour (and legend entry)
    per alliance type."""
    df = df.sort("completion_pct")
    names = [_plain(n) for n in df["name"].to_list()]
    fig = go.Figure()
    for alliance_type, color in theme.ALLIANCE_TYPE_COLORS.items():
        part = df.filter(pl.col("type") == alliance_type)
        if part.is_empty():
            continue
        custom = part.select("lessons_n", "lessons_target_n", "research_n", "research_target_n").rows()
        fig.add_bar(
            x=part["completion_pct"].to_list(), y=[_plain(n) for n in part["name"].to_list()], orientation="h",
            marker_color=color,
            name=codes.label("alliance_type", alliance_type), customdata=custom,
            text=[fmt.percent(v, 0) for v in part["completion_pct"].to_list()], textposition="auto",
            hovertemplate=("%{y}<br>" + L.LEGEND_ACTIVITY["lessons"] + " %{customdata[0]}/%{customdata[1]}<br>"
                           + L.LEGEND_ACTIVITY["research"] + " %{customdata[2]}/%{customdata[3]}<extra></extra>"))
    # Ticks every 25 % so 100 % is labelled even in a half-width column; the legend names the
    # type colour even when every alliance shown is of one type.
    ticks = [0, 25, 50, 75, 100]
    fig.update_xaxes(range=[0, 102], tickvals=ticks, ticktext=[f"{t}%" for t in ticks], title=L.AXIS_COMPLETION)
    fig.update_yaxes(categoryorder="array", categoryarray=names)
    # The right margin leaves room for the 100 % tick label, which plotly drops when it would be cut.
    return _layout(fig, 90 + 32 * max(df.height, 3), barmode="overlay", showlegend=True, margin={"r": 32})


def town_coverage_bar(df: pl.DataFrame, limit: int = 25) -> go.Figure:
    """Horizontal bars: coverage % per town (school-counted), lowest first and at most `limit`
    towns; towns with an uncovered rural school in red, the colour such schools have on the map."""
    df = df.sort(["coverage_pct", "schools_n", "town"], descending=[False, True, False]).head(limit)
    several_counties = df["county_code"].n_unique() > 1
    # A partner district listed as its own town (拱墅区·拱墅区) is named once.
    names = [_plain((f"{c}·{t}" if t and t != c else c) if several_counties else (t or "—"))
             for c, t in df.select("county", "town").iter_rows()]
    colors = [theme.UNCOVERED_RURAL_COLOR if cr < r else theme.ANY_TYPE_COLOR
              for r, cr in df.select("rural_schools_n", "covered_rural_schools_n").iter_rows()]
    custom = df.select("covered_schools_n", "schools_n").rows()
    fig = go.Figure(go.Bar(
        x=df["coverage_pct"].to_list(), y=names, orientation="h", marker_color=colors, customdata=custom,
        text=[fmt.percent(v, 0) for v in df["coverage_pct"].to_list()], textposition="auto",
        hovertemplate="%{y}：%{x:.1f}%（%{customdata[0]}/%{customdata[1]} 所）<extra></extra>"))
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title=L.AXIS_COVERAGE)
    fig.update_yaxes(autorange="reversed")
    # A floor on the height keeps a county of few towns from squeezing its bars and labels.
    return _layout(fig, 80 + 26 * max(df.height, 6), showlegend=False, margin={"r": 32})


def type_coverage_bar(df: pl.DataFrame) -> go.Figure:
    """Bars: coverage % per alliance type, in the code list's order (融合型, 共建型, 协作型), then
    any type (school-counted)."""
    order = {c.code: i for i, c in enumerate(codes.CODELISTS["alliance_type"])}
    df = df.sort(pl.col("alliance_type").replace_strict(order, default=len(order), return_dtype=pl.Int64))
    types = df["alliance_type"].to_list()
    names = [L.ANY_TYPE if t == "any" else codes.label("alliance_type", t) for t in types]
    colors = [theme.ALLIANCE_TYPE_COLORS.get(t, theme.ANY_TYPE_COLOR) for t in types]
    fig = go.Figure(go.Bar(
        x=names, y=df["coverage_pct"].to_list(), marker_color=colors,
        customdata=df.select("covered_schools_n", "schools_n").rows(),
        text=[fmt.percent(v, 1) for v in df["coverage_pct"].to_list()], textposition="auto",
        hovertemplate="%{x}：%{y:.1f}%（%{customdata[0]}/%{customdata[1]} 所）<extra></extra>"))
    fig.update_yaxes(range=[0, 100], ticksuffix="%", title=L.AXIS_COVERAGE)
    return _layout(fig, 340, showlegend=False)


def _to_gcj(lon: float, lat: float) -> tuple[float, float]:
    c = prcoords.wgs_gcj((lat, lon), check_china=False)
    return c.lon, c.lat


def _shift_geometry(coords):
    """GCJ-02 shift of a GeoJSON coordinate array of any nesting depth."""
    if coords and isinstance(coords[0], (int, float)):
        return list(_to_gcj(coords[0], coords[1]))
    return [_shift_geometry(c) for c in coords]


def _vertices(features: list[dict]):
    """Every (lon, lat) of (Multi)Polygon features."""
    for f in features:
        geometry = f.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                for lon, lat, *_ in ring:
                    yield lon, lat


# The coverage page draws the map this tall; its width is the page's main column, at least this wide
# on a laptop with the sidebar open.
MAP_HEIGHT_PX = 560
MAP_MIN_WIDTH_PX = 720
MAP_FILL = 0.88     # share of the map the framed area may take, leaving a margin for the points


def _mercator_y(lat: float) -> float:
    """Web Mercator y in radians (deck.gl's projection)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _view_state(lons: list[float], lats: list[float], height_px: int = MAP_HEIGHT_PX,
                width_px: int = MAP_MIN_WIDTH_PX) -> pdk.ViewState:
    """The view that frames the box around lons/lats in a map of height_px x (at least) width_px.

    deck.gl maps 360 degrees of longitude (2 pi of Mercator y) onto 512 * 2**zoom px; the zoom is
    the largest at which both sides of the box fit."""
    if not lons:
        return pdk.ViewState(longitude=108.0, latitude=34.0, zoom=3.5)
    lo, hi = min(lons), max(lons)
    y_lo, y_hi = _mercator_y(min(lats)), _mercator_y(max(lats))
    lon_span = max(hi - lo, 0.01)
    y_span = max(y_hi - y_lo, math.radians(0.01))
    zoom_x = math.log2(width_px * MAP_FILL * 360 / (512 * lon_span))
    zoom_y = math.log2(height_px * MAP_FILL * 2 * math.pi / (512 * y_span))
    zoom = max(1.0, min(12.0, zoom_x, zoom_y))
    # The centre of the box as drawn: the Mercator midpoint, not the mean of the latitudes.
    latitude = math.degrees(2 * math.atan(math.exp((y_lo + y_hi) / 2)) - math.pi / 2)
    return pdk.ViewState(longitude=(lo + hi) / 2, latitude=latitude, zoom=zoom)


def school_map(df: pl.DataFrame, outlines: dict | None, tile_url: str = "", tile_crs: str = "WGS84") -> pdk.Deck:
    """Schools as points over county outlines (school_map_points). Uncovered rural schools are
    red and larger. No basemap unless a tile URL is configured; with GCJ-02 tiles the WGS84
    points and outlines are shifted to GCJ-02 so they sit on the tiles."""
    shift = bool(tile_url) and tile_crs.upper().replace("-", "") == "GCJ02"
    records = []
    for r in df.iter_rows(named=True):
        lon, lat = _to_gcj(r["lon"], r["lat"]) if shift else (r["lon"], r["lat"])
        status = r["status"]
        if status == "uncovered_rural":
            color, radius, status_label = theme.UNCOVERED_RURAL_COLOR, 9, L.STATUS_UNCOVERED_RURAL
        elif status == "uncovered":
            color, radius, status_label = theme.UNCOVERED_COLOR, 5, L.STATUS_UNCOVERED
        else:
            color = theme.ALLIANCE_TYPE_COLORS.get(status, theme.ANY_TYPE_COLOR)
            radius, status_label = 6, codes.label("alliance_type", status)
        records.append({
            "lon": lon, "lat": lat, "color": theme.rgba(color, 230), "radius": radius,
            "name": r["name"], "town": r["town"] or "—", "alliances": r["alliance_names"] or "—",
            "area": codes.label("urban_rural", r["urban_rural"]), "status": status_label,
        })
    layers = []
    # The view is fitted in WGS84: the GCJ-02 shift (under 1 km) does not change the framing.
    fit_lons, fit_lats = df["lon"].to_list(), df["lat"].to_list()
    if outlines:
        features = outlines.get("features", [])
        shown = {r["county_code"] for r in df.iter_rows(named=True)}
        matched = [f for f in features if f.get("properties", {}).get("code") in shown]
        features = matched or features
        # Fit the whole outline of the counties shown, not just their schools: an inspector reads
        # the points against the county's edge.
        for lon, lat in _vertices(matched):
            fit_lons.append(lon)
            fit_lats.append(lat)
        if shift:
            features = [{**f, "geometry": {**f["geometry"], "coordinates": _shift_geometry(f["geometry"]["coordinates"])}}
                        for f in features]
        layers.append(pdk.Layer(
            "GeoJsonLayer", data={"type": "FeatureCollection", "features": features}, id="outlines",
            stroked=True, filled=True, get_fill_color=theme.rgba(theme.OUTLINE_FILL, 160),
            get_line_color=theme.rgba(theme.OUTLINE_COLOR, 255), line_width_min_pixels=1.5, pickable=False))
    layers.append(pdk.Layer(
        "ScatterplotLayer", data=records, id="schools", get_position=["lon", "lat"], get_fill_color="color",
        get_radius="radius", radius_units="'pixels'", stroked=True, get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=1, pickable=True))
    # A name is text, never markup. The template below is constant; school data enters only via
    # {field} placeholders, and Streamlit (1.67, DeckGlJsonChart createTooltip) HTML-escapes every
    # substituted value of an "html" tooltip. Escaping here as well would show "&lt;" to users
    # (checked in Chromium with a school named <b>常信</b>村小), so values go in raw.
    tooltip = {
        "html": ("<b>{name}</b><br/>" + L.TOOLTIP["town"] + "：{town}<br/>" + L.COL_URBAN_RURAL + "：{area}<br/>"
                 + L.TOOLTIP["status"] + "：{status}<br/>" + L.TOOLTIP["alliance"] + "：{alliances}"),
        "style": {"fontFamily": theme.FONT_FAMILY, "fontSize": "13px"},
    }
    view = _view_state(fit_lons, fit_lats)
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, map_style=_basemap_style(tile_url),
                    tooltip=tooltip)


# pydeck's own "no map style" value: Streamlit 1.67 (DeckGlJsonChart) drops it and draws no basemap
# (nor its zoom buttons). map_style=None instead makes Streamlit fill in Carto's positron style,
# fetched from basemaps.cartocdn.com: a request to the internet on every offline map.
NO_BASEMAP = "__MAP_STYLE__"


def _basemap_style(tile_url: str) -> str:
    """The map style of the coverage map: none offline, else a raster style over the tiles.

    A deck.gl TileLayer cannot draw from Streamlit's deck JSON (it needs a renderSubLayers
    function), so the tiles go to the basemap that Streamlit 1.67 draws under the deck (its
    bundled mapbox-gl 1.13, no token needed for non-Mapbox sources). That basemap takes a style
    URL string only (a dict style is dropped, and pydeck accepts one only for map_provider
    "mapbox"), so the style travels inline as a data: URL. The tile server must answer with
    Access-Control-Allow-Origin, as mapbox-gl fetches tiles cross-origin."""
    if not tile_url:
        return NO_BASEMAP
    style = {"version": 8,
             "sources": {"basemap": {"type": "raster", "tiles": [tile_url], "tileSize": 256, "maxzoom": 18}},
             "layers": [{"id": "basemap", "type": "raster", "source": "basemap"}]}
    return "data:application/json," + urllib.parse.quote(json.dumps(style, separators=(",", ":")))
