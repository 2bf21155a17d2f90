"""AppTest of the 交流 page over the flows fixture (tests/dashboard/fixture_flows.py): the page runs,
reads its own filters from the URL and writes them back, draws the map, the Sankey and the target
bars, lists the gaps, and says in Chinese when there is nothing to show."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.labels import flows as LF
from tests.dashboard import fixture_flows
from tests.dashboard.apptabs import open_tab
from tests.dashboard.fixture_flows import ESCAPE_NAME

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
FLOWS = "../pages/flows.py"
TAB = "flows_tab"


@pytest.fixture(scope="module")
def flows_db(tmp_path_factory):
    return fixture_flows.build(tmp_path_factory.mktemp("flows-page") / "alliance.duckdb")


@pytest.fixture(autouse=True)
def _db(flows_db, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(flows_db))


def _page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in {"county": "all", "year": "2024-2025", **query}.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(FLOWS).run()
    assert not at.exception, at.exception
    return at


def _layers(at) -> dict:
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    return {layer["id"]: layer for layer in deck["layers"]}


def _texts(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.title, *at.subheader)]
    return "\n".join(str(p) for p in parts)


def test_default_view_draws_every_part():
    at = _page()
    assert at.multiselect(key="flows_kinds").value == list(LF.DEFAULT_KINDS)
    assert at.select_slider(key="flows_months").value == (date(2024, 9, 1), date(2025, 8, 1))
    assert at.radio(key="flows_measure").value == "person_times"
    # Written back to the URL, so a copied link reopens this view.
    assert at.query_params["kinds"] == ",".join(LF.DEFAULT_KINDS)
    assert at.query_params["months"] == "2024-09~2025-08"
    assert at.query_params["measure"] == "person_times"
    layers = _layers(at)
    assert layers["flows"]["@@type"] == "LineLayer" and layers["flow_gradient"]["data"]
    # The five school pairs with coordinates (C1->M4 is listed instead: M4 has none); a flow to
    # another province is drawn in pieces along its great circle, each piece naming it.
    assert len({a["title"] for a in layers["flows"]["data"]}) == 5
    assert f"城关小学 → {ESCAPE_NAME}" in [a["title"] for a in layers["flows"]["data"]]
    assert [r["title"] for r in layers["unreached"]["data"]] == ["洪广村小"]
    # Only the open tab (the map) ran.
    assert [t.label for t in at.tabs] == [LF.TAB_MAP, LF.TAB_AREAS, LF.TAB_GAPS, LF.TAB_LARGEST]
    assert not at.get("plotly_chart") and not at.dataframe
    open_tab(at, TAB, LF.TAB_AREAS)
    assert not at.get("deck_gl_json_chart")
    charts = at.get("plotly_chart")
    assert len(charts) == 2                                      # Sankey, target bars
    texts = _texts(at)
    # 6 of 13 person-times go down to rural schools, 1 comes up (M2 -> C1 跟岗).
    assert LF.SANKEY_SHARE.format(down="6 人次", down_share="46.2%", up="1 人次", up_share="7.7%") in texts
    assert LF.TARGET_BELOW.format(n=1) in texts                  # B1: 3 of 40 teachers, 7.5 %
    texts = _texts(open_tab(at, TAB, LF.TAB_GAPS))
    assert LF.OVERLAP_CAPTION.format(n=1) in texts               # T1 on X1 and X4
    assert LF.OUTSIDE_CAPTION.format(n=1) in texts               # C1 -> O1
    assert LF.NOCOORD_CAPTION.format(n=1) in texts               # M4
    assert LF.UNREACHED_CAPTION.format(n=1) in texts             # M3
    open_tab(at, TAB, LF.TAB_LARGEST)
    largest = at.dataframe[0].value
    assert largest.iloc[0][LF.COL_TO] == ESCAPE_NAME and largest.iloc[0][LF.COL_PERSON_TIMES] == 5


def test_the_open_tab_is_read_from_the_url():
    at = _page(flows_tab=LF.TAB_LARGEST)
    assert not at.get("deck_gl_json_chart") and not at.get("plotly_chart")
    assert at.dataframe[0].value.iloc[0][LF.COL_TO] == ESCAPE_NAME


def test_url_filters_are_read_and_drive_the_queries():
    at = _page(kinds="ex_rotation,ex_shadow", months="2025-03~2025-08", measure="person_days")
    assert at.multiselect(key="flows_kinds").value == ["ex_rotation", "ex_shadow"]
    assert at.select_slider(key="flows_months").value == (date(2025, 3, 1), date(2025, 8, 1))
    assert at.radio(key="flows_measure").value == "person_days"
    # From March only 跟岗 M2 -> C1 (X6, 31 days) is left of these kinds.
    arcs = _layers(at)["flows"]["data"]
    assert [a["title"] for a in arcs] == [f"{ESCAPE_NAME} → 城关小学"]
    assert arcs[0]["line1"] == "跟岗 31 人日"
    assert at.query_params["months"] == "2025-03~2025-08"
    # Changing the measure rewrites the URL.
    at.radio(key="flows_measure").set_value("person_times").run()
    assert not at.exception
    assert at.query_params["measure"] == "person_times"
    assert _layers(at)["flows"]["data"][0]["line1"] == "跟岗 1 人次"


def test_invalid_url_values_fall_back_to_defaults():
    at = _page(kinds="nonsense", months="2030-01~2019-01", measure="hours")
    assert at.multiselect(key="flows_kinds").value == list(LF.DEFAULT_KINDS)
    assert at.select_slider(key="flows_months").value == (date(2024, 9, 1), date(2025, 8, 1))
    assert at.radio(key="flows_measure").value == "person_times"


def test_a_view_without_flows_says_so():
    at = _page(months="2025-07~2025-08")
    assert LF.MAP_NO_FLOWS in _texts(at)
    # No arcs; the map still rings every member school with coordinates (M1 M2 M3 of B1, C2 of B2).
    layers = _layers(at)
    assert layers["flows"]["data"] == []
    assert sorted(r["title"] for r in layers["unreached"]["data"]) == sorted(
        ["河西镇小", ESCAPE_NAME, "洪广村小", "城关中学"])
    assert LF.SANKEY_EMPTY in _texts(open_tab(at, TAB, LF.TAB_AREAS))
    at.multiselect(key="flows_kinds").set_value([]).run()
    assert not at.exception
    assert LF.KINDS_EMPTY in _texts(at)


def test_the_view_is_kept_while_kinds_change_and_fitted_again_for_another_county():
    at = _page()
    view = json.loads(at.get("deck_gl_json_chart")[0].proto.json)["initialViewState"]
    # Only 跟岗 (M2 -> C1, within 贵德): a fresh fit would zoom in; the user's frame is kept instead,
    # so deck.gl keeps whatever zoom the user has (its view resets only when the initial view changes).
    at.multiselect(key="flows_kinds").set_value(["ex_shadow"]).run()
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.json)["initialViewState"] == view
    at.selectbox(key="filter_county").set_value("632523").run()
    assert not at.exception
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.json)["initialViewState"] != view
