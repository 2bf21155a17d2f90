"""Shared pytest fixtures for the ETL tests; the data and helpers live in fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.etl.fixtures import write_set


@pytest.fixture
def clean_dir(tmp_path: Path) -> Path:
    return write_set(tmp_path / "in")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALLIANCE_SALT", "test-salt")
    return tmp_path / "db" / "alliance.duckdb"

