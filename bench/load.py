"""Load benchmark: N concurrent real browser sessions on one app server, through a typical demo path.

Usage::

    .venv/bin/python bench/load.py [--sessions 10,30,60] [--ramp 10] [--think 3] [--size 100000] [--ttl SECONDS]
                                   [--waves 2] [--idle-client | --nice-client N] [--pin-server CPUS --pin-client CPUS]
                                   [--no-arena-limit] [--server-env KEY=VALUE] [--trace-memory] [--json]

For each N a fresh server is started as the browser tests start it (``tests/browser/conftest.start_app``;
population of ``--size`` households, the app's default 100,000), with ``MALLOC_ARENA_MAX=2`` as ``make run``
sets it (docs/DEPLOYMENT.md; ``--no-arena-limit`` to compare), and warmed up by one session through the whole
path (the population, the baseline and the pages' modules are loaded once per server). Then N sessions, each a
Playwright context in one Debian Chromium, arrive over ``--ramp`` seconds (staggered, as participants of a demo do) and
each walks the demo path:

1. open the start page with a shared link (``/?lang=en&s=…``); every session gets its own basic-income
   scenario (EUR 300 + 27 × i), so no session profits from another's cached results;
2. go to the workbench (sidebar link) and move two sliders by one step each (basic income amount, then the
   child amount; ArrowRight = +EUR 10): each move is timed in the page from the key's release until the app
   is idle, the net-cost metric shows a new value and every changed chart has been drawn
   (``bench_browser.ARM``, the same watcher as bench/bench_browser.py: ``done_ms``);
3. open the results page, then the households page (sidebar links), each until idle with its charts drawn.

After each step a participant reads the screen for ``--think`` seconds (default 3; 0 makes robots that act the
moment the app is idle).

The load generator runs on the server's machine. One Chromium session through the path takes 7–9 CPU-seconds of
the browser (React, plotly.js, layout) against about 1.1 CPU-seconds of the server, so on a 2-core machine 30
browsers take most of the CPU and starve the server they are measuring. ``--idle-client`` runs the load generator
under SCHED_IDLE (it gets the CPU only when the server does not want it), as if the participants' browsers ran on
their own devices: the server's own latency (its script runs, below) is then its own, and the in-browser figures
include the browsers' wait for CPU. ``--probe`` adds what a participant on their own device would see: the N
sessions' Chromium yields the CPU, and one more participant, in a Chromium of their own at normal priority, moves
sliders on the workbench (one step, ``--think`` seconds of reading, the next) until the N have finished; their
moves' in-browser latency is reported apart. ``--pin-server``/``--pin-client`` split the CPUs instead; ``--nice-client``
only lowers the browsers' priority (with 30 renderer processes at nice 10 the server still got a quarter of a CPU).

The sessions stay open until the last one has finished (so all N are active at once), then all close. Then
``--waves`` − 1 further waves of N new sessions (new scenarios) run on the same server, to tell a leak (memory
grows with every wave) from the allocator's high-water mark (later waves reuse the memory).

Reported: p50/p95/max of input → charts updated over all slider moves; page times; errors (timeouts, exceptions
shown by the app, tracebacks in the server log); server memory (RSS of the streamlit process and its children,
from /proc): before the sessions (after the warm-up), the peak, with all N active, per active session, and
after the sessions closed (at once, and after Streamlit's ``server.disconnectedSessionTTL`` has passed and
the sessions were cleaned up); CPU seconds used by the server, by the browser (the load generator) and by
this script, as shares of the machine (2 cores × wall time), and the machine's load average (other users'
processes slow every figure). Prints figures; asserts nothing.

Targets (issue #7, 2-core machine): 30 concurrent sessions with p95 ≤ 3 s and no errors; server memory growth
≤ 30 MB per active session; memory back near the baseline after the sessions close.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_browser import ARM, pct  # noqa: E402

from tests.browser.conftest import CHROMIUM, start_app  # noqa: E402

PRESET = "basic_income_experiment_560"
# Loaded by the server at start (PYTHONPATH): on SIGUSR1 the server hands freed heap memory back to the OS, so
# the bench can tell memory in use (RSS after the trim) from memory only kept by the allocator (RSS before it).
# It also times every script run on the server (ScriptRunner._run_script, patched once streamlit has imported
# it) and writes the runs (start on the shared monotonic clock, seconds) to runs.json on each SIGUSR1: the
# server's own share of the latency, free of the browser's.
SITECUSTOMIZE = """
import ctypes, json, os, signal, sys, threading, time
_runs = []
def _arvovalinnat_trim(signum, frame):
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    if os.environ.get("ARVOVALINNAT_LOAD_SITE"):
        with open(os.path.join(os.environ["ARVOVALINNAT_LOAD_SITE"], "runs.json"), "w") as f:
            json.dump(list(_runs), f)
