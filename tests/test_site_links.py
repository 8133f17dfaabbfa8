"""Every internal link of the built site works when it is served under a project subpath, as on
GitHub Pages (https://OWNER.github.io/REPO/): the site is served at /bilingual-digest/ only, so a
link that escapes to the server's root (an absolute /assets/... URL) is caught as a 404.

Crawled over HTTP with urllib from both home pages (no browser): each page's a[href], link[href],
script[src], img[src], iframe[src] and source[src] must answer 200, and a #fragment into an HTML
page must name an element of that page."""
from __future__ import annotations

import contextlib
import http.server
import re
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit, urlunsplit

import pytest

from tests.conftest import serve

PREFIX = "/bilingual-digest/"
START_PAGES = ("index.html", "zh-Hant/index.html")
# (tag, attribute) pairs whose URL the crawl follows.
URL_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                  ("iframe", "src"), ("source", "src")}
SKIPPED_SCHEMES = {"mailto", "tel", "data"}


# --- the server: the built site under /bilingual-digest/ only ------------------------------------

class SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at PREFIX; anything else is a 404, as is a folder without index.html
    (GitHub Pages lists no directories)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        if not urlsplit(self.path).path.startswith(PREFIX):
            self.send_error(404, f"Outside {PREFIX}")
            return None
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + path[len(PREFIX):])

    def list_directory(self, path):
        self.send_error(404, "No index.html in this folder")
        return None


@contextlib.contextmanager
def serve_at_subpath(directory):
    """The folder served at http://127.0.0.1:PORT/bilingual-digest/ (the URL yielded)."""
    with serve(directory, SubpathHandler) as root:
        yield root.rstrip("/") + PREFIX


@pytest.fixture(scope="module")
def served_site(built_site):
    with serve_at_subpath(built_site) as url:
        yield url


# --- the crawl -----------------------------------------------------------------------------------

class PageParser(HTMLParser):
    """The URLs a page refers to (tag, attribute, rel, value) and the fragment targets it defines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str, str]] = []
        self.anchors: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.anchors.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.anchors.add(attributes["name"])
        if tag == "base" and attributes.get("href") is not None and self.base is None:
            self.base = attributes["href"]
        for name, value in attrs:
            if (tag, name) in URL_ATTRIBUTES and value is not None:
                self.links.append((tag, name, (attributes.get("rel") or "").lower(), value))

    handle_startendtag = handle_starttag


@dataclass
class Fetched:
    status: int
    content_type: str = ""
    reason: str = ""
    anchors: set[str] | None = None          # for HTML pages: ids and <a name>s


@dataclass(repr=False)
class Crawl:
    root: str
    fetched: dict[str, Fetched] = field(default_factory=dict)        # URL (no query, no fragment)
    pages: list[str] = field(default_factory=list)                   # HTML pages crawled, in order
    references: list[tuple[str, str, str, str]] = field(default_factory=list)  # page, tag@attr, raw, URL
    javascript_urls: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)         # page, link, reason
    external: set[str] = field(default_factory=set)
    canonical: set[str] = field(default_factory=set)                 # rel=canonical to site_url

    def short(self, url: str) -> str:
        return url.removeprefix(self.root) or "./"

    def ok(self, path: str) -> bool:
        entry = self.fetched.get(self.root + path)
        return entry is not None and entry.status == 200


def fetch(url: str) -> tuple[Fetched, str, bytes]:
    """The response to GET url: what it is, the URL it ended at (after redirects) and its body."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read()
            return (Fetched(response.status, response.headers.get_content_type()),
                    response.geturl(), body)
    except urllib.error.HTTPError as error:
        return Fetched(error.code, reason=f"HTTP {error.code} {error.reason}"), url, b""
    except (urllib.error.URLError, OSError) as error:
        return Fetched(0, reason=f"fetch failed: {error}"), url, b""


def configured_site_url(config: Path) -> str | None:
    """mkdocs.yml's site_url (its !ENV tag read as MkDocs reads it), ending in "/"."""
    from mkdocs.utils.yaml import yaml_load

    site_url = yaml_load(config.read_text(encoding="utf-8")).get("site_url")
    return site_url.rstrip("/") + "/" if site_url else None


