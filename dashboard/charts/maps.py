"""Everything about maps: the view that frames what is shown (Mercator-correct), the GCJ-02 shift
for GCJ-02 tiles, the optional basemap, the legend, and the school map built on them. The flows
map and the alliance map reuse these helpers."""

from __future__ import annotations

import functools
import html
import itertools
import json
import math
import urllib.parse

import polars as pl
import prcoords
import pydeck as pdk

from dashboard import theme
from dashboard.labels import common as L
from etl import codes


def to_gcj(lon: float, lat: float) -> tuple[float, float]:
    c = prcoords.wgs_gcj((lat, lon), check_china=False)
    return c.lon, c.lat


def _shift_geometry(coords):
    """GCJ-02 shift of a GeoJSON coordinate array of any nesting depth."""
    if coords and isinstance(coords[0], (int, float)):
        return list(to_gcj(coords[0], coords[1]))
    return [_shift_geometry(c) for c in coords]


# Tile hosts that serve GCJ-02 tiles: AMap (高德: autonavi.com, amap.com) and Tencent (腾讯: qq.com,
# gtimg.com). Tianditu (天地图) is CGCS2000, WGS84 to within a metre; OpenStreetMap-style tiles are WGS84.
GCJ02_TILE_HOSTS = ("autonavi.com", "amap.com", "qq.com", "gtimg.com")


def shifts_to_gcj(tile_url: str, tile_crs: str = "auto") -> bool:
    """Whether points and outlines (stored WGS84) must be shifted to GCJ-02 to sit on the tiles:
    never without tiles; as ALLIANCE_TILE_CRS says, or by the tile host when it says auto."""
    if not tile_url:
        return False
    crs = tile_crs.upper().replace("-", "")
    if crs in ("GCJ02", "WGS84"):
        return crs == "GCJ02"
    host = urllib.parse.urlsplit(tile_url.replace("{", "").replace("}", "")).hostname or ""
    return any(host == h or host.endswith("." + h) for h in GCJ02_TILE_HOSTS)


def county_features(outlines: dict | None, county_codes: set[str]) -> list[dict]:
    """The outline features of the given counties (matched on code or a former code the rosters
    may still use, e.g. 崇川区 320602 -> 320613)."""
    if not outlines:
        return []
    return [f for f in outlines.get("features", [])
            if {f.get("properties", {}).get("code"), *f.get("properties", {}).get("former_codes", [])} & county_codes]


# The pale fill of a county is one image, its longer side this many px: at the fitted view that is
# several image px per screen px, so the fill's edge stays under the outline when zoomed in a few levels.
FILL_IMAGE_PX = 1024
COORD_DECIMALS = 5      # about 1 m: finer than any outline vertex, and a shorter deck spec


def _polygons(feature: dict) -> list:
    geometry = feature.get("geometry") or {}
    polygons = geometry.get("coordinates", [])
    return [polygons] if geometry.get("type") == "Polygon" else polygons


def _fill_image(polygons: list, color: list[int]) -> tuple[str, list[float]]:
    """The polygons (rings of lon/lat) filled with color as a PNG data URL, and its bounds
    [west, south, east, north]. Drawn once per outline and colour (about 15 ms a county), not on
    every rerun of a map page: keyed on the polygons' JSON text."""
    image, bounds = _drawn_fill(json.dumps(polygons, separators=(",", ":")), tuple(color))
    return image, list(bounds)


@functools.lru_cache(maxsize=256)
def _drawn_fill(polygons_json: str, color: tuple[int, ...]) -> tuple[str, tuple[float, ...]]:
    """_fill_image's drawing. Drawn in Web Mercator y, as deck.gl stretches a BitmapLayer's image
    linearly between its bounds in its Web Mercator common space."""
    import base64
    import io

    from PIL import Image, ImageDraw

    polygons = json.loads(polygons_json)
    lons = [p[0] for polygon in polygons for ring in polygon for p in ring]
    lats = [p[1] for polygon in polygons for ring in polygon for p in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    x_span = max(math.radians(east - west), 1e-9)
    y_top, y_span = _mercator_y(north), max(_mercator_y(north) - _mercator_y(south), 1e-9)
    scale = FILL_IMAGE_PX / max(x_span, y_span)
    size = (max(1, round(x_span * scale)), max(1, round(y_span * scale)))
    # A two-colour palette image (index 1 is the fill, index 0 transparent): a few KB as PNG.
    image = Image.new("P", size, 0)
    image.putpalette([0, 0, 0, *color[:3]])
    draw = ImageDraw.Draw(image)

    def pixel(lon, lat):
        return (math.radians(lon - west) * scale, (y_top - _mercator_y(lat)) * scale)

    for polygon in polygons:
        draw.polygon([pixel(lon, lat) for lon, lat, *_ in polygon[0]], fill=1)
        for hole in polygon[1:]:
            draw.polygon([pixel(lon, lat) for lon, lat, *_ in hole], fill=0)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True, transparency=bytes([0, color[3]]))
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode(), (west, south, east, north)


