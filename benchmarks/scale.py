"""How the build scales: synthetic corpora of 10, 100 and 1,000 captures, measured.

    .venv/bin/python benchmarks/scale.py [--sizes 10 100 1000] [--browser] [--keep DIR]

For each size, a copy of the project (code, rules, editorial files, hand-written pages) gets
that many captures: the three real seeds plus captures recombined from their paragraphs
(benchmarks/corpus.py; no network). Then it measures, each in a fresh process:

- cold generation: `python -m build_scripts build` with no build cache;
- a no-op rebuild, and rebuilds after one capture changed: a paragraph appended that names
  nothing, or one that names glossary entries and gives a date (each the median of 3 runs);
- peak memory: the largest total memory (Pss) of the build's process tree, sampled every 50 ms;
- the site: `python -m build_scripts site` (`mkdocs build --strict`, the search fix, the offline zip);
- the whole search index's size per variant (the offline copy's), the hosted site's chunked
  index (its shard files), and an article page's size (median and largest);
- with --browser, in headless Chromium: how long the first search results take to appear
  when a reader types a query at once after opening the home page, and once the index is ready.

It prints one table, and the goals of issue 8 with whether each is met. Timing goals live here,
not in the unit tests.
"""
from __future__ import annotations

import argparse
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import capture_name, write_corpus  # noqa: E402

# What a maintainer's checkout holds, minus everything generated or installed.
_SKIP = {".git", ".venv", "site", "site.new", "site.old", "dist", "node_modules", ".cache", "__pycache__",
         ".pytest_cache", ".hypothesis", "seeds"}
GOALS = {"cold": 60.0, "incremental": 2.0, "memory_mb": 2048, "search": 1.0}
QUERY, QUERY_AGAIN = "孙正义", "黄仁勋"
REPEATS = 3     # timed runs of each rebuild; the table shows their median
# The changes to one capture: a paragraph appended that names nothing (its words need no new
# part-of-speech cut), and one that names glossary entries and gives a date, as a re-captured
# article with a new paragraph would.
PLAIN_PARAGRAPH = "一段新加的文字,用来测量增量生成({number})。"
NAMES_PARAGRAPH = ("孙正义与黄仁勋2025年11月{number}日在东京会面,讨论了软银对英伟达芯片的投资,"
                   "双方表示将在美国建设新的工厂。")
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str = ""


@dataclass
class Row:
    size: int
    corpus_mb: float
    articles: int = 0
    cold: Run | None = None
    noop: Run | None = None
    incremental: Run | None = None
    incremental_names: Run | None = None
    mkdocs: Run | None = None
    index_mb: dict[str, float] = field(default_factory=dict)
    page_kb: tuple[float, float] = (0.0, 0.0)
    search_cold: float | None = None
    search_warm: float | None = None


def copy_project(target: Path) -> None:
    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in _SKIP} if Path(folder) == ROOT else {n for n in names if n == "__pycache__"}
    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)


