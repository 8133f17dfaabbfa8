"""The hosted site's chunked search index (build_scripts/search_index.py, search_shards.js): every
term of a document is filed in its shard with that document, search_index.json is a small
manifest, the files are byte-identical for the same site, and a search over HTTP fetches a few
small files instead of the whole index. The offline copy keeps the whole index (its own tests)."""
from __future__ import annotations

import json
import re
import zipfile

import pytest

from build_scripts.search_index import (SHARD_FOLDER, WORKER_SCRIPT, bucket_of, build_sharded_index,
                                        js_separator, read_full_index, term_key, tokenize)
from build_scripts.site import OFFLINE_ZIP
from tests.test_browser import DESKTOP, MASAYOSHI, article, chromium_browser  # noqa: F401
from tests.test_glossary_browser import served_site  # noqa: F401


def manifest_of(site) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def full_index(site) -> dict:
    """The whole index, as the offline copy's search_index.js keeps it."""
    return read_full_index(site / "search")


def shard_file(site, manifest: dict, term: str) -> dict:
    shards = manifest["config"]["shards"]
    bucket = bucket_of(term_key(term), shards["buckets"])
    name = f"t{bucket:0{shards['term_digits']}d}.{shards['version']}.json"
    return json.loads((site / "search" / SHARD_FOLDER / name).read_text(encoding="utf-8"))


def postings(flat: list[int]) -> dict[tuple[int, int], tuple[int, int]]:
    """(page, section) -> (count in title, count in text), from the flat, gap-coded list."""
    found, page = {}, 0
    for i in range(0, len(flat), 4):
        page += flat[i]
        found[(page, flat[i + 1])] = (flat[i + 2], flat[i + 3])
    return found


def document_numbers(index: dict) -> dict[str, tuple[int, int]]:
    """location -> (page, section), numbered as Material groups documents by page."""
    pages: dict[str, int] = {}
    numbers, seen = {}, {}
    for doc in index["docs"]:
        path = doc["location"].split("#")[0]
        page = pages.setdefault(path, len(pages))
        numbers[doc["location"]] = (page, seen.get(path, 0))
        seen[path] = seen.get(path, 0) + 1
    return numbers


def test_every_term_of_a_document_is_in_its_shard_with_that_document(built_site):
    manifest, index = manifest_of(built_site), full_index(built_site)
    shards = manifest["config"]["shards"]
    separator = js_separator(index["config"]["separator"])
    numbers = document_numbers(index)
    assert shards["docs"] == len(index["docs"]) and shards["pages"] == len({n[0] for n in numbers.values()})
    wanted = [article(MASAYOSHI), f"zh-Hant/{article(MASAYOSHI)}", "glossary/index.html"]
    docs = [d for d in index["docs"] if d["location"] in wanted]
    docs.append(next(d for d in index["docs"] if "#" in d["location"] and d["location"].startswith("articles/")))
    assert len(docs) == 4
    for doc in docs:
        number = numbers[doc["location"]]
        title, text = tokenize(doc["title"], separator), tokenize(doc["text"], separator)
        assert len(title) + len(text) > 5, doc["location"]
        for term in set(title + text):
            found = postings(shard_file(built_site, manifest, term).get(term, []))
            assert found.get(number) == (title.count(term), text.count(term)), (doc["location"], term)
        # The documents table has it where its number says.
        chunk = number[0] // shards["pages_per_chunk"]
        name = f"d{chunk:0{shards['chunk_digits']}d}.{shards['version']}.json"
        table = json.loads((built_site / "search" / SHARD_FOLDER / name).read_text(encoding="utf-8"))
        assert table[number[0] % shards["pages_per_chunk"]][number[1]][0] == doc["location"]
    # Words a reader types: jieba's name tokens and English words, each with the article.
    page = numbers[article(MASAYOSHI)]
    for term in ("孙正义", "masayoshi", "softbank"):
        assert page in postings(shard_file(built_site, manifest, term)[term]), term


