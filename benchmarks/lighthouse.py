"""Lighthouse scores of the built site, as GitHub Pages would serve it.

    .venv/bin/python benchmarks/lighthouse.py [--site site] [--desktop] [--runs 1] [--page PATH ...]

Serves the site directory on localhost the way GitHub Pages does (gzip for text, Cache-Control
max-age=600) and runs Lighthouse (npm package pinned in benchmarks/lighthouse/, installed there on
first use) with Debian's chromium, mobile form factor and simulated throttling unless --desktop.
Prints one row per page: the four category scores, the Core Web Vitals and what the page weighs.
Run it alone: Lighthouse's simulated times grow when another job shares the two cores.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "benchmarks" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics"}
METRICS = ("largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "first-contentful-paint")


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with GitHub Pages' headers: gzip when the client accepts it, a 10-minute cache."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(PagesHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def ensure_lighthouse() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(TOOL)], check=True)
    return binary


def typical_article(site: Path) -> str:
    """The article page of median size: the issue's "typical article"."""
    pages = sorted((p.stat().st_size, p.name) for p in (site / "articles").glob("*.html"))
    return "articles/" + pages[len(pages) // 2][1]


def run(binary: Path, url: str, desktop: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
        command += ["--preset=desktop"] if desktop else ["--form-factor=mobile"]
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        **{name: round(100 * cat["score"]) for name, cat in report["categories"].items()},
        **{m: audits[m]["numericValue"] for m in METRICS},
        "kib": sum(r.get("transferSize", 0) for r in requests) / 1024,
        "html_kib": next((r.get("resourceSize", 0) for r in requests if r.get("resourceType") == "Document"), 0) / 1024,
        "failed": [r["url"] for r in requests if r.get("statusCode", 200) >= 400],
        "below": sorted(k for k, a in audits.items() if a.get("score") is not None and a["score"] < 0.9
                        and a.get("scoreDisplayMode") in ("binary", "metricSavings")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--desktop", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median of each figure is shown")
    parser.add_argument("--page", action="append", help="a page's path in the site (default: the four of issue 21)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    pages = args.page or ["index.html", typical_article(site), "glossary/index.html", "timeline.html"]
    binary = ensure_lighthouse()
    server, base = serve(site)
    rows = []
    try:
        for page in pages:
            runs = [summary(run(binary, base + page, args.desktop)) for _ in range(args.runs)]
            row = {k: statistics.median(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], (int, float))}
            row["failed"] = sorted({u for r in runs for u in r["failed"]})
            row["below"] = sorted({a for r in runs for a in r["below"]})
            rows.append((page, row))
    finally:
        server.shutdown()
    form = "desktop" if args.desktop else "mobile, simulated throttling"
    print(f"Lighthouse {form}, {args.runs} run(s) per page, median; served with gzip like GitHub Pages\n")
    print("| page | perf | a11y | best pr. | SEO | LCP s | TBT ms | CLS | FCP s | HTML KiB | transferred KiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for page, r in rows:
        print(f"| {page} | {r['performance']:.0f} | {r['accessibility']:.0f} | {r['best-practices']:.0f} | {r['seo']:.0f} "
              f"| {r['largest-contentful-paint'] / 1000:.1f} | {r['total-blocking-time']:.0f} "
              f"| {r['cumulative-layout-shift']:.3f} | {r['first-contentful-paint'] / 1000:.1f} "
              f"| {r['html_kib']:.0f} | {r['kib']:.0f} |")
    for page, r in rows:
        if r["failed"] or r["below"]:
            print(f"\n{page}: failed requests {r['failed'] or 'none'}; audits below 0.9: {', '.join(r['below']) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