def outline_layers(features: list[dict], shift: bool) -> list[pdk.Layer]:
    """County outlines as the bottom layers: each county's pale fill as an image (BitmapLayer), and
    every edge as a 1.5 px line segment (LineLayer), the same width at every zoom.

    Not a GeoJsonLayer: where the browser draws WebGL without a GPU (software rendering: headless
    Chromium, virtual machines, remote desktops), deck.gl's first frame waits until every layer's
    shader program is compiled, and the GeoJsonLayer's polygon and path programs made the coverage
    map's first frame about 1.0 s against 0.25 s for the schools alone; an image and line segments
    take about 0.5 s (measured in headless Chromium on the demo's 随县)."""
    if shift:
        features = [{**f, "geometry": {**f["geometry"], "coordinates": _shift_geometry(f["geometry"]["coordinates"])}}
                    for f in features]
    fill, layers, segments = theme.rgba(theme.OUTLINE_FILL, 160), [], []
    for i, feature in enumerate(features):
        polygons = _polygons(feature)
        if not any(polygon and polygon[0] for polygon in polygons):
            continue
        image, bounds = _fill_image(polygons, fill)
        code = (feature.get("properties") or {}).get("code") or str(i)
        # Quoted: pydeck would take a bare string for a JavaScript expression.
        layers.append(pdk.Layer("BitmapLayer", id=f"outline_fill_{code}", image=f"'{image}'", bounds=bounds,
                                pickable=False))
        for polygon in polygons:
            for ring in polygon:
                points = [[round(p[0], COORD_DECIMALS), round(p[1], COORD_DECIMALS)] for p in ring]
                segments += [{"s": a, "t": b} for a, b in itertools.pairwise(points) if a != b]
    layers.append(pdk.Layer(
        "LineLayer", data=segments, id="outlines", get_source_position="s", get_target_position="t",
        get_color=theme.rgba(theme.OUTLINE_COLOR, 255), get_width=1.5, width_units="'pixels'", pickable=False))
    return layers


def vertices(features: list[dict]):
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


def view_state(lons: list[float], lats: list[float], height_px: int = MAP_HEIGHT_PX,
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


def school_map(df: pl.DataFrame, outlines: dict | None, tile_url: str = "", tile_crs: str = "auto") -> pdk.Deck:
    """Schools as points over county outlines (school_map_points). Uncovered rural schools are
    red and larger. No basemap unless a tile URL is configured; with GCJ-02 tiles the WGS84
    points and outlines are shifted to GCJ-02 so they sit on the tiles."""
    shift = shifts_to_gcj(tile_url, tile_crs)
    records = []
    for r in df.iter_rows(named=True):
        lon, lat = to_gcj(r["lon"], r["lat"]) if shift else (r["lon"], r["lat"])
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
        matched = county_features(outlines, set(df["county_code"].to_list()))
        # Fit the whole outline of the counties shown, not just their schools: an inspector reads
        # the points against the county's edge.
        for lon, lat in vertices(matched):
            fit_lons.append(lon)
            fit_lats.append(lat)
        layers += outline_layers(matched or outlines.get("features", []), shift)
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
    view = view_state(fit_lons, fit_lats)
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, map_style=basemap_style(tile_url),
                    tooltip=tooltip)


# pydeck's own "no map style" value: Streamlit 1.67 (DeckGlJsonChart) drops it and draws no basemap
# (nor its zoom buttons). map_style=None instead makes Streamlit fill in Carto's positron style,
# fetched from basemaps.cartocdn.com: a request to the internet on every offline map.
NO_BASEMAP = "__MAP_STYLE__"


def basemap_style(tile_url: str) -> str:
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


def map_legend_html() -> str:
    """The map's colour key as HTML; fixed labels and palette colours only, no data."""
    entries = [(theme.ALLIANCE_TYPE_COLORS[c.code], c.label, 10) for c in codes.CODELISTS["alliance_type"]]
    entries += [(theme.UNCOVERED_RURAL_COLOR, L.STATUS_UNCOVERED_RURAL, 14), (theme.UNCOVERED_COLOR, L.STATUS_UNCOVERED, 9)]
    dots = [f'<span style="display:inline-block;width:{size}px;height:{size}px;border-radius:50%;'
            f'background:{color};margin:0 4px 0 14px;vertical-align:middle"></span>{html.escape(label)}'
            for color, label, size in entries]
    return '<div style="font-size:0.9rem">' + "".join(dots) + "</div>"