def measure(command: list[str], cwd: Path, sample_memory: bool = True) -> Run:
    """Run a command; its wall time and (when sampled) the peak of its process tree's total memory.
    Sampling reads /proc every 50 ms, which takes some of the two cores from the command."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    output = process.communicate()[0].decode("utf-8", "replace")
    seconds = time.perf_counter() - start
    if sample_memory:
        sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{output[-3000:]}")
    return Run(seconds, peak[0] / 1024, output)


def median_run(change, command: list[str], cwd: Path) -> Run:
    """The median of REPEATS timed runs, each after change(run number); the first run is also
    sampled for memory (and not timed: the sampling slows it)."""
    change(0)
    runs = [measure(command, cwd)]
    timed = []
    for number in range(1, REPEATS + 1):
        change(number)
        timed.append(measure(command, cwd, sample_memory=False))
    middle = sorted(timed, key=lambda run: run.seconds)[len(timed) // 2]
    return Run(middle.seconds, runs[0].peak_mb, middle.output)


def append(capture: Path, paragraph: str, number: int) -> None:
    with capture.open("a", encoding="utf-8") as handle:
        handle.write("\n" + paragraph.format(number=number) + "\n")


def tree_rss_kb(pid: int) -> int:
    """Memory of a process and all its descendants (Linux /proc): the sum of their proportional set
    sizes (Pss), so pages a forked worker shares with its parent are counted once, not twice."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _pss_kb(current)
        stack.extend(children.get(current, []))
    return total


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def index_sizes(site: Path) -> dict[str, float]:
    """The whole search index's size (MB), and the part of it each variant's pages take. The
    whole index is the offline copy's search/search_index.js (`var __index = ` and the JSON): on
    the hosted site search_index.json is the chunked index's manifest (build_scripts/search_index.py)."""
    index_file = site / "search" / "search_index.js"
    text = index_file.read_text(encoding="utf-8")
    data = json.loads(text.removeprefix("var __index = "))
    sizes = {"whole file": len(text.removeprefix("var __index = ").encode("utf-8")) / 1e6}
    for name, belongs in (("Simplified", lambda loc: not loc.startswith("zh-Hant/")),
                          ("Traditional", lambda loc: loc.startswith("zh-Hant/"))):
        docs = [d for d in data["docs"] if belongs(d["location"])]
        sizes[name] = len(json.dumps(docs, ensure_ascii=False).encode("utf-8")) / 1e6
    shards = [p for p in (site / "search" / "shards").glob("*.json")]
    sizes["shards"] = sum(p.stat().st_size for p in shards) / 1e6
    sizes["shard files"] = len(shards)
    return sizes


def page_sizes(site: Path) -> tuple[float, float]:
    sizes = [p.stat().st_size / 1024 for p in (site / "articles").glob("*.html")]
    return (statistics.median(sizes), max(sizes)) if sizes else (0.0, 0.0)


