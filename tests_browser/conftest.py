"""Fixtures for the browser tests: Chromium, one JupyterLab for the session, the Voila app.

Servers run in their own process groups and are stopped by the fixtures' teardown, at session
end (``pytest_unconfigure``) and on SIGTERM/SIGHUP, which are turned into KeyboardInterrupt so
pytest unwinds its fixtures.
"""

import atexit
import os
import signal
from pathlib import Path

import pytest

from .servers import ROOT, copy_notebooks, start_jupyterlab, start_voila_app, stop_all

CHROMIUM = os.environ.get("LECNN_CHROMIUM", "/usr/bin/chromium")
# Debian's chromium, headless: Playwright's own browser download does not work offline.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = ROOT / "build" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config):
    atexit.register(stop_all)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)


def pytest_unconfigure(config):
    stop_all()


@pytest.fixture(scope="session")
def screenshots():
    """``build/screenshots/``, emptied of the last run's pictures (only PNG files inside the
    repository: not through a link that leads out of it, never a link itself)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if ROOT.resolve() not in SCREENSHOTS.resolve().parents:
        pytest.fail(f"{SCREENSHOTS} leads outside the repository: old screenshots not removed")
    for old in SCREENSHOTS.glob("*.png"):
        if old.is_file() and not old.is_symlink():
            old.unlink()
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's), through Playwright."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: run tools/install_chromium.sh as root "
            "(make test-browser does), or set LECNN_CHROMIUM to a Chromium binary"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page (its own context) for one test."""
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        yield page
    finally:
        context.close()


class Lab:
    """The session's JupyterLab: ``base`` URL, ``token``, ``root`` (a copy of the notebooks)."""

    def __init__(self, server, base, token, root):
        self.server = server
        self.base = base
        self.token = token
        self.root = root


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a token and a free port, serving a copy of ``notebooks/``."""
    home = tmp_path_factory.mktemp("lab-home")
    root = tmp_path_factory.mktemp("lab-root")
    copy_notebooks(root)
    server, base, token = start_jupyterlab(root, home, home / "jupyterlab.log")
    try:
        yield Lab(server, base, token, root)
    finally:
        server.stop()


@pytest.fixture
def voila_app(tmp_path_factory):
    """The Voila app of ``make app``, on a free port; yields its URL."""
    home = tmp_path_factory.mktemp("voila-home")
    server, url = start_voila_app(home, home / "voila.log")
    try:
        yield url
    finally:
        server.stop()
