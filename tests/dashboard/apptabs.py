"""Opening a page's tab in AppTest as a click does: ui.lazy_tabs keeps the open tab's label in
session state under the tabs' key, and only that tab's section runs on the next run."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    at.session_state[key] = label
    at.run()
    assert not at.exception, at.exception
    return at
