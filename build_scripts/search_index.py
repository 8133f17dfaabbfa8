"""A chunked search index for the hosted site.

Material's search fetches `search/search_index.json` (every page's whole text) and builds a lunr
index from it in the browser before it answers: 32 MB and about 5 s at 1,000 captures. After
`mkdocs build`, this module splits that index into small files that a search fetches a few of:

- `search/shards/t<bucket>.<version>.json`: the inverted index. Terms are grouped by a key (their
  first character when it is CJK, else their first two), the keys hashed into a fixed number of
  buckets; a file maps each of its terms to its postings. A prefix query, and the greedy
  segmentation of a Chinese query, need only the buckets of the query's characters.
- `search/shards/d<chunk>.<version>.json`: the documents (location, title, a short text),
  a few pages with their sections per file, fetched only for the pages a result shows. A page and
  its twins in the site's other script variants (`zh-Hant/x.html` beside `x.html`) are numbered
  side by side, one slot per variant (an empty slot when a page has no twin), so that the
  worker, told the reader's variant, lists a page found in either script once, under the
  reader's title.
- `search/search_index.json` becomes a small manifest: Material's `config` (its main thread
  reads the separator from it) with the shards' description under `config.shards` (the main
  thread hands the worker only `config` and `docs`), and `docs: []`.

`build_scripts/search_shards.js`, prepended to Material's search worker, answers queries from
these files when the manifest says so. `search/search_index.js`, the copy Material's offline
plugin writes for file://, keeps the whole index: from disk, lunr searches as before.

Everything written is deterministic: the same site gives byte-identical files.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

SHARD_FOLDER = "shards"
FORMAT = 1
# A bucket of the inverted index should hold about this many bytes: the bucket count is the
# power of two that gets closest from above (kept between the bounds below), so a small site
# gets a few dozen files and 1,000 captures about a thousand.
TARGET_BUCKET_BYTES = 12_000
MIN_BUCKETS, MAX_BUCKETS = 16, 4096
# Pages per file of the documents table. Small files: the pages a result shows are scattered
# over the whole table, and each one costs its file.
PAGES_PER_CHUNK = 4
# Characters of a document's text kept for its result (the worker marks matches in it).
TEXT_CHARS = 160
# Result pages a query returns (the best first). Material shows every match; a common word
# matches most of the site, and each page shown costs its documents' file.
MAX_PAGES = 60
# From U+2E80 on (CJK radicals and punctuation, kana, every Han character, Hangul, full-width
# forms) a term's key is its first character; below (Latin and the rest), its first two.
# Numeric, so the worker computes the same key without knowing Unicode scripts.
WIDE_FROM = 0x2E80

# JavaScript's \s (what Material's worker splits on), spelt out: Python's \s differs
# (it has U+001C-U+001F, not U+FEFF).
_JS_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


@dataclass
class ShardedIndex:
    """The manifest (the new search_index.json) and the files under search/shards/."""
    manifest: dict
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexVariant:
    """One script variant of the site's pages: its language tag (the worker is told the reader's)
    and the folder its pages are under ("" for the default variant, at the site's root)."""
    code: str
    folder: str


def js_separator(pattern: str) -> re.Pattern:
    """Material's separator (a JavaScript regular expression) as a Python one: `\\s` spelt out
    as JavaScript means it, inside a character class or outside."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            pair = pattern[i:i + 2]
            out.append(_JS_SPACE if pair == "\\s" and in_class else f"[{_JS_SPACE}]" if pair == "\\s" else pair)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return re.compile("".join(out))


def text_sections(value: str) -> list[str]:
    """The text between HTML tags, as Material's worker extracts it (internal/extract): what is
    inside `<...>` is markup and never indexed."""
    sections, start, end, length = [], 0, 0, len(value)
    while end < length:
        char = value[end]
        if char == "<" and end > start:
            sections.append(value[start:end])
            start = end
        elif char == ">":
            start = end + 1
        end += 1
    if end > start:
        sections.append(value[start:end])
    return sections


def tokenize(value: str, separator: re.Pattern) -> list[str]:
    """A field's terms as Material's worker indexes them (internal/tokenize): the text between
    tags split at the separator and lowercased; Chinese is already cut into words by jieba
    (U+200B, part of the separator) at build time. Two differences, both on purpose:
    - no stemming (Material keeps lunr's English stemmer, but never applies it to a query,
      which always ends in a wildcard): queries match terms by prefix, so "visit" finds
      "visits", and "visits" finds "visits" (which lunr stemmed to "visit" and missed);
    - HTML entities are decoded, so "P&G" typed finds "P&amp;G" in the text."""
    return [token.lower() for section in text_sections(value)
            for token in separator.split(html.unescape(section)) if token]


def term_key(term: str) -> str:
    """What a term is filed under: its first character if that is CJK (or anything from U+2E80
    on), else its first two (one for one-character terms)."""
    return term[:1] if ord(term[0]) >= WIDE_FROM else term[:2]


def bucket_of(key: str, buckets: int) -> int:
    """FNV-1a (32 bits) of the key's UTF-8 bytes, modulo the bucket count: the worker computes
    the same."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % buckets


_INLINE_TAGS = frozenset("a abbr b bdi bdo cite code del dfn em i ins kbd mark q s samp small span strong sub "
                         "sup time u var wbr".split())


def plain_text(value: str) -> str:
    """A field as text to show: tags dropped (a block's edge becomes a space), entities
    decoded, runs of white space as one space (U+200B, jieba's word boundary, is kept: the
    worker splits on it to mark matches)."""
    def edge(match: re.Match) -> str:
        return "" if match.group(1).lower() in _INLINE_TAGS else " "
    text = "".join(re.sub(r"</?([A-Za-z][\w-]*)[^>]*>", edge, section) if section.startswith("<") else section
                   for section in re.split(r"(<[^>]*>)", value))
    return re.sub(r"[ \t\r\n\f\v]+", " ", html.unescape(text)).strip()


def _compact(value: str) -> str:
    return re.sub(r"[\s\u200b·]+", "", plain_text(value))


def short_text(value: str, title: str, separator: re.Pattern, limit: int = TEXT_CHARS) -> str:
    """The start of a document's text, for its result: a page's text opens with its heading,
    which repeats the title shown above it, so that is left out."""
    sections = text_sections(value)
    if len(sections) > 1 and not value.startswith("<") and _compact(sections[0]) == _compact(title):
        value = value[len(sections[0]):]
    text = plain_text(value)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    boundary = [m.start() for m in separator.finditer(cut)]
    if boundary and boundary[-1] > limit // 2:
        cut = cut[:boundary[-1]]
    return cut.rstrip() + "…"


def _dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def pages_of(docs: list[dict]) -> list[list[dict]]:
    """Documents grouped by page, as Material's worker groups them (config/setupSearchDocumentMap):
    the first document of a path is the page, later ones with that path and an anchor are its
    sections. Pages keep the order they first appear in."""
    pages: dict[str, list[dict]] = {}
    for doc in docs:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc)
    return list(pages.values())


