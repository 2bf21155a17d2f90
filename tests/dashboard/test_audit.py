"""The audit log: appends survive reconnects, filter by action, and refuse unknown actions."""

from __future__ import annotations

import json

import pytest

from dashboard import audit


@pytest.fixture
def audit_path(tmp_path, monkeypatch):
    path = tmp_path / "audit.sqlite"
    monkeypatch.setenv("ALLIANCE_AUDIT_DB", str(path))
    return path


def test_records_are_kept_newest_first_and_filtered_by_action(audit_path):
    audit.record("sign_in", "王老师")
    audit.record("export", "王老师", "覆盖·未覆盖学校.xlsx", {"county": "330327", "rows": 6})
    audit.record("sign_in_failed", "<b>x</b>")
    everything = audit.entries()
    assert everything["action"].to_list() == ["sign_in_failed", "export", "sign_in"]
    exports = audit.entries("export")
    assert exports.height == 1 and exports["target"][0] == "覆盖·未覆盖学校.xlsx"
    assert json.loads(exports["detail"][0]) == {"county": "330327", "rows": 6}
    assert audit_path.exists()


def test_an_unknown_action_is_refused(audit_path):
    with pytest.raises(ValueError):
        audit.record("delete_everything")
    assert audit.entries().is_empty()