def crawl_site(root: str, site_url: str | None = None) -> Crawl:
    """Crawl from START_PAGES under root. An absolute link to site_url (the production address)
    is checked against this server, except rel=canonical: it names the production page."""
    crawl = Crawl(root)
    origin = urlsplit(root)
    queue = [root + page for page in START_PAGES]
    queued = set(queue)

    while queue:
        page = queue.pop(0)
        entry, final, body = fetch(page)
        crawl.fetched[page] = entry
        if entry.status != 200 or entry.content_type != "text/html":
            continue
        crawl.pages.append(page)
        parser = PageParser()
        parser.feed(body.decode("utf-8", errors="replace"))
        parser.close()
        entry.anchors = parser.anchors
        base = urljoin(final, parser.base) if parser.base is not None else final
        for tag, attribute, rel, raw in parser.links:
            where = f"{tag}[{attribute}]"
            value = raw.strip()
            scheme = urlsplit(value).scheme.lower()
            if scheme == "javascript":
                crawl.javascript_urls.append((page, f"{where}={raw!r}"))
                continue
            if scheme in SKIPPED_SCHEMES:
                continue
            url = urljoin(base, value)
            if site_url and url.startswith(site_url):
                if "canonical" in rel.split():
                    crawl.canonical.add(url)
                    continue
                url = root + url[len(site_url):]
                where += " (absolute, to site_url)"
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                crawl.problems.append((page, f"{where}={raw!r}", f"unexpected URL scheme {parts.scheme!r}"))
                continue
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                # Another host (GitHub, the sources); a relative canonical link is checked here.
                crawl.external.add(url)
                continue
            crawl.references.append((page, where, raw, url))
            target = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            if not parts.path.startswith(origin.path):
                continue                         # fetched later: the server answers 404 outside the prefix
            if target not in queued:
                queued.add(target)
                queue.append(target)

    # Every reference resolved: targets outside the prefix, and the fragments.
    for page, where, raw, url in crawl.references:
        parts = urlsplit(url)
        target = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        if target not in crawl.fetched:              # outside the prefix: never queued
            crawl.fetched[target] = fetch(target)[0]
        entry = crawl.fetched[target]
        link = f"{where}={raw!r}"
        if entry.status != 200:
            crawl.problems.append((page, link, f"{crawl.short(target)}: {entry.reason or entry.status}"
                                   + ("" if parts.path.startswith(origin.path)
                                      else f" (escapes {PREFIX}: resolves to {parts.path})")))
            continue
        fragment = urldefrag(url).fragment
        if not fragment or entry.anchors is None:
            continue
        # A browser matches the percent-decoded fragment; "top" means the top of the document.
        if fragment in entry.anchors or unquote(fragment) in entry.anchors or fragment.lower() == "top":
            continue
        crawl.problems.append((page, link, f"no element with id {unquote(fragment)!r} in {crawl.short(target)}"))
    return crawl


@pytest.fixture(scope="module")
def crawl(served_site, built_site) -> Crawl:
    return crawl_site(served_site, configured_site_url(built_site.parent / "mkdocs.yml"))


def kind(reason: str) -> str:
    """A problem's reason without its particulars, to count problems of each kind."""
    reason = re.sub(r"'[^']*'", "…", reason)
    reason = re.sub(r"^\S+: ", "", reason)                        # the target of an HTTP error
    reason = re.sub(r"resolves to \S+\)", "resolves to …)", reason)
    return re.sub(r" in \S+$", " in …", reason)


def report(crawl: Crawl, problems: list[tuple[str, str, str]], limit: int = 150) -> str:
    by_reason: dict[str, list[str]] = defaultdict(list)
    for page, _, reason in problems:
        by_reason[kind(reason)].append(page)
    lines = [f"{len(problems)} broken link(s) on {len({p for p, _, _ in problems})} page(s) "
             f"({len(crawl.pages)} pages, {len(crawl.references)} internal links checked):"]
    lines += [f"  {len(pages):5d} x {reason}"
              for reason, pages in sorted(by_reason.items(), key=lambda item: -len(item[1]))]
    lines.append("")
    for page, link, reason in sorted(problems)[:limit]:
        lines.append(f"{crawl.short(page)} -> {link}: {reason}")
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)


# --- the tests -----------------------------------------------------------------------------------

def test_the_server_answers_only_under_the_project_subpath(served_site):
    assert fetch(served_site + "index.html")[0].status == 200
    origin = served_site.removesuffix(PREFIX)
    for outside in ("/index.html", "/assets/images/favicon.png", "/zh-Hant/index.html"):
        assert fetch(origin + outside)[0].status == 404, outside