signal.signal(signal.SIGUSR1, _arvovalinnat_trim)
def _arvovalinnat_patch():
    name = "streamlit.runtime.scriptrunner.script_runner"
    while not hasattr(sys.modules.get(name), "ScriptRunner"):
        time.sleep(0.05)
    runner = sys.modules[name].ScriptRunner
    original = runner._run_script
    def _timed(self, rerun_data):
        t0 = time.perf_counter()
        try:
            return original(self, rerun_data)
        finally:
            _runs.append((t0, time.perf_counter() - t0))
    runner._run_script = _timed
threading.Thread(target=_arvovalinnat_patch, daemon=True).start()
if os.environ.get("ARVOVALINNAT_LOAD_TRACE"):  # --trace-memory: a tracemalloc snapshot on each SIGUSR2
    import tracemalloc
    tracemalloc.start(12)
    _n = [0]
    def _arvovalinnat_snapshot(signum, frame):
        _n[0] += 1
        tracemalloc.take_snapshot().dump(os.path.join(os.environ["ARVOVALINNAT_LOAD_TRACE"], f"snap{_n[0]}.bin"))
    signal.signal(signal.SIGUSR2, _arvovalinnat_snapshot)
"""
WAIT_MS = 120_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_SIZE = {"width": 1400, "height": 1000}
CLK = os.sysconf("SC_CLK_TCK")
NICE = os.getpriority(os.PRIO_PROCESS, 0)
PAGESIZE = os.sysconf("SC_PAGE_SIZE")


# --- /proc: memory and CPU of process trees -------------------------------------------------------------------
def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree(pid: int, kids: dict[int, list[int]] | None = None) -> set[int]:
    kids = kids if kids is not None else _children()
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        if p not in out:
            out.add(p)
            todo += kids.get(p, [])
    return out


def rss_mb(pids: set[int]) -> float:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGESIZE
        except OSError:
            pass
    return total / 2**20


def cpu_s(pids: set[int]) -> float:
    """User + system CPU seconds of the processes (live ones; their reaped children are included)."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
        except OSError:
            pass
    return total / CLK


class Monitor:
    """Samples the server tree's RSS every 0.5 s (peak and the value at marks), and CPU of server and client."""

    def __init__(self, server_pid: int, trace_dir: str | None = None):
        self.server_pid = server_pid
        self.trace_dir = trace_dir
        self.breakdowns: list[dict] = []
        self.peak = 0.0
        self.samples: list[tuple[float, float]] = []
        self._task = None
        self.t0 = time.perf_counter()

    def server(self) -> set[int]:
        return tree(self.server_pid)

    def client(self) -> set[int]:
        kids = _children()
        return tree(os.getpid(), kids) - tree(self.server_pid, kids)

    def rss(self) -> float:
        return rss_mb(self.server())

    def breakdown(self) -> dict:
        """The server tree's processes (command, RSS MB) and the main process's RSS by kind (smaps_rollup)."""
        procs = []
        for pid in sorted(self.server()):
            try:
                comm = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            procs.append(f"{comm}:{rss_mb({pid}):.0f}")
        kinds = {}
        try:
            for line in Path(f"/proc/{self.server_pid}/smaps_rollup").read_text().splitlines():
                k, _, v = line.partition(":")
                if k in ("Rss", "Anonymous", "Pss_File", "Pss_Shmem", "Pss_Anon"):
                    kinds[k] = round(int(v.split()[0]) / 1024, 1)
        except OSError:
            pass
        try:
            status = Path(f"/proc/{self.server_pid}/status").read_text().splitlines()
            kinds["threads"] = int(next(ln.split()[1] for ln in status if ln.startswith("Threads:")))
        except (OSError, StopIteration):
            pass
        return {"processes": procs, "main_mb": kinds}

    async def rss_pair(self) -> tuple[float, float]:
        """(RSS, RSS after the server trimmed its heap): memory held, and memory in use."""
        held = self.rss()
        os.kill(self.server_pid, signal.SIGUSR1)
        await asyncio.sleep(1.5)
        in_use = self.rss()
        self.breakdowns.append(self.breakdown())
        if self.trace_dir:
            os.kill(self.server_pid, signal.SIGUSR2)
            await asyncio.sleep(8)
        return round(held, 1), round(in_use, 1)

    def cpu(self) -> dict:
        return {"server": cpu_s(self.server()), "client": cpu_s(self.client()), "wall": time.perf_counter()}

    async def run(self):
        while True:
            r = self.rss()
            self.peak = max(self.peak, r)
            self.samples.append((round(time.perf_counter() - self.t0, 1), round(r, 1)))
            await asyncio.sleep(0.5)

    def start(self):
        self._task = asyncio.get_running_loop().create_task(self.run())

    async def stop(self):
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


