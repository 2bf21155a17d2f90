"""Every test runs apart from a developer's own data: no users file (so pages open without the
sign-in form unless a test writes accounts of its own) and an audit log in a temporary folder
(so no test writes data/audit.sqlite). Set before any test or test server starts; tests that need
accounts or a known audit file set ALLIANCE_USERS / ALLIANCE_AUDIT_DB themselves."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pytest_configure(config) -> None:
    private = Path(tempfile.mkdtemp(prefix="alliance-tests-"))
    os.environ["ALLIANCE_USERS"] = str(private / "no-users.toml")
    os.environ["ALLIANCE_AUDIT_DB"] = str(private / "audit.sqlite")