def test_the_checker_catches_what_breaks_under_a_subpath(tmp_path):
    """Not a vacuous check: on a small site, each kind of breakage is reported, and nothing else."""
    (tmp_path / "zh-Hant").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("body {}", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="assets/site.css"><link rel="icon" href="/assets/site.css">'
        '<a href="zh-Hant/index.html#intro">ok</a> <a href="zh-Hant/index.html#nowhere">bad id</a>'
        '<a href="#">top</a> <a href="#here" id="here">self</a> <a href="missing.html">gone</a>'
        '<a href="https://github.com/x/y">external</a> <a href="mailto:a@b.c">mail</a>'
        '<a href="javascript:void(0)">js</a> <link rel="canonical" href="https://o.github.io/r/index.html">'
        '<a href="https://o.github.io/r/zh-Hant/index.html">abs ok</a>'
        '<a href="https://o.github.io/r/x.html">abs bad</a>',
        encoding="utf-8")
    (tmp_path / "zh-Hant" / "index.html").write_text(
        '<h2 id="intro">Intro</h2><a name="old">old</a><a href="../index.html?x=1#here">back</a>'
        '<a href="index.html#old">named</a><script src="../assets/site.css"></script>', encoding="utf-8")
    with serve_at_subpath(tmp_path) as root:
        result = crawl_site(root, site_url="https://o.github.io/r/")
    problems = sorted((result.short(page), link) for page, link, _ in result.problems)
    assert problems == [("index.html", "a[href] (absolute, to site_url)='https://o.github.io/r/x.html'"),
                        ("index.html", "a[href]='missing.html'"),
                        ("index.html", "a[href]='zh-Hant/index.html#nowhere'"),
                        ("index.html", "link[href]='/assets/site.css'")], problems
    assert result.javascript_urls == [(root + "index.html", "a[href]='javascript:void(0)'")]
    assert result.external == {"https://github.com/x/y"}
    assert result.canonical == {"https://o.github.io/r/index.html"}
    assert sorted(result.short(p) for p in result.pages) == ["index.html", "zh-Hant/index.html"]


def test_no_javascript_urls(crawl):
    if crawl.javascript_urls:
        found = "\n".join(f"{crawl.short(page)} -> {link}" for page, link in crawl.javascript_urls)
        pytest.fail(f"javascript: URLs:\n{found}", pytrace=False)


def test_every_internal_link_and_fragment_resolves(crawl):
    assert crawl.pages and crawl.references
    if crawl.problems:
        pytest.fail(report(crawl, crawl.problems), pytrace=False)


def test_the_crawl_reaches_every_article_in_both_variants_and_the_main_pages(crawl, built_site):
    articles = sorted((built_site.parent / "docs" / "articles").glob("*.md"))
    assert articles
    expected = set()
    for source in articles:
        if source.name.endswith(".zh-Hant.md"):
            expected.add(f"zh-Hant/articles/{source.name.removesuffix('.zh-Hant.md')}.html")
        else:
            expected.add(f"articles/{source.stem}.html")
    for variant in ("", "zh-Hant/"):
        expected |= {f"{variant}index.html", f"{variant}glossary/index.html", f"{variant}timeline.html"}
    crawled = {crawl.short(page) for page in crawl.pages}
    missing = sorted(expected - crawled)
    assert not missing, f"not reached from the home pages ({len(crawled)} pages crawled): {missing}"


def test_linked_data_files_styles_and_scripts_are_served(crawl):
    linked = {urlunsplit(urlsplit(url)._replace(query="", fragment="")) for _, _, _, url in crawl.references}
    linked_paths = {crawl.short(url) for url in linked}
    for name in ("timeline.json", "timeline.ics", "stylesheets/digest.css", "javascripts/digest.js",
                 "javascripts/reading.js"):
        assert name in linked_paths, f"no page links {name}"
        assert crawl.ok(name), f"{name}: {crawl.fetched[crawl.root + name]}"
    for suffix in (".css", ".js"):
        files = [url for url in linked if urlsplit(url).path.endswith(suffix)]
        assert files, f"no {suffix} file linked"
        failing = [crawl.short(url) for url in files if crawl.fetched[url].status != 200]
        assert not failing, f"{suffix} files not served: {failing}"