# --- one session ------------------------------------------------------------------------------------------------
def cpus(spec: str) -> set[int]:
    """CPU numbers from a list like "0" or "1,2-3"."""
    out: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def pin(pid: int, spec: str) -> None:
    """Every thread of ``pid`` onto the CPUs of ``spec`` (threads it starts later inherit the set)."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        os.sched_setaffinity(int(tid), cpus(spec))


def idle(pid: int) -> None:
    """Every thread of ``pid`` under SCHED_IDLE: it runs only when no other process wants the CPU."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            os.sched_setscheduler(int(tid), os.SCHED_IDLE, os.sched_param(0))
        except (ProcessLookupError, PermissionError):
            pass


def scenario_code(i: int) -> str:
    """Session i's own scenario: the basic-income experiment preset with EUR 300 + 27 i (never another's value
    after one or two steps of EUR 10)."""
    from models.presets import load_presets
    from ui.state import encode_scenario

    sc = load_presets()[PRESET].scenario
    bi = sc.basic_income.model_copy(update={"amount": 300.0 + 27.0 * i, "child_amount": 0.0})
    return encode_scenario(sc.model_copy(update={"basic_income": bi, "name": f"load {i}"}))


async def wait_idle(page, timeout: float = WAIT_MS) -> None:
    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    await page.wait_for_timeout(200)
    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


async def charts_drawn(page, timeout: float = WAIT_MS) -> None:
    """Every plotly chart element on the page (outside closed expanders) has been drawn."""
    await page.wait_for_function(
        """() => { const gs = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                     .filter(e => !e.closest('details:not([open])'));
                   return gs.length > 0 && gs.every(e => e.querySelector('.js-plotly-plot .main-svg')); }""",
        timeout=timeout,
        polling=50,  # not every animation frame: 30 pages polling at 60 Hz load the machine
    )


async def nav(page, name: str) -> None:
    await page.locator('[data-testid="stSidebar"]').get_by_role("link", name=name).first.click(timeout=WAIT_MS)


async def open_workbench(page) -> None:
    """Go to the workbench (sidebar link) and wait until it is idle with its decile chart drawn."""
    from ui.i18n import t

    await nav(page, t("nav.workbench", "en"))
    await wait_idle(page)
    await page.wait_for_selector(".st-key-wb-chart-deciles .js-plotly-plot .main-svg", timeout=WAIT_MS)


async def move(page, key: str, label: str) -> dict:
    """Press ArrowRight on the slider ``key`` (one step) and time it in the page (``bench_browser.ARM``)."""
    slider = page.locator(f".st-key-{key.replace('.', '-')} input[type=range]")
    await slider.wait_for(timeout=WAIT_MS)
    for _ in range(20):  # a starved browser may still be re-rendering the page, and lose the focus to it
        await slider.focus(timeout=WAIT_MS)
        await page.evaluate(ARM, label)
        if await slider.evaluate("el => document.activeElement === el"):
            break
        await page.wait_for_timeout(500)
    await page.keyboard.press("ArrowRight")
    r = await page.evaluate("window.__move")
    if r.get("timeout"):
        detail = {k: r.get(k) for k in ("state", "idle", "metric", "before", "now")}
        raise TimeoutError(f"{key}: the app did not settle within 120 s ({detail})")
    return r


async def session(
    i: int, browser, url: str, code: str, delay: float, done: asyncio.Event, labels: dict, out: list, think: float = 0.0
):
    from ui.i18n import t

    await asyncio.sleep(delay)
    rec: dict = {"i": i, "moves": [], "error": None}
    context = await browser.new_context(viewport=PAGE_SIZE, locale="en-GB")
    page = await context.new_page()
    t0 = time.perf_counter()
    step = "start"
    try:
        await page.goto(f"{url}/?lang=en&s={code}", timeout=WAIT_MS)
        await wait_idle(page)
        rec["start_s"] = time.perf_counter() - t0
        await asyncio.sleep(think)  # the participant reads what is on the screen before the next step
        step = "workbench"
        t1 = time.perf_counter()
        await open_workbench(page)
        rec["workbench_s"] = time.perf_counter() - t1
        for key in ("wb.basic_income.amount", "wb.basic_income.child_amount"):
            await asyncio.sleep(think)
            step = key
            rec["moves"].append(await move(page, key, labels["net_cost"]))
        for step in ("results", "households"):
            await asyncio.sleep(think)
            t1 = time.perf_counter()
            await nav(page, t(f"nav.{step}", "en"))
            await wait_idle(page)
            await charts_drawn(page)
            rec[f"{step}_s"] = time.perf_counter() - t1
        rec["exceptions_shown"] = await page.locator('[data-testid="stException"]').count()
        rec["total_s"] = time.perf_counter() - t0 - 5 * think
    except Exception as exc:  # noqa: BLE001 - every failure of a session is a figure of the run
        rec["error"] = f"{step}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    out.append(rec)
    rec["finished_at"] = time.perf_counter()
    await done.wait()  # stay connected until every session has finished
    await context.close()


