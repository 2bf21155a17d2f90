"""Fixtures: the hand-made database (fixture_db.py), built once per session through the real
loader and pointed at through ALLIANCE_DB, which the gateway reads on every call."""

from __future__ import annotations

import pytest

from tests.dashboard import fixture_db


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory):
    return fixture_db.build(tmp_path_factory.mktemp("fixture") / "alliance.duckdb")


@pytest.fixture(scope="session")
def built_demo_fixture(tmp_path_factory):
    return fixture_db.build(tmp_path_factory.mktemp("fixture-synthetic") / "alliance.duckdb", demo=True)


@pytest.fixture
def fixture_path(built_fixture, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(built_fixture))
    return built_fixture


@pytest.fixture
def demo_fixture_path(built_demo_fixture, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(built_demo_fixture))
    return built_demo_fixture


@pytest.fixture
def missing_path(tmp_path, monkeypatch):
    path = tmp_path / "missing.duckdb"
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    return path
