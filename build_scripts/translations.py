"""The digest's own translations: editorial files keyed to the stable block ids.

`editorial/translations/<slug>.yaml` holds, for each block of an article that the capture gives in
one language only, our translation into the other (English for a Chinese block, Chinese for an
English one), with the source text it was made from and that text's fingerprint. The build puts a
translation beside its block. When the capture's text of a block changes (a cleaning rule, an
editor's correction) its fingerprint no longer matches: the translation is shown as possibly
outdated and listed in the build report, never silently kept as current nor dropped. A block whose
English in the capture is garbled may get an English back-translation of its Chinese, labelled so.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import NOT_PROSE_ROLES, Article, Block, Sentence
from .yamlio import LineDict, load_yaml

TRANSLATIONS_DIR = "editorial/translations"
# Blocks shown in the header from the sidecar's metadata (title, byline): not translated here.
UNTRANSLATED_ROLES = NOT_PROSE_ROLES
_FIELDS = {"source", "fingerprint", "en", "zh"}
_BLOCK_ID = re.compile(r"^[a-z]-[0-9a-f]{8}(?:-\d+)?$")


@dataclass
class Translation:
    """One translation as the editorial file gives it."""

    block: str          # id of the block it translates
    lang: str           # language of the translation: "en" or "zh"
    text: str           # "" while wanted
    fingerprint: str    # fingerprint of the source text it was made from
    source: str         # that source text, for reviewers
    line: int           # line of the entry in the file


@dataclass
class Rendering:
    """A translation placed beside its block: the text as a block of its own, and its state."""

    source: Block
    block: Block        # the translation, as a block the annotator and the writer can use
    state: str          # "current" or "outdated"
    back_translation: bool   # the capture has this block's other language, but garbled
    line: int


@dataclass
class Coverage:
    """How much of one article reads in both languages."""

    slug: str
    path: str                               # the translation file, relative to the project
    wanted: list[str] = field(default_factory=list)       # block ids that need a translation
    current: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    orphans: list[tuple[str, int]] = field(default_factory=list)   # (id, line): no such block any more

    @property
    def percent(self) -> int:
        return 100 if not self.wanted else (100 * len(self.current)) // len(self.wanted)


def fingerprint(text: str) -> str:
    """Stable under Unicode normalisation and whitespace changes; changes with any real edit."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def translation_path(slug: str) -> str:
    return f"{TRANSLATIONS_DIR}/{slug}.yaml"


def target_lang(block: Block) -> str:
    return "zh" if block.lang == "en" else "en"


def wants_translation(block: Block, by_id: dict[str, Block]) -> bool:
    """A block needs our translation when the capture gives it in one language only, or when the
    capture's other language is garbled (then our text is a back-translation)."""
    if block.role in UNTRANSLATED_ROLES or not block.text.strip():
        return False
    partner = by_id.get(block.pair) if block.pair else None
    if partner is None:
        return True
    return block.lang == "zh" and partner.garbled


def load_translations(path: Path) -> dict[str, Translation]:
    """Block id -> translation, from one article's file (a missing file has none)."""
    if not path.exists():
        return {}
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path, "must be a mapping with 'article' and 'blocks'", line=1)
    for key in data:
        if key not in ("article", "blocks"):
            raise InputError(path, f"unknown field '{key}'", line=data.line_of(key), field=key)
    blocks = data.get("blocks") or LineDict()
    if not isinstance(blocks, dict):
        raise InputError(path, "'blocks' maps block ids to translations", line=data.line_of("blocks"), field="blocks")
    out = {}
    for block_id, entry in blocks.items():
        line = blocks.line_of(block_id)
        if not isinstance(block_id, str) or not _BLOCK_ID.match(block_id):
            raise InputError(path, f"'{block_id}' is not a block id (like p-1a2b3c4d)", line=line, field="blocks")
        if not isinstance(entry, dict):
            raise InputError(path, "each block's entry is a mapping (source, fingerprint, en or zh)", line=line,
                             field=block_id)
        for key in entry:
            if key not in _FIELDS:
                raise InputError(path, f"unknown field '{key}'", line=entry.line_of(key), field=f"{block_id}.{key}")
            if not isinstance(entry[key], str):
                raise InputError(path, "must be text", line=entry.line_of(key), field=f"{block_id}.{key}")
        languages = [lang for lang in ("en", "zh") if lang in entry]
        if len(languages) != 1:
            raise InputError(path, "give the translation as exactly one of 'en' or 'zh'", line=line, field=block_id)
        if "fingerprint" not in entry:
            raise InputError(path, "no fingerprint of the source text (`python -m build_scripts translations "
                             "update` writes it)", line=line, field=f"{block_id}.fingerprint")
        lang = languages[0]
        out[block_id] = Translation(block_id, lang, entry[lang].strip(), entry["fingerprint"].strip(),
                                    entry.get("source", ""), line)
    return out