async def probe(browser, url: str, code: str, labels: dict, think: float, stop: asyncio.Event, out: list) -> None:
    """One more participant, in a Chromium of their own at normal priority (as on their own device), while the N
    sessions use the server: opens the workbench, then moves the basic-income and the child-amount sliders by one
    step in turn, reading ``think`` seconds between moves, until every session has finished its path."""
    context = await browser.new_context(viewport=PAGE_SIZE, locale="en-GB")
    page = await context.new_page()
    try:
        await page.goto(f"{url}/?lang=en&s={code}", timeout=WAIT_MS)
        await wait_idle(page)
        await open_workbench(page)
        k = 0
        while not stop.is_set():
            await asyncio.sleep(think or 0.5)
            key = ("wb.basic_income.amount", "wb.basic_income.child_amount")[k % 2]
            out.append(await move(page, key, labels["net_cost"]))
            k += 1
    except Exception as exc:  # noqa: BLE001 - a failed probe is a figure of the run
        out.append({"error": f"probe: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"})
    finally:
        await context.close()


async def warm_up(browser, url: str, labels: dict) -> dict:
    """One session through the whole path (its own scenario, i = −1) before the clock: the population, the
    baseline and every module the pages import are loaded once per server, as after any first visitor."""
    context = await browser.new_context(viewport=PAGE_SIZE)
    page = await context.new_page()
    await page.goto(f"{url}/?lang=en", timeout=600_000)
    await wait_idle(page, timeout=600_000)  # the population and the baseline are loaded here
    await context.close()
    done, out = asyncio.Event(), []
    done.set()
    await session(-1, browser, url, scenario_code(-1), 0.0, done, labels, out)
    return out[0]


async def after_ttl(browser, url: str, ttl: float) -> None:
    """Streamlit forgets a disconnected session after the TTL, when its session store is next used: wait the
    TTL, then one new visitor opens the start page (as the next workshop's first would)."""
    await asyncio.sleep(ttl + 10)
    context = await browser.new_context(viewport=PAGE_SIZE)
    page = await context.new_page()
    await page.goto(f"{url}/?lang=en", timeout=WAIT_MS)
    await wait_idle(page)
    await context.close()
    await asyncio.sleep(3)


def server_env(args, site: Path) -> dict[str, str]:
    """The server's environment: population size, the load site (sitecustomize) on PYTHONPATH, the allocator,
    ``--server-env``, memory tracing and the disconnected-session TTL."""
    env = {
        "ARVOVALINNAT_POPULATION_SIZE": str(args.size),
        "ARVOVALINNAT_LOAD_SITE": str(site),
        "PYTHONPATH": os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p),
    }
    if args.arena_limit:  # as `make run` starts the app (docs/DEPLOYMENT.md)
        env["MALLOC_ARENA_MAX"] = "2"
    env.update(kv.split("=", 1) for kv in args.server_env)
    if args.trace_memory:
        env["ARVOVALINNAT_LOAD_TRACE"] = str(site)
    if args.ttl is not None:
        env["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"] = str(args.ttl)
    return env


def share_cpu(server_pid: int, args) -> None:
    """``--pin-server``, ``--pin-client``, ``--idle-client`` and ``--nice-client``: who gets which CPU time."""
    if args.pin_server:
        pin(server_pid, args.pin_server)
    if args.pin_client:
        pin(os.getpid(), args.pin_client)  # before Playwright starts its driver and Chromium: they inherit it
    if args.idle_client and not args.probe:  # the load generator runs only when the server does not want the CPU
        idle(os.getpid())  # (Playwright's driver and Chromium inherit it)
    if args.nice_client:  # the load generator (this thread, so the Chromium it starts) yields the CPU to the server
        os.setpriority(os.PRIO_PROCESS, server_pid, NICE)
        os.setpriority(os.PRIO_PROCESS, 0, min(19, NICE + args.nice_client))


def run_settings(n: int, args, ttl: float) -> dict:
    """The run's settings, the first entries of its figures."""
    return {
        "sessions": n,
        "ramp_s": args.ramp,
        "size": args.size,
        "disconnected_session_ttl_s": ttl,
        "client_nice": args.nice_client,
        "client_idle": args.idle_client or args.probe,
        "think_s": args.think,
        "pin_server": args.pin_server,
        "pin_client": args.pin_client,
        "server_env": ([] if not args.arena_limit else ["MALLOC_ARENA_MAX=2"]) + args.server_env,
    }