def page_slots(pages: list[list[dict]], variants: tuple[IndexVariant, ...] = ()) -> list[list[dict]]:
    """Pages numbered in groups of twins: page g * V + v is variant v's copy of the g-th page
    (V variants; groups in the order their first page appears). An empty list is a variant's
    missing copy. Without variants, the pages as they are. A document's number is (slot, section)."""
    if len(variants) < 2:
        return pages
    defaults = [number for number, variant in enumerate(variants) if not variant.folder]
    if len(defaults) != 1:
        raise ValueError("search variants: exactly one must have the site's root as its folder")
    by_folder = sorted(((v.folder, n) for n, v in enumerate(variants) if v.folder), key=lambda f: -len(f[0]))
    groups: dict[str, list[list[dict]]] = {}
    for page in pages:
        path = page[0]["location"].split("#")[0]
        slot, stem = next(((n, path[len(folder):]) for folder, n in by_folder if path.startswith(folder)),
                          (defaults[0], path))
        groups.setdefault(stem, [[] for _ in variants])[slot] = page     # paths are distinct: one page a slot
    return [page for twins in groups.values() for page in twins]


def bucket_count(total_bytes: int) -> int:
    wanted = max(1, math.ceil(total_bytes / TARGET_BUCKET_BYTES))
    return min(MAX_BUCKETS, max(MIN_BUCKETS, 1 << (wanted - 1).bit_length()))


