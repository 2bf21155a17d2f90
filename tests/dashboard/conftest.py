"""Fixtures: the hand-made database (fixture_db.py), pointed at through ALLIANCE_DB."""

from __future__ import annotations

import pytest

from tests.dashboard import fixture_db


@pytest.fixture
def fixture_path(tmp_path, monkeypatch):
    path = fixture_db.build(tmp_path / "alliance.duckdb")
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    return path


@pytest.fixture
def demo_fixture_path(tmp_path, monkeypatch):
    path = fixture_db.build(tmp_path / "alliance.duckdb", demo=True)
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    return path


@pytest.fixture
def empty_path(tmp_path, monkeypatch):
    path = tmp_path / "missing.duckdb"
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    return path