async def launch_browsers(p, args) -> tuple:
    """The sessions' Chromium, and with ``--probe`` the probe's own (the sessions' one under SCHED_IDLE)."""
    before = tree(os.getpid())
    browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    probe_browser = None
    if args.probe:  # the N sessions' Chromium yields the CPU; the probe's (launched next) does not
        for pid in tree(os.getpid()) - before:
            idle(pid)  # its zygote too: the renderers it forks later inherit the policy
        probe_browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    return browser, probe_browser


async def warm_up_server(browser, url: str, labels: dict, mon: Monitor, out: dict) -> None:
    """The warm-up session, then the server's memory and the machine's load before the sessions."""
    t_warm = time.perf_counter()
    warm = await warm_up(browser, url, labels)
    out["warm_up_s"] = round(time.perf_counter() - t_warm, 1)
    if warm["error"]:
        raise RuntimeError(f"the warm-up session failed: {warm['error']}")
    await asyncio.sleep(3)
    out["rss_before_mb"], out["rss_before_in_use_mb"] = await mon.rss_pair()
    out["load_average_before"] = round(os.getloadavg()[0], 2)


def start_wave(
    n: int, browser, url: str, codes: list[str], args, labels: dict, done: asyncio.Event, recs: list[dict]
) -> list[asyncio.Task]:
    """N sessions arriving over ``--ramp`` seconds, session i with ``codes[i]``; each appends its record to
    ``recs`` and stays connected until ``done`` is set."""
    return [
        asyncio.create_task(
            session(i, browser, url, codes[i], args.ramp * i / max(n, 1), done, labels, recs, args.think)
        )
        for i in range(n)
    ]


async def until_finished(recs: list[dict], n: int) -> None:
    while len(recs) < n:
        await asyncio.sleep(0.25)


@dataclass
class Wave:
    """The measured first wave: the sessions' records, the probe's moves, CPU at its start and end, and the
    durations (s) of the script runs the server timed in between."""

    recs: list[dict]
    probe_moves: list[dict]
    cpu0: dict
    cpu1: dict
    active: list[float]


async def first_wave(
    n: int, browsers: tuple, url: str, codes: list[str], args, labels: dict, mon: Monitor, site: Path, out: dict
) -> Wave:
    """The N sessions (and the probe) with the clock running; memory with all N active, then after they closed
    and after the TTL."""
    browser, probe_browser = browsers
    mon.start()
    cpu0 = mon.cpu()
    done = asyncio.Event()
    recs: list[dict] = []
    tasks = start_wave(n, browser, url, codes, args, labels, done, recs)
    probe_stop, probe_moves = asyncio.Event(), []
    if args.probe:
        tasks.append(
            asyncio.create_task(
                probe(probe_browser, url, scenario_code(-2), labels, args.think, probe_stop, probe_moves)
            )
        )
    await until_finished(recs, n)
    probe_stop.set()
    await asyncio.sleep(1.0)
    cpu1 = mon.cpu()
    out["rss_all_active_mb"], out["rss_all_active_in_use_mb"] = await mon.rss_pair()
    runs = json.loads((site / "runs.json").read_text()) if (site / "runs.json").exists() else []
    active = sorted(d for t0, d in runs if cpu0["wall"] <= t0 <= cpu1["wall"])
    done.set()
    await asyncio.gather(*tasks)
    await asyncio.sleep(5)
    out["rss_after_close_mb"], out["rss_after_close_in_use_mb"] = await mon.rss_pair()
    await after_ttl(browser, url, out["disconnected_session_ttl_s"])
    out["rss_after_ttl_mb"], out["rss_after_ttl_in_use_mb"] = await mon.rss_pair()
    return Wave(recs, probe_moves, cpu0, cpu1, active)


