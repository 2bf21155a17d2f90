"""Browser harness: a real `streamlit run` on 127.0.0.1 over a real demo database, driven by
headless Debian Chromium through Playwright. Without a browser the tests skip with the reason,
unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _browser_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The county demo, generated and loaded through the same path `make run` takes."""
    from demo import write_demo
    from etl.load import load

    base = tmp_path_factory.mktemp("browser-demo")
    write_demo(base / "in", "county", 7)
    db = base / "alliance.duckdb"
    report = load([base / "in"], db)
    assert report.ok, report
    return db


@contextlib.contextmanager
def streamlit_server(db: Path, env: dict | None = None):
    """Base URL of `streamlit run dashboard/app.py` over `db` on 127.0.0.1, with `env` added to
    its environment; stopped by its PID."""
    port = _free_port()
    env = {**os.environ, "ALLIANCE_DB": str(db), "PYTHONPATH": str(ROOT), **(env or {})}
    log_path = db.parent / f"streamlit-{port}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start:\n" + log_path.read_text())
                time.sleep(0.3)
            yield url
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def server(browser, demo_db):
    """The dashboard over the county demo."""
    with streamlit_server(demo_db) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_server(browser, tmp_path_factory):
    """(url, database) of the dashboard over the hand-made fixture of tests/dashboard, whose
    school names are chosen to need escaping."""
    from tests.dashboard import fixture_db

    db = fixture_db.build(tmp_path_factory.mktemp("browser-fixture") / "alliance.duckdb")
    with streamlit_server(db) as url:
        yield url, db


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason is not None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1200}, locale="zh-CN",
                                  accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