def attach_translations(article: Article, translations: dict[str, Translation], path: str
                        ) -> tuple[dict[str, Rendering], Coverage]:
    """Each usable translation beside its block, and the article's coverage."""
    by_id = {b.id: b for b in article.blocks}
    coverage = Coverage(article.slug, path)
    renderings: dict[str, Rendering] = {}
    for block_id, translation in translations.items():
        block = by_id.get(block_id)
        if block is None or translation.lang != target_lang(block):
            coverage.orphans.append((block_id, translation.line))
            continue
        if not translation.text:
            continue
        state = "current" if translation.fingerprint == fingerprint(block.text) else "outdated"
        partner = by_id.get(block.pair) if block.pair else None
        ours = Block(kind=block.kind, text=translation.text, line=block.line, role=block.role,
                     lang=translation.lang, script="Hans" if translation.lang == "zh" else "neutral",
                     id=f"{block.id}-{translation.lang}", level=block.level,
                     sentences=[Sentence(translation.text)])
        renderings[block_id] = Rendering(block, ours, state, partner is not None, translation.line)
    for block in article.blocks:
        if not wants_translation(block, by_id):
            continue
        coverage.wanted.append(block.id)
        rendering = renderings.get(block.id)
        if rendering is None:
            coverage.missing.append(block.id)
        else:
            (coverage.current if rendering.state == "current" else coverage.outdated).append(block.id)
    return renderings, coverage


# --- keeping the files up to date --------------------------------------------------------------

def updated_file(article: Article, existing: dict[str, Translation]) -> str:
    """The article's translation file with an entry for every block that wants one: existing
    entries kept as they are (an outdated one keeps its old fingerprint until an editor revises
    it), new ones added with the source text, its fingerprint and an empty translation."""
    by_id = {b.id: b for b in article.blocks}
    lines = [f"# Our own translations for the article '{article.slug}': the digest's work, labelled so on",
             "# the page. Keyed by block id (the paragraph's ¶ anchor). `source` is the text translated and",
             "# `fingerprint` its hash: when the capture's text changes, the page marks the translation as",
             "# possibly outdated. Revise the translation, then copy the new source and fingerprint that",
             "# `python -m build_scripts translations status --article SLUG` prints.",
             f"article: {article.slug}", "blocks:"]
    written = set()
    for block in article.blocks:
        if block.id in existing:
            lines.extend(_entry(block.id, existing[block.id]))
            written.add(block.id)
        elif wants_translation(block, by_id):
            lines.extend(_entry(block.id, Translation(block.id, target_lang(block), "", fingerprint(block.text),
                                                      block.text, 0)))
    for block_id, translation in existing.items():     # orphans stay, for an editor to re-key
        if block_id not in written:
            lines.extend(_entry(block_id, translation))
    return "\n".join(lines) + "\n"


def _entry(block_id: str, translation: Translation) -> list[str]:
    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)
    return [f"  {block_id}:",
            f"    source: {quoted(translation.source)}",
            f"    fingerprint: {quoted(translation.fingerprint)}",
            f"    {translation.lang}: {quoted(translation.text)}"]