async def later_waves(n: int, browser, url: str, args, labels: dict, mon: Monitor, out: dict) -> None:
    """Further waves of n new sessions (new scenarios) on the same server: does memory keep growing (a leak) or
    is the first wave's memory reused (the allocator's high-water mark)?"""
    out["waves_in_use_after_ttl_mb"] = [out["rss_after_ttl_in_use_mb"]]
    for w in range(1, args.waves):
        done, more = asyncio.Event(), []
        tasks = start_wave(n, browser, url, [scenario_code(i + w * n) for i in range(n)], args, labels, done, more)
        await until_finished(more, n)
        done.set()
        await asyncio.gather(*tasks)
        out.setdefault("waves_errors", []).append(sum(1 for r in more if r["error"]))
        await after_ttl(browser, url, out["disconnected_session_ttl_s"])
        out["waves_in_use_after_ttl_mb"].append((await mon.rss_pair())[1])


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def latency_figures(wave: Wave, tracebacks: int, probe_errors: int) -> dict:
    """Latency and errors of the first wave: the server's script runs, the slider moves, the pages."""
    recs, active = wave.recs, wave.active
    moves = [m for r in recs for m in r["moves"]]
    done_ms = [m["done_ms"] for m in moves]
    idle_ms = [m["idle_ms"] for m in moves]
    errors = [r["error"] for r in recs if r["error"]]
    exceptions_shown = sum(r.get("exceptions_shown", 0) for r in recs)
    return {
        "server_runs": len(active),
        "server_run_p50_ms": round(1000 * statistics.median(active)) if active else None,
        "server_run_p95_ms": round(1000 * pct(active, 95)) if active else None,
        "server_run_max_ms": round(1000 * max(active)) if active else None,
        "moves": len(moves),
        "p50_ms": round(statistics.median(done_ms)) if done_ms else None,
        "p95_ms": round(pct(done_ms, 95)) if done_ms else None,
        "max_ms": round(max(done_ms)) if done_ms else None,
        "script_run_end_p50_ms": round(statistics.median(idle_ms)) if idle_ms else None,
        "script_run_end_p95_ms": round(pct(idle_ms, 95)) if idle_ms else None,
        "errors": len(errors) + exceptions_shown + tracebacks + probe_errors,
        "sessions_failed": len(errors),
        "error_list": errors[:10],
        "exceptions_shown": exceptions_shown,
        "server_log_tracebacks": tracebacks,
        "page_s": {
            k: {"p50": round(statistics.median(v), 2), "p95": round(pct(v, 95), 2)}
            for k in ("start_s", "workbench_s", "results_s", "households_s", "total_s")
            if (v := [r[k] for r in recs if k in r])
        },
    }


def probe_figures(probe_moves: list[dict]) -> dict:
    """The probe's slider moves: how many, their errors, p50/p95/max of input → charts updated."""
    pm = [m["done_ms"] for m in probe_moves if "done_ms" in m]
    return {
        "probe_moves": len(pm),
        "probe_errors": [m["error"] for m in probe_moves if "error" in m],
        "probe_p50_ms": round(statistics.median(pm)) if pm else None,
        "probe_p95_ms": round(pct(pm, 95)) if pm else None,
        "probe_max_ms": round(max(pm)) if pm else None,
    }