def build_sharded_index(index: dict, worker_to_shards: str, variants: tuple[IndexVariant, ...] = ()) -> ShardedIndex:
    """The shards, document chunks and manifest for a full Material index
    ({config, docs: [{location, title, text}]}). `worker_to_shards`: the shards' folder relative
    to the search worker's URL (the worker fetches from there). `variants`: the site's script
    variants, whose copies of a page are numbered side by side (page_slots)."""
    config = index["config"]
    separator = js_separator(config["separator"])
    pages = page_slots(pages_of(index["docs"]), variants)
    width = max(1, len(variants))
    # A page's twins share a file of the documents table.
    per_chunk = width * -(-PAGES_PER_CHUNK // width)

    # Postings: term -> [(page, section, count in title, count in text)], in document order.
    postings: dict[str, list[tuple[int, int, int, int]]] = {}
    for page_number, page in enumerate(pages):
        for section, doc in enumerate(page):
            counts: dict[str, list[int]] = {}
            for slot, name in ((0, "title"), (1, "text")):
                for term in tokenize(doc.get(name) or "", separator):
                    counts.setdefault(term, [0, 0])[slot] += 1
            for term, (in_title, in_text) in counts.items():
                postings.setdefault(term, []).append((page_number, section, in_title, in_text))

    # A term's postings as one flat list of numbers, four per document: the page number's
    # difference from the previous posting's (the first: the page number), the section (0: the
    # page itself), the counts in the title and in the text.
    encoded: dict[str, list[int]] = {}
    for term, entries in postings.items():
        flat, previous = [], 0
        for page_number, section, in_title, in_text in entries:
            flat += [page_number - previous, section, in_title, in_text]
            previous = page_number
        encoded[term] = flat
    estimate = sum(len(term.encode("utf-8")) + 6 + 2 * len(flat) for term, flat in encoded.items())
    buckets = bucket_count(estimate)
    grouped: list[dict[str, list[int]]] = [{} for _ in range(buckets)]
    for term, flat in encoded.items():
        grouped[bucket_of(term_key(term), buckets)][term] = flat

    chunks = []
    for start in range(0, len(pages), per_chunk):
        chunks.append([[[doc["location"], plain_text(doc.get("title") or ""),
                         short_text(doc.get("text") or "", doc.get("title") or "", separator)] for doc in page]
                       for page in pages[start:start + per_chunk]])

    bodies = [_dumps(terms) for terms in grouped] + [_dumps(chunk) for chunk in chunks]
    digest = hashlib.sha256()
    for body in bodies:
        digest.update(len(body).to_bytes(8, "big") + body)
    version = digest.hexdigest()[:12]
    width_t, width_d = len(str(buckets - 1)), len(str(max(len(chunks) - 1, 0)))
    files = {}
    for number, body in enumerate(bodies[:buckets]):
        files[f"t{number:0{width_t}d}.{version}.json"] = body
    for number, body in enumerate(bodies[buckets:]):
        files[f"d{number:0{width_d}d}.{version}.json"] = body

    shards = {
        "format": FORMAT,
        "version": version,
        "base": worker_to_shards,
        # File names: "t" + the bucket number (term_digits digits, zero-padded) + "." + version
        # + ".json"; "d" + the chunk number (chunk_digits) likewise. The version (a hash of
        # every file) keeps a cached manifest from mixing with another build's files.
        "terms": "t{bucket}.{version}.json",
        "term_digits": width_t,
        "chunks": "d{chunk}.{version}.json",
        "chunk_digits": width_d,
        "buckets": buckets,
        "wide_from": WIDE_FROM,
        "pages": sum(1 for page in pages if page),
        "slots": len(pages),
        "docs": sum(len(page) for page in pages),
        "pages_per_chunk": per_chunk,
        # Page g * len(variants) + v is variant v's copy of page g (an empty list when it has
        # none); the worker's URL says the reader's variant (#zh-Hant, mkdocs_hooks.py).
        "variants": [variant.code for variant in variants] if len(variants) > 1 else [],
        "max_pages": MAX_PAGES,
        "chunk_fields": ["location", "title", "text"],
    }
    manifest = {"config": {**config, "shards": shards}, "docs": []}
    return ShardedIndex(manifest, files)


def read_full_index(search_dir: Path) -> dict | None:
    """The whole index: search_index.json, or (when that is already a manifest) the offline
    copy search_index.js, which Material writes with the same JSON."""
    json_file, js_file = search_dir / "search_index.json", search_dir / "search_index.js"
    if json_file.is_file():
        data = json.loads(json_file.read_text(encoding="utf-8"))
        if "shards" not in data.get("config", {}):
            return data
    if js_file.is_file():
        text = js_file.read_text(encoding="utf-8")
        prefix = "var __index = "
        if text.startswith(prefix):
            return json.loads(text[len(prefix):])
    return None


WORKER_SCRIPT = Path(__file__).with_name("search_shards.js")
_WORKER_MARK = "/* search_shards.js:"


def search_workers(site_dir: Path) -> list[Path]:
    return sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.js"))


def prepend_worker_script(worker: Path) -> None:
    """Our worker code first (its message listener must run before Material's), then Material's
    worker. The source map comment goes: its line numbers no longer fit."""
    code = worker.read_text(encoding="utf-8")
    if _WORKER_MARK in code:
        return
    code = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", code)
    ours = WORKER_SCRIPT.read_text(encoding="utf-8")
    worker.write_text(ours.rstrip("\n") + "\n" + code, encoding="utf-8")


def write_sharded_index(site_dir: Path, variants: tuple[IndexVariant, ...] = ()) -> ShardedIndex | None:
    """Shard the built site's search index and teach its search worker to use the shards.
    None (and nothing changed) when the index or Material's worker is not where expected."""
    search_dir = site_dir / "search"
    workers = search_workers(site_dir)
    index = read_full_index(search_dir)
    if index is None or not workers:
        return None
    base = Path(os.path.relpath(search_dir / SHARD_FOLDER, workers[0].parent)).as_posix() + "/"
    sharded = build_sharded_index(index, base, variants)
    folder = search_dir / SHARD_FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, body in sorted(sharded.files.items()):
        (folder / name).write_bytes(body)
    for worker in workers:
        prepend_worker_script(worker)
    (search_dir / "search_index.json").write_bytes(_dumps(sharded.manifest))
    return sharded
