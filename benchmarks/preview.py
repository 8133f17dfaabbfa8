"""How soon the preview shows an editor's change: `python -m build_scripts serve` on a synthetic
corpus, watched in headless Chromium.

    .venv/bin/python benchmarks/preview.py [--size 1000] [--keep DIR]

In a copy of the project with `size` captures (benchmarks/corpus.py), it builds docs/ and site/
(timed: the full build an editor would otherwise wait for), starts the preview, opens the page an
edit changes, makes the edit, and times how long the new text takes to appear in the open page
(the server reloads it). The edits are those an editor makes: a paragraph appended to a capture
(one naming no entry, one naming four entries and giving a date), a sidecar's title, a glossary
entry's description and one of our translations. Each is timed REPEATS times; the table shows
the median, and the preview's own account of the last one (regeneration, the pages shown first,
the other changed pages rendered after the reload).

Timing goals live here, not in the unit tests.
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import capture_name, write_corpus  # noqa: E402
from scale import CHROMIUM, NAMES_PARAGRAPH, PLAIN_PARAGRAPH, ROOT, copy_project, measure  # noqa: E402

GOAL_SECONDS = 3.0
REPEATS = 3
SEED_ARTICLE = "masayoshi-son-trump-industrial-parks"       # seeds/000's article, with sidecar and translations
SIDECAR = "editorial/captures/000_b30b6e6a77daa84b.yaml"
TRANSLATIONS = f"editorial/translations/{SEED_ARTICLE}.yaml"
ENTRY = "15th-five-year-plan"


@dataclass
class Edit:
    label: str
    page: str                   # the page that shows it, under the site
    apply: object               # apply(project, marker) -> None


def _append(name: str, paragraph: str):
    def apply(project: Path, marker: str) -> None:
        with (project / "seeds" / name).open("a", encoding="utf-8") as out:
            out.write("\n" + paragraph.format(number=marker) + "\n")
    return apply


def _replace(path: str, pattern: str, replacement: str):
    def apply(project: Path, marker: str) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        changed, count = re.subn(pattern, replacement.format(marker=marker), text, count=1, flags=re.M)
        if count != 1:
            raise SystemExit(f"{path}: no line matches {pattern!r}")
        file.write_text(changed, encoding="utf-8")
    return apply


def edits(project: Path, size: int) -> list[Edit]:
    changed = capture_name(size // 2)
    slug = _slug_of(project, changed)
    return [
        Edit("capture: a paragraph naming nothing", f"articles/{slug}.html", _append(changed, PLAIN_PARAGRAPH)),
        Edit("capture: a paragraph naming four entries, with a date", f"articles/{slug}.html",
             _append(changed, NAMES_PARAGRAPH)),
        Edit("sidecar: an article's English title", f"articles/{SEED_ARTICLE}.html",
             _replace(SIDECAR, r'^(      en: ")Masayoshi Son[^"]*"', r'\1Masayoshi Son plan, take {marker}"')),
        Edit("glossary: an entry's English description", f"glossary/{ENTRY}.html",
             _replace(f"editorial/glossary/{ENTRY}.yaml", r'^(  en: ")(?:\(take \d+\) )?China\'s',
                      r"\1(take {marker}) China's")),
        Edit("translation: one block's English", f"articles/{SEED_ARTICLE}.html",
             _replace(TRANSLATIONS, r'^(    en: ")(?:\(take \d+\) )?President Trump',
                      r"\1(take {marker}) President Trump")),
    ]


def _slug_of(project: Path, capture: str) -> str:
    registry = (project / "editorial" / "slugs.yaml").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(capture)}:\n  1: (\S+)$", registry, re.M)
    if not match:
        raise SystemExit(f"{capture} is not in editorial/slugs.yaml")
    return match.group(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python -m build_scripts serve` in the background, its output in a file."""

    def __init__(self, project: Path, python: str):
        self.port = free_port()
        self.log = project / "serve.log"
        self.process = subprocess.Popen(
            [python, "-m", "build_scripts", "serve", "--port", str(self.port)], cwd=project,
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONHASHSEED="0"))
        self.wait_for("Serving the preview", timeout=1800)

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()

    def wait_for(self, text: str, timeout: float, after: int = 0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines()[after:]:
                if text in line:
                    return line
            if self.process.poll() is not None:
                raise SystemExit("the preview stopped:\n" + "\n".join(self.lines()[-30:]))
            time.sleep(0.05)
        raise SystemExit(f"the preview did not say {text!r} in {timeout} s:\n" + "\n".join(self.lines()[-30:]))

    def settle(self, after: int, quiet: float = 3.0) -> None:
        """Wait until the round that began after line `after` is over: the rest of the digest
        regenerated when the round made the edited pages alone, else `quiet` seconds of silence."""
        round_line = self.wait_for(" changed: ", timeout=300, after=after)
        if "docs/ regenerated" not in round_line:
            self.wait_for("The rest of the digest", timeout=600, after=after)
        count, since = len(self.lines()), time.monotonic()
        while time.monotonic() - since < quiet:
            time.sleep(0.2)
            if len(self.lines()) != count:
                count, since = len(self.lines()), time.monotonic()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def time_edit(page, server: Server, project: Path, edit: Edit, number: int) -> tuple[float, list[str]]:
    """Seconds from the edit's save to its text in the open page; what the preview said."""
    marker = f"9{number:03d}"
    page.goto(f"http://127.0.0.1:{server.port}/{edit.page}")
    page.wait_for_load_state("load")
    before = len(server.lines())
    started = time.perf_counter()
    edit.apply(project, marker)
    page.wait_for_function("marker => document.body && document.body.innerText.includes(marker)",
                           arg=marker, timeout=60_000, polling=50)
    seconds = time.perf_counter() - started
    server.settle(before)
    return seconds, server.lines()[before:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="digest-preview-"))
    project = work / f"corpus-{args.size}"
    copy_project(project)
    write_corpus(project, args.size, ROOT / "seeds")
    print(f"{os.cpu_count()} cores; {args.size} captures in {project}", flush=True)
    generation = measure([python, "-m", "build_scripts", "build"], project, sample_memory=False)
    site = measure([python, "-m", "build_scripts", "site"], project, sample_memory=False)
    print(f"full build: generation {generation.seconds:.1f} s (cold) + site {site.seconds:.1f} s", flush=True)
    _append(capture_name(args.size // 2), PLAIN_PARAGRAPH)(project, "0")
    rebuild = measure([python, "-m", "build_scripts", "build"], project, sample_memory=False)
    full = rebuild.seconds + site.seconds
    started = time.perf_counter()
    server = Server(project, python)
    startup = time.perf_counter() - started
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
            page = browser.new_page()
            number = 0
            for edit in edits(project, args.size):
                times, said = [], []
                for _ in range(REPEATS):
                    number += 1
                    seconds, said = time_edit(page, server, project, edit, number)
                    times.append(seconds)
                rows.append((edit.label, statistics.median(times), max(times), said))
            browser.close()
    finally:
        server.stop()
    print(f"\nfull build after one edit (build + site): {full:.1f} s; the preview started in {startup:.1f} s\n")
    header = ("edit", "shown s (median)", "max s", "vs full build", "the preview's account of the last run")
    lines = [header] + [(label, f"{median:.2f}", f"{worst:.2f}", f"1/{full / median:.0f}",
                         " | ".join(line.strip() for line in said if "changed" in line or "rendered" in line))
                        for label, median, worst, said in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    for number, line in enumerate(lines):
        print(" | ".join(cell.ljust(width) for cell, width in zip(line[:4], widths)) + " | " + line[4])
        if number == 0:
            print("-|-".join("-" * width for width in widths) + "-|-" + "-" * 40)
    print()
    for label, median, _, _ in rows:
        print(f"{'met    ' if median <= GOAL_SECONDS else 'NOT MET'}  {label} shown at {args.size} under "
              f"{GOAL_SECONDS:.0f} s: {median:.2f}")


if __name__ == "__main__":
    main()