def add_figures(out: dict, n: int, wave: Wave, mon: Monitor, tracebacks: int, args, site: Path) -> None:
    """The run's figures, after its memory marks in ``out``: latency, errors, CPU, memory growth per session."""
    if args.probe:
        out.update(probe_figures(wave.probe_moves))
    wall = wave.cpu1["wall"] - wave.cpu0["wall"]
    out.update(latency_figures(wave, tracebacks, len(out.get("probe_errors", []))))
    out.update(
        {
            "active_phase_s": round(wall, 1),
            "cpu_s": {
                "server": round(wave.cpu1["server"] - wave.cpu0["server"], 1),
                "client": round(wave.cpu1["client"] - wave.cpu0["client"], 1),
                "available": round(wall * os.cpu_count(), 1),
            },
            "load_average_after": round(os.getloadavg()[0], 2),
        }
    )
    c = out["cpu_s"]
    out["cpu_share"] = {
        "server": round(c["server"] / c["available"], 2),
        "client": round(c["client"] / c["available"], 2),
    }
    out["rss_growth_per_session_mb"] = round((out["rss_all_active_mb"] - out["rss_before_mb"]) / n, 2)
    out["in_use_growth_per_session_mb"] = round((out["rss_all_active_in_use_mb"] - out["rss_before_in_use_mb"]) / n, 2)
    out["rss_peak_growth_per_session_mb"] = round((out["rss_peak_mb"] - out["rss_before_mb"]) / n, 2)
    out["rss_samples"] = mon.samples[:: max(1, len(mon.samples) // 60)]
    out["server_breakdown"] = dict(
        zip(("before", "all_active", "after_close", "after_ttl"), mon.breakdowns, strict=False)
    )
    if args.trace_memory:
        out["traced_growth"] = traced_growth(site, n)


async def run_n(n: int, args) -> dict:
    """One server, n concurrent sessions through the demo path (and ``--waves`` − 1 more waves): its figures."""
    from playwright.async_api import async_playwright

    from ui.i18n import t

    site = Path(tempfile.mkdtemp(prefix="arvovalinnat-load-"))
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = server_env(args, site)
    ttl = args.ttl if args.ttl is not None else 120
    codes = [scenario_code(i) for i in range(n)]
    proc, url = start_app(env, timeout=600)
    share_cpu(proc.pid, args)
    out = run_settings(n, args, ttl)
    try:
        mon = Monitor(proc.pid, str(site) if args.trace_memory else None)
        async with async_playwright() as p:
            browsers = await launch_browsers(p, args)
            labels = {"net_cost": t("metric.net_cost", "en")}
            await warm_up_server(browsers[0], url, labels, mon, out)
            wave = await first_wave(n, browsers, url, codes, args, labels, mon, site, out)
            await later_waves(n, browsers[0], url, args, labels, mon, out)
            await browsers[0].close()
        await mon.stop()
        out["rss_peak_mb"] = round(mon.peak, 1)
    finally:
        stop_server(proc)
    log = ROOT / "test-output" / f"streamlit-{url.rsplit(':', 1)[1]}.log"  # as start_app names it
    tracebacks = log.read_text(errors="replace").count("Traceback") if log.exists() else 0
    add_figures(out, n, wave, mon, tracebacks, args, site)
    return out


def traced_growth(site: Path, n: int, top: int = 15) -> dict:
    """What the server allocated between the snapshots (before → all active → after the TTL), by source line."""
    import tracemalloc

    files = [site / f"snap{i}.bin" for i in (1, 2, 4)]
    snaps = [tracemalloc.Snapshot.load(str(file)) for file in files if file.exists()]
    out = {}
    for name, (a, b) in {"active_vs_before": (0, 1), "after_ttl_vs_before": (0, 2)}.items():
        if len(snaps) <= b:
            continue
        diff = snaps[b].compare_to(snaps[a], "traceback")
        out[name] = {
            "total_mb": round(sum(d.size_diff for d in diff) / 2**20, 1),
            "top": [
                {
                    "mb": round(d.size_diff / 2**20, 2),
                    "count": d.count_diff,
                    "where": [
                        f"{f.filename.split('site-packages/')[-1].replace(str(ROOT) + '/', '')}:{f.lineno}"
                        for f in d.traceback[-6:]
                    ],
                }
                for d in diff[:top]
            ],
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", default="10,30,60", help="numbers of concurrent sessions, comma-separated")
    ap.add_argument("--ramp", type=float, default=10.0, help="the sessions arrive over this many seconds")
    ap.add_argument("--size", default=os.environ.get("ARVOVALINNAT_POPULATION_SIZE", "100000"), help="households")
    ap.add_argument(
        "--ttl", type=int, default=None, help="server.disconnectedSessionTTL for the run (default: the app's, 120 s)"
    )
    ap.add_argument(
        "--nice-client",
        type=int,
        default=0,
        metavar="N",
        help="run the load generator (this script and its Chromium) N steps nicer than the server, so that "
        "on a small machine the browser takes less of the server's CPU (e.g. 10)",
    )
    ap.add_argument(
        "--think",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="a participant's pause after each step of the path before the next (reading the screen; "
        "0 = a robot that acts the moment the app is idle)",
    )
    ap.add_argument(
        "--idle-client",
        action="store_true",
        help="run the load generator under SCHED_IDLE: it gets the CPU only when the server does not "
        "want it, as if the participants' browsers ran on their own devices (the server's latency is "
        "then its own; the browsers' end-to-end figures include their wait for CPU)",
    )
    ap.add_argument(
        "--probe",
        action="store_true",
        help="the N sessions' browser under SCHED_IDLE, plus one participant in a Chromium of their own "
        "at normal priority who moves sliders until the N have finished: the in-browser latency a "
        "participant on their own device sees while N others use the server",
    )
    ap.add_argument(
        "--pin-server",
        default="",
        metavar="CPUS",
        help='run the server on these CPUs only (e.g. "0"), so that the load generator cannot take its CPU time',
    )
    ap.add_argument(
        "--pin-client",
        default="",
        metavar="CPUS",
        help='run the load generator (this script, Playwright and Chromium) on these CPUs only (e.g. "1")',
    )
    ap.add_argument(
        "--no-arena-limit",
        dest="arena_limit",
        action="store_false",
        help="start the server without MALLOC_ARENA_MAX=2 (glibc's default: 8 arenas per core)",
    )
    ap.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an environment variable for the server (e.g. MALLOC_ARENA_MAX=2); repeatable",
    )
    ap.add_argument(
        "--waves",
        type=int,
        default=2,
        help="waves of N sessions on the same server (memory after each; latency from the first)",
    )
    ap.add_argument(
        "--trace-memory",
        action="store_true",
        help="trace the server's allocations (tracemalloc; slow) and print what grew per session",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing (apt-get install chromium)")
    (ROOT / "test-output").mkdir(exist_ok=True)
    results = []
    for n in (int(s) for s in args.sessions.split(",")):
        r = asyncio.run(run_n(n, args))
        results.append(r)
        if not args.json:
            report(r)
    (ROOT / "test-output" / "load.json").write_text(json.dumps(results, indent=1))
    if args.json:
        print(json.dumps(results))


def report(r: dict) -> None:
    n = r["sessions"]
    pinned = (
        f"; server on CPU {r['pin_server'] or 'any'}, load generator on CPU {r['pin_client'] or 'any'}"
        if r.get("pin_server") or r.get("pin_client")
        else ""
    )
    pinned += "; load generator under SCHED_IDLE" if r.get("client_idle") else ""
    pinned += f"; load generator nice +{r['client_nice']}" if r.get("client_nice") else ""
    print(
        f"\n{n} sessions arriving over {r['ramp_s']} s, {r.get('think_s', 0)} s of reading after each step{pinned}, "
        f"population {r['size']} households, server env {r['server_env']} "
        f"(load average {r['load_average_before']} → {r['load_average_after']}; warm-up {r['warm_up_s']} s)"
    )
    print(
        f"  input → charts updated over {r['moves']} slider moves: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, "
        f"max {r['max_ms']} ms (target p95 ≤ 3000 ms); script run ended: p50 {r['script_run_end_p50_ms']} ms, "
        f"p95 {r['script_run_end_p95_ms']} ms"
    )
    if "probe_moves" in r:
        print(
            f"  one more participant in a browser of their own (normal priority), {r['probe_moves']} slider moves "
            f"while the {n} "
            f"sessions ran: p50 {r['probe_p50_ms']} ms, p95 {r['probe_p95_ms']} ms, max {r['probe_max_ms']} ms "
            f"(target p95 ≤ 3000 ms){' errors: ' + str(r['probe_errors']) if r['probe_errors'] else ''}"
        )
    print(
        f"  on the server, {r['server_runs']} script runs took p50 {r['server_run_p50_ms']} ms, "
        f"p95 {r['server_run_p95_ms']} ms, max {r['server_run_max_ms']} ms "
        "(from a run's start to its end, engine queue included; not the browser's part)"
    )
    print(
        "  pages (s, p50/p95): "
        + ", ".join(f"{k.removesuffix('_s')} {v['p50']}/{v['p95']}" for k, v in r["page_s"].items())
    )
    print(
        f"  errors: {r['errors']} (sessions failed: {r['sessions_failed']}, "
        f"exceptions shown: {r['exceptions_shown']}, "
        f"server tracebacks: {r['server_log_tracebacks']}) {r['error_list'][:3]}"
    )
    print(
        f"  server RSS (held / in use after a heap trim): "
        f"before {r['rss_before_mb']} / {r['rss_before_in_use_mb']} MB, "
        f"all {n} active {r['rss_all_active_mb']} / {r['rss_all_active_in_use_mb']} MB, peak {r['rss_peak_mb']} MB"
    )
    print(
        f"  growth per active session: {r['rss_growth_per_session_mb']} MB held, "
        f"{r['in_use_growth_per_session_mb']} MB in use "
        f"(peak {r['rss_peak_growth_per_session_mb']} MB; target ≤ 30 MB)"
    )
    print(
        f"  after the sessions closed: {r['rss_after_close_mb']} / {r['rss_after_close_in_use_mb']} MB at once; "
        f"{r['rss_after_ttl_mb']} / {r['rss_after_ttl_in_use_mb']} MB after the disconnected-session TTL "
        f"({r['disconnected_session_ttl_s']} s) and one new visit"
    )
    if len(r.get("waves_in_use_after_ttl_mb", [])) > 1:
        print(
            f"  in use after each wave of {n} sessions had closed: {r['waves_in_use_after_ttl_mb']} MB "
            f"(errors in the later waves: {r.get('waves_errors')})"
        )
    for name, growth in r.get("traced_growth", {}).items():  # --trace-memory
        print(f"  traced Python allocations, {name.replace('_', ' ')}: {growth['total_mb']:+} MB; largest:")
        for d in growth["top"][:8]:
            print(f"    {d['mb']:+8.2f} MB {d['count']:+8d} objects  {' < '.join(reversed(d['where'][-3:]))}")
    c, s = r["cpu_s"], r["cpu_share"]
    print(
        f"  CPU over the active phase ({r['active_phase_s']} s, {c['available']} core-s available): "
        f"server {c['server']} s "
        f"({s['server']:.0%}), browser + this script (load generator) {c['client']} s ({s['client']:.0%})"
    )


if __name__ == "__main__":
    main()