def search_times(site: Path) -> tuple[float, float]:
    """Seconds until the first result shows: typed as soon as the home page has loaded (the index
    is still being fetched and built), and typed on a page whose index is ready."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + "index.html", wait_until="load")
        first = _time_query(page, QUERY)
        page.wait_for_timeout(1000)
        ready = _time_query(page, QUERY_AGAIN)
        browser.close()
    return first, ready


@contextmanager
def serve(directory: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


# The answer to the query just typed: new result items, or at least a new result line ("no
# results", or Material keeping the items of an earlier query that found the same pages).
_NEW_RESULTS_JS = """([query, before]) => {
  const meta = document.querySelector('.md-search-result__meta');
  return document.querySelector('input.md-search__input').value === query &&
    (document.querySelector('.md-search-result__item:not([hidden]):not([data-old])') !== null ||
     (meta !== null && meta.textContent !== before));
}"""


def _time_query(page, query: str) -> float:
    page.click("input.md-search__input")
    page.keyboard.press("Control+A")        # typed over the last query
    before = page.evaluate("""() => { document.querySelectorAll('.md-search-result__item')
                                        .forEach(i => i.dataset.old = 1);
                                      const meta = document.querySelector('.md-search-result__meta');
                                      return meta ? meta.textContent : ''; }""")
    start = time.perf_counter()
    page.keyboard.type(query)
    # Typed Chinese arrives as text input with no key events; Material searches on keyup (an
    # input method's commit gives one), so a key is pressed as a reader's IME would.
    page.keyboard.press("End")
    page.wait_for_function(_NEW_RESULTS_JS, arg=[query, before], timeout=300_000, polling=20)
    return time.perf_counter() - start


def bench(size: int, work: Path, browser: bool, python: str) -> Row:
    project = work / f"corpus-{size}"
    copy_project(project)
    captures = write_corpus(project, size, ROOT / "seeds")
    row = Row(size, sum(p.stat().st_size for p in captures) / 1e6)
    build = [python, "-m", "build_scripts", "build"]
    row.cold = measure(build, project)
    row.articles = int(row.cold.output.split(" articles")[0].split()[-1])
    changed = project / "seeds" / capture_name(size // 2)
    if not changed.exists():
        changed = captures[-1]
    row.noop = median_run(lambda number: None, build, project)
    row.incremental = median_run(partial(append, changed, PLAIN_PARAGRAPH), build, project)
    row.incremental_names = median_run(partial(append, changed, NAMES_PARAGRAPH), build, project)
    site = project / "site"
    row.mkdocs = measure([python, "-m", "build_scripts", "site"], project)
    row.index_mb = index_sizes(site)
    row.page_kb = page_sizes(site)
    if browser:
        row.search_cold, row.search_warm = search_times(site)
    return row


def print_table(rows: list[Row]) -> None:
    def seconds(run: Run | None) -> str:
        return "-" if not run else f"{run.seconds:.2f}" if run.seconds < 10 else f"{run.seconds:.1f}"

    header = ["captures", "corpus MB", "articles", "cold gen s", "no-op s", "1 changed s", "(names) s", "gen peak MB",
              "mkdocs s", "mkdocs peak MB", "index MB (简/繁)", "shards MB (files)", "article KB (median/max)", "search s (first/ready)"]
    lines = [header]
    for r in rows:
        search = f"{r.search_cold:.2f} / {r.search_warm:.2f}" if r.search_cold is not None else "-"
        lines.append([str(r.size), f"{r.corpus_mb:.1f}", str(r.articles), seconds(r.cold), seconds(r.noop),
                      seconds(r.incremental), seconds(r.incremental_names),
                      f"{max(r.cold.peak_mb, r.incremental.peak_mb, r.incremental_names.peak_mb):.0f}", seconds(r.mkdocs),
                      f"{r.mkdocs.peak_mb:.0f}",
                      f"{r.index_mb['whole file']:.1f} ({r.index_mb['Simplified']:.1f}/{r.index_mb['Traditional']:.1f})",
                      f"{r.index_mb['shards']:.1f} ({r.index_mb['shard files']:.0f})",
                      f"{r.page_kb[0]:.0f} / {r.page_kb[1]:.0f}", search])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for number, line in enumerate(lines):
        print(" | ".join(cell.rjust(width) for cell, width in zip(line, widths)))
        if number == 0:
            print("-|-".join("-" * width for width in widths))


def print_goals(rows: list[Row]) -> None:
    largest = max(rows, key=lambda r: r.size)
    checks = [
        (f"cold generation at {largest.size} under {GOALS['cold']:.0f} s", largest.cold.seconds, GOALS["cold"]),
        (f"one changed capture at {largest.size} under {GOALS['incremental']:.0f} s", largest.incremental.seconds,
         GOALS["incremental"]),
        (f"one changed capture, its new paragraph naming entries, at {largest.size} under "
         f"{GOALS['incremental']:.0f} s", largest.incremental_names.seconds, GOALS["incremental"]),
        (f"peak memory at {largest.size} under {GOALS['memory_mb']} MB",
         max(largest.cold.peak_mb, largest.mkdocs.peak_mb), GOALS["memory_mb"]),
        ("generation no more than half of mkdocs build", largest.cold.seconds, largest.mkdocs.seconds / 2),
    ]
    if largest.search_cold is not None:
        checks.append((f"first search results at {largest.size} under {GOALS['search']:.0f} s",
                       largest.search_cold, GOALS["search"]))
    print()
    for label, value, limit in checks:
        print(f"{'met    ' if value <= limit else 'NOT MET'}  {label}: {value:.2f} (limit {limit:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--browser", action="store_true", help="also time the first search results in Chromium")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="digest-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; corpora in {work}", flush=True)
    rows = []
    try:
        for size in args.sizes:
            rows.append(bench(size, work, args.browser, python))
            print(f"  {size} captures done", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print_table(rows)
    print_goals(rows)


if __name__ == "__main__":
    main()
