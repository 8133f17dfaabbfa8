"""Editorial notes: context, caveats and corrections attached to a passage of an article.

`editorial/notes/<slug>.yaml` gives an article its opening context paragraph and its notes. A note
is anchored by a quote of the passage, as Hypothesis and the W3C Web Annotation model do (a
TextQuoteSelector: the exact text, optionally a little text before and after it), not by a block
id or an offset, so it survives re-segmentation and rebuilds. The quote is matched in the
capture's text, ignoring whitespace and the difference between Simplified and Traditional; where it
matches more than once, the prefix and suffix choose. A quote that is no longer in the article is
an error that names the note: the build and `check` stop rather than drop it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .language import simplified_same_length
from .model import NOT_PROSE_ROLES, Article, Block
from .yamlio import LineDict, load_yaml

NOTES_DIR = "editorial/notes"
NOTE_KINDS = ("context", "caveat", "correction")
_NOTE_FIELDS = {"quote", "prefix", "suffix", "kind", "en", "zh"}
# Blocks whose text is on the page in the flow (the header's title and byline come from the sidecar).
_ANCHOR_ROLES_EXCLUDED = NOT_PROSE_ROLES


@dataclass
class Note:
    quote: str
    prefix: str
    suffix: str
    kind: str
    text: dict[str, str]    # "en" / "zh": our note
    line: int
    index: int              # position in the file, 1-based (how an error names it)


@dataclass
class AnchoredNote:
    number: int             # 1, 2, ... in the order of the text
    note: Note
    block: str              # id of the block where the quote ends: the marker goes there
    end: int                # offset in that block's text just after the quote


@dataclass
class NotesFile:
    context: dict[str, str]
    notes: list[Note]


def notes_path(slug: str) -> str:
    return f"{NOTES_DIR}/{slug}.yaml"


def load_notes(path: Path) -> NotesFile:
    if not path.exists():
        return NotesFile({}, [])
    data = load_yaml(path)
    if data is None:
        return NotesFile({}, [])
    if not isinstance(data, dict):
        raise InputError(path, "must be a mapping with 'context' and 'notes'", line=1)
    for key in data:
        if key not in ("context", "notes"):
            raise InputError(path, f"unknown field '{key}'", line=data.line_of(key), field=key)
    context = _bilingual(path, data.get("context") or LineDict(), data.line_of("context"), "context")
    entries = data.get("notes") or []
    if not isinstance(entries, list):
        raise InputError(path, "'notes' is a list", line=data.line_of("notes"), field="notes")
    notes = []
    for index, entry in enumerate(entries, start=1):
        line = entries.line_of(index - 1)
        where = f"notes[{index}]"
        if not isinstance(entry, dict):
            raise InputError(path, "each note is a mapping (quote, kind, en, zh)", line=line, field=where)
        for key in entry:
            if key not in _NOTE_FIELDS:
                raise InputError(path, f"unknown field '{key}'", line=entry.line_of(key), field=f"{where}.{key}")
        quote = entry.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            raise InputError(path, "a note needs the exact text it is about ('quote')", line=line,
                             field=f"{where}.quote")
        for key in ("prefix", "suffix"):
            if not isinstance(entry.get(key, ""), str):
                raise InputError(path, "must be text", line=entry.line_of(key), field=f"{where}.{key}")
        kind = entry.get("kind", "context")
        if kind not in NOTE_KINDS:
            raise InputError(path, f"kind must be one of {', '.join(NOTE_KINDS)}", line=entry.line_of("kind"),
                             field=f"{where}.kind")
        text = _bilingual(path, {k: entry[k] for k in ("en", "zh") if k in entry}, line, where)
        if not text:
            raise InputError(path, "a note needs its text in 'en' and/or 'zh'", line=line, field=where)
        notes.append(Note(quote.strip(), entry.get("prefix", ""), entry.get("suffix", ""), kind, text, line, index))
    return NotesFile(context, notes)


def _bilingual(path: Path, value, line: int, field: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InputError(path, "must be a mapping {en: ..., zh: ...}", line=line, field=field)
    out = {}
    for key, text in value.items():
        if key not in ("en", "zh"):
            raise InputError(path, f"unknown language '{key}' (en or zh)", line=line, field=f"{field}.{key}")
        if not isinstance(text, str):
            raise InputError(path, "must be text", line=line, field=f"{field}.{key}")
        if text.strip():
            out[key] = text.strip()
    return out


# --- anchoring -----------------------------------------------------------------------------------

def anchor_notes(article: Article, notes: list[Note], path: Path | str) -> list[AnchoredNote]:
    """Each note placed where its quote is in the article, numbered in the order of the text."""
    if not notes:
        return []
    blocks = [b for b in article.blocks if b.role not in _ANCHOR_ROLES_EXCLUDED]
    text, starts = _joined(blocks)
    normal = _comparable(text)
    placed = []
    for note in notes:
        position = _locate(normal, note)
        if position is None:
            raise InputError(path, f"note {note.index}: its quote '{_short(note.quote)}' is no longer in the "
                             f"article '{article.slug}' (fix the quote, or remove the note)",
                             line=note.line, field=f"notes[{note.index}].quote")
        index = max(i for i, start in enumerate(starts) if start < position) if position else 0
        block = blocks[index]
        end = min(position - starts[index], len(block.text))
        placed.append((_order(article, block.id), end, note.index, AnchoredNote(0, note, block.id, end)))
    placed.sort(key=lambda item: item[:3])
    for number, (*_, anchored) in enumerate(placed, start=1):
        anchored.number = number
    return [anchored for *_, anchored in placed]


def _joined(blocks: list[Block]) -> tuple[str, list[int]]:
    starts, parts, offset = [], [], 0
    for block in blocks:
        starts.append(offset)
        parts.append(block.text)
        offset += len(block.text) + 1
    return "\n".join(parts), starts


def _comparable(text: str) -> str:
    return simplified_same_length(text)


def _pattern(text: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in _comparable(text) if not ch.isspace())


def _locate(text: str, note: Note) -> int | None:
    """Offset in text just after the best match of the note's quote, or None."""
    best, best_score = None, -1
    for match in re.finditer(_pattern(note.quote), text):
        score = (_shared_tail(text[:match.start()], note.prefix) + _shared_head(text[match.end():], note.suffix))
        if score > best_score:
            best, best_score = match.end(), score
    return best


def _squeezed(text: str) -> str:
    return "".join(ch for ch in _comparable(text) if not ch.isspace())


def _shared_tail(before: str, prefix: str) -> int:
    a, b = _squeezed(before[-4 * len(prefix) - 8:]), _squeezed(prefix)
    count = 0
    while count < min(len(a), len(b)) and a[-1 - count] == b[-1 - count]:
        count += 1
    return count


def _shared_head(after: str, suffix: str) -> int:
    a, b = _squeezed(after[:4 * len(suffix) + 8]), _squeezed(suffix)
    count = 0
    while count < min(len(a), len(b)) and a[count] == b[count]:
        count += 1
    return count


def _order(article: Article, block_id: str) -> int:
    return next(i for i, b in enumerate(article.blocks) if b.id == block_id)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