def test_manifest_is_small_and_keeps_materials_config(built_site):
    index_file = built_site / "search" / "search_index.json"
    manifest, index = manifest_of(built_site), full_index(built_site)
    assert index_file.stat().st_size < 2000
    assert manifest["docs"] == []
    config = dict(manifest["config"])
    shards = config.pop("shards")
    assert config == index["config"]            # the separator Material's main thread highlights with
    assert len(index["docs"]) > 500             # the offline copy keeps the whole index
    assert re.fullmatch(r"[0-9a-f]{12}", shards["version"])
    files = sorted(p.name for p in (built_site / "search" / SHARD_FOLDER).iterdir())
    assert len(files) == shards["buckets"] + -(-shards["pages"] // shards["pages_per_chunk"])
    assert all(shards["version"] in name for name in files)


def test_same_site_gives_byte_identical_files(built_site):
    index = full_index(built_site)
    base = manifest_of(built_site)["config"]["shards"]["base"]
    first, second = build_sharded_index(index, base), build_sharded_index(json.loads(json.dumps(index)), base)
    assert first.files == second.files and first.manifest == second.manifest
    folder = built_site / "search" / SHARD_FOLDER
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first.files
    assert json.loads((built_site / "search" / "search_index.json").read_bytes()) == first.manifest


def test_worker_runs_our_search_first_and_keeps_the_lunr_fix(built_site):
    worker = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    code = worker.read_text(encoding="utf-8")
    ours = WORKER_SCRIPT.read_text(encoding="utf-8").rstrip("\n")
    assert code.startswith(ours)
    material = code[len(ours):]
    assert 'addEventListener("message"' in material and "sourceMappingURL" not in material
    assert re.search(r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;", material)     # site.patch_search_worker


def test_offline_zip_leaves_the_shards_out(built_site):
    with zipfile.ZipFile(built_site.parent / OFFLINE_ZIP) as bundle:
        names = bundle.namelist()
    assert "bilingual-digest/search/search_index.js" in names
    assert not [n for n in names if f"/search/{SHARD_FOLDER}/" in n]


def test_separator_is_javascripts():
    separator = js_separator(r"[\s\u200b\-]+")
    assert separator.split("a\ufeffb\u200bc-d\u3000e\x1cf") == ["a", "b", "c", "d", "e\x1cf"]
    assert js_separator(r"\s+|\.").split("a  b.c") == ["a", "b", "c"]


# --- in the browser, over HTTP ----------------------------------------------------------------------

def _search(browser, served_site, home: str, query: str, route=None):
    """Type a query; the result items' text and the requests made under search/ (url, bytes)."""
    context = browser.new_context(viewport=DESKTOP)
    requests, warnings = [], []
    try:
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(served_site) else r.abort())
        if route:
            context.route(*route)
        page = context.new_page()
        page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
        page.on("requestfinished", lambda r: requests.append((r.url, r.sizes()["responseBodySize"]))
                if "/search/" in r.url else None)
        page.goto(served_site + home)
        page.click("input.md-search__input")
        page.keyboard.type(query)
        page.keyboard.press("End")
        page.wait_for_function("() => /\\d|没有|沒有/.test(document.querySelector('.md-search-result__meta')"
                               ".textContent)", timeout=15000)
        page.wait_for_timeout(200)
        items = page.eval_on_selector_all(".md-search-result__item",
                                          "els => els.map(e => [e.querySelector('a').href, e.innerHTML])")
        return items, requests, warnings
    finally:
        context.close()


@pytest.mark.browser
def test_search_fetches_a_few_small_files_not_the_whole_index(chromium_browser, served_site, built_site):
    items, requests, _ = _search(chromium_browser, served_site, "index.html", "孙正义")
    assert any(href.split("?")[0].endswith(article(MASAYOSHI)) for href, _ in items), items[:3]
    # Matches marked, as Material's highlight does.
    assert "<mark>孙正义</mark>" in items[0][1]
    names = [url.removeprefix(served_site) for url, _ in requests]
    assert "search/search_index.js" not in names
    manifest = [size for url, size in requests if url.endswith("search/search_index.json")]
    assert manifest and manifest[0] < 2000
    shards = manifest_of(built_site)["config"]["shards"]
    terms = [n for n in names if n.startswith(f"search/{SHARD_FOLDER}/t")]
    chunks = [n for n in names if n.startswith(f"search/{SHARD_FOLDER}/d")]
    assert 1 <= len(terms) <= 3 and 1 <= len(chunks) <= shards["max_pages"], names
    fetched = sum(size for _, size in requests)
    whole = (built_site / "search" / "search_index.js").stat().st_size
    assert fetched < whole / 5, (fetched, whole)


@pytest.mark.browser
def test_a_failed_fetch_gives_no_results_and_a_warning(chromium_browser, served_site):
    items, _, warnings = _search(chromium_browser, served_site, "index.html", "Nvidia",
                                 route=(f"**/search/{SHARD_FOLDER}/**", lambda r: r.abort()))
    assert items == []
    assert any("Search failed" in w for w in warnings), warnings


@pytest.mark.browser
def test_a_query_matching_more_pages_than_listed_says_so(chromium_browser, served_site, built_site):
    """A common English word matches more pages than the chunked index lists: the count reads
    "N+" (reading.js), N being the manifest's max_pages."""
    manifest = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    listed = manifest["config"]["shards"]["max_pages"]
    context = chromium_browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(served_site + "index.html")
        page.click("input.md-search__input")
        page.keyboard.type("the")
        page.wait_for_function("() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)",
                               timeout=15000)
        page.wait_for_timeout(200)
        meta = page.inner_text(".md-search-result__meta")
    finally:
        context.close()
    assert f"{listed}+" in meta, meta
