"""Real-browser tests: the app started by the test on a free port, Playwright driving Debian's Chromium.

Screenshots go to ``test-output/screenshots/``. Without ``/usr/bin/chromium`` the tests skip locally,
but fail in CI (CI=true), where ``make test`` installs it.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-output" / "screenshots"
POPULATION_SIZE = "5000"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env_extra: dict | None = None, timeout: float = 90.0) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` headless and wait until /_stcore/health answers."""
    port = _free_port()
    # MALLOC_ARENA_MAX=2: the server runs as `make run` starts it (docs/DEPLOYMENT.md).
    env = {**os.environ, "ARVOVALINNAT_POPULATION_SIZE": POPULATION_SIZE, "MALLOC_ARENA_MAX": "2", **(env_extra or {})}
    SHOTS.mkdir(parents=True, exist_ok=True)  # a fresh clone has no test-output/ yet
    log = open(ROOT / "test-output" / f"streamlit-{port}.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("streamlit did not become healthy in time")


def stop_app(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop an app started by :func:`start_app`: terminate, and kill it if it has not exited within ``timeout``."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def app_url():
    (ROOT / "test-output").mkdir(exist_ok=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    proc, url = start_app()
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: the README's test command should have installed it")
        pytest.skip(f"{CHROMIUM} not installed (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fi-FI")
    pg = context.new_page()
    yield pg
    context.close()


_IDLE_JS = """(quiet) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  const state = app.getAttribute('data-test-script-state');
  const now = performance.now();
  if (window.__arvoIdleState !== state) { window.__arvoIdleState = state; window.__arvoIdleSince = now; }
  return state === 'notRunning' && now - window.__arvoIdleSince >= quiet;
}"""


def wait_idle(page, timeout: float = 60_000, quiet: float = 300) -> None:
    """Wait until the app has finished its script run and stayed idle for ``quiet`` ms.

    Streamlit's own e2e tests wait for ``data-test-script-state="notRunning"``. A run can be followed at once by
    another (a widget registering its value, a page switch, a fragment), and on a busy machine the gap between
    them is longer than a fixed pause, so the state is watched every 50 ms until it has not changed for
    ``quiet`` ms, counted from this call (a key press just before it may not have started its run yet).
    """
    page.evaluate("() => { window.__arvoIdleState = undefined; }")  # the quiet time counts from this call
    page.wait_for_function(_IDLE_JS, arg=quiet, polling=50, timeout=timeout)


_DRAWN_JS = "() => document.querySelector('[data-testid=\"stSkeleton\"]') === null"


def wait_drawn(page, timeout: float = 60_000) -> None:
    """Wait until the app is idle (:func:`wait_idle`) and every element on the page is drawn.

    Streamlit 1.67 loads the code of each kind of element (markdown, html, metric…) on first use and shows a loading
    skeleton in its place until then; on a busy machine that can last seconds after the script run has ended. A test
    that asserts something is *absent* or *hidden* (which a skeleton also is) waits for this first.
    """
    wait_idle(page, timeout)
    page.wait_for_function(_DRAWN_JS, polling=100, timeout=timeout)


def shot(page, name: str) -> Path:
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def choose_option(page, selectbox, option: str, exact: bool = False, tries: int = 4) -> None:
    """Pick ``option`` in the Streamlit selectbox ``selectbox`` (a locator), and check the box shows it.

    A script run that ends while the list is open re-renders the box and closes the list, so on a busy
    machine the option can vanish between appearing and being clicked. Each try therefore waits for the
    app to be idle, opens the list, clicks with a short timeout, and checks the choice took; a try that
    fails closes the list and starts again.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    from playwright.sync_api import expect

    for _ in range(tries):
        wait_idle(page)
        try:
            selectbox.click(timeout=10_000)
            item = page.get_by_role("option", name=option, exact=exact)
            item.wait_for(state="visible", timeout=5_000)
            item.click(timeout=5_000)
            expect(selectbox.locator("input")).to_have_value(re.compile(re.escape(option)), timeout=10_000)
            return
        except (PlaywrightTimeoutError, AssertionError):
            page.keyboard.press("Escape")
    raise AssertionError(f"{option!r} could not be chosen in {tries} tries")
