"""Exports tests: a warm exporter is shared by the whole session (as by the server process); the
audit log goes to a temporary SQLite file; exports that need Chromium or a CJK font skip with the
reason (fail under REQUIRE_BROWSER=1)."""

from __future__ import annotations

import os

import pytest

from dashboard.exports import images, maps, pack


def _need(reason: str | None) -> None:
    if reason is not None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


@pytest.fixture
def exporter():
    _need(images.unavailable_reason())


@pytest.fixture
def map_exporter():
    _need(maps.unavailable_reason())


@pytest.fixture
def pdf_converter():
    _need(pack.pdf_unavailable_reason())


@pytest.fixture
def audit_db(tmp_path, monkeypatch):
    path = tmp_path / "audit.sqlite"
    monkeypatch.setenv("ALLIANCE_AUDIT_DB", str(path))
    return path


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory):
    from tests.dashboard import fixture_db

    return fixture_db.build(tmp_path_factory.mktemp("exports-fixture") / "alliance.duckdb")


@pytest.fixture
def fixture_path(built_fixture, monkeypatch):
    """The hand-made database of tests/dashboard (fixture_db.py), through the real loader."""
    monkeypatch.setenv("ALLIANCE_DB", str(built_fixture))
    return built_fixture
