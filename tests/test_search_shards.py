"""The hosted site's chunked search index (build_scripts/search_index.py, search_shards.js): every
term of a document is filed in its shard with that document, search_index.json is a small
manifest, the files are byte-identical for the same site, and a search over HTTP fetches a few
small files instead of the whole index. The offline copy keeps the whole index (its own tests)."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile

import pytest

from build_scripts.search_index import (SHARD_FOLDER, WORKER_SCRIPT, bucket_of, build_sharded_index,
                                        js_separator, page_slots, pages_of, plain_text, read_full_index,
                                        term_key, tokenize)
from build_scripts.site import OFFLINE_ZIP, SEARCH_VARIANTS
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
    """location -> (page, section): a page and its 繁體 copy side by side (2g: 简体, 2g + 1:
    繁體, in the order the first of them appears), sections in Material's order."""
    groups: dict[str, int] = {}
    numbers, seen = {}, {}
    for doc in index["docs"]:
        path = doc["location"].split("#")[0]
        stem, hant = path.removeprefix("zh-Hant/"), path.startswith("zh-Hant/")
        page = 2 * groups.setdefault(stem, len(groups)) + hant
        numbers[doc["location"]] = (page, seen.get(path, 0))
        seen[path] = seen.get(path, 0) + 1
    return numbers


def test_every_term_of_a_document_is_in_its_shard_with_that_document(built_site):
    manifest, index = manifest_of(built_site), full_index(built_site)
    shards = manifest["config"]["shards"]
    separator = js_separator(index["config"]["separator"])
    numbers = document_numbers(index)
    assert shards["docs"] == len(index["docs"]) and shards["pages"] == len({n[0] for n in numbers.values()})
    assert shards["variants"] == ["zh-Hans", "zh-Hant"] and shards["pages_per_chunk"] % 2 == 0
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
    assert len(files) == shards["buckets"] + -(-shards["slots"] // shards["pages_per_chunk"])
    assert all(shards["version"] in name for name in files)


def test_same_site_gives_byte_identical_files(built_site):
    index = full_index(built_site)
    base = manifest_of(built_site)["config"]["shards"]["base"]
    first = build_sharded_index(index, base, SEARCH_VARIANTS)
    second = build_sharded_index(json.loads(json.dumps(index)), base, SEARCH_VARIANTS)
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


@pytest.mark.browser
@pytest.mark.parametrize("home, query, hant", [("zh-Hant/index.html", "孙正义", True), ("index.html", "孫正義", False)])
def test_a_name_in_the_other_script_lists_the_readers_pages_under_their_own_titles(
        chromium_browser, served_site, built_site, home, query, hant):
    """Typed in the other script, a name is found in that script's copies of the pages; each is
    listed once, as the reader's copy, with that copy's title (the worker is told the variant)."""
    titles = {doc["location"]: plain_text(doc["title"]).replace("\u200b", "") for doc in full_index(built_site)["docs"]}
    items, _, _ = _search(chromium_browser, served_site, home, query)
    assert len(items) > 3, items
    shown = [(href.removeprefix(served_site).split("?")[0], re.search(r"<h1>(.*?)</h1>", body).group(1))
             for href, body in items]
    assert len({path for path, _ in shown}) == len(shown), shown
    for path, title in shown:
        assert path.startswith("zh-Hant/") == hant, path
        assert html.unescape(re.sub("<[^>]+>", "", title)).replace("\u200b", "") == titles[path], (path, title)
    assert any(path.endswith(article(MASAYOSHI)) for path, _ in shown)


# --- the worker's grouping, on a small index, in Node ------------------------------------------------

_WORKER_HARNESS = r"""
const fs = require("fs"), path = require("path");
const [script, folder, hash, query] = process.argv.slice(2);
const listeners = [];
globalThis.self = { location: { href: "http://site.test/assets/javascripts/workers/search.js" + hash, hash: hash } };
globalThis.addEventListener = (type, listener) => listeners.push(listener);
globalThis.postMessage = (message) => { if (message.type === 3) console.log(JSON.stringify(message.data)); };
globalThis.fetch = (url) => Promise.resolve({ ok: true, json: () =>
  Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, new URL(url).pathname.split("/").pop()), "utf8"))) });
require(script);
const manifest = JSON.parse(fs.readFileSync(path.join(folder, "manifest.json"), "utf8"));
const send = (data) => listeners.forEach((listener) => listener({ data: data, stopImmediatePropagation() {} }));
send({ type: 0, data: { config: manifest.config } });
send({ type: 2, data: query });
"""


def _doc(location: str, title: str, text: str) -> dict:
    return {"location": location, "title": title, "text": text}


SMALL_INDEX = {
    "config": {"lang": ["en", "zh"], "separator": r"[\s\u200b\-]+", "pipeline": [],
               "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
    "docs": [_doc("a.html", "孙正义 简体", "孙正义 说"), _doc("a.html#talk", "讲话", "孙正义 谈 投资"),
             _doc("only.html", "孙正义 简体 独有", "没有 繁体 版本"),
             _doc("both.html", "两边", "孙正义"),
             _doc("zh-Hant/a.html", "孫正義 繁體", "孫正義 說"), _doc("zh-Hant/a.html#talk", "講話", "孫正義 談 投資"),
             _doc("zh-Hant/both.html", "兩邊", "引文 孙正义")],
}


def _worker_answer(tmp_path, hash_: str, query: str) -> list[list[tuple[str, str]]]:
    sharded = build_sharded_index(SMALL_INDEX, "../../search/shards/", SEARCH_VARIANTS)
    for name, body in sharded.files.items():
        (tmp_path / name).write_bytes(body)
    (tmp_path / "manifest.json").write_text(json.dumps(sharded.manifest), encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(_WORKER_HARNESS, encoding="utf-8")
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed (bin/test installs it)"
    result = subprocess.run([node, str(harness), str(WORKER_SCRIPT), str(tmp_path), hash_, query],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    return [[(doc["location"], re.sub("<[^>]+>", "", doc["title"])) for doc in item] for item in items]


def test_page_slots_put_a_page_beside_its_copy_and_leave_a_missing_copy_empty():
    pages = page_slots(pages_of(SMALL_INDEX["docs"]), SEARCH_VARIANTS)
    assert [page[0]["location"] if page else None for page in pages] == [
        "a.html", "zh-Hant/a.html", "only.html", None, "both.html", "zh-Hant/both.html"]
    assert [doc["location"] for doc in pages[1]] == ["zh-Hant/a.html", "zh-Hant/a.html#talk"]


def test_worker_told_the_variant_lists_each_page_once_as_the_readers_copy(tmp_path):
    items = _worker_answer(tmp_path, "#zh-Hant", "孙正义")
    pages = [item[0][0].split("#")[0] for item in items]
    assert sorted(pages) == ["only.html", "zh-Hant/a.html", "zh-Hant/both.html"], items
    copy = next(item for item in items if item[0][0].startswith("zh-Hant/a.html"))
    # Found in the 简体 copy's page and section: listed as the 繁體 copy's, with their titles.
    assert sorted(copy) == [("zh-Hant/a.html", "孫正義 繁體"), ("zh-Hant/a.html#talk", "講話")]
    # A page without a 繁體 copy is still found, as itself.
    assert ("only.html", "孙正义 简体 独有") in next(item for item in items if item[0][0] == "only.html")


def test_worker_not_told_the_variant_lists_pages_as_found(tmp_path):
    items = _worker_answer(tmp_path, "", "孙正义")
    pages = sorted(item[0][0].split("#")[0] for item in items)
    assert pages == ["a.html", "both.html", "only.html", "zh-Hant/both.html"], items
