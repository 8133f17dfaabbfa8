"""Synthetic corpora for the scale benchmark: new captures made by recombining the real seeds'
paragraphs, so that they carry the same mess (glued words, Kangxi look-alikes, portal chrome,
interleaved English and Chinese) at any size, with no network.

Capture N is built from seed N mod 3: its opening lines (headline, byline) are kept, then a
random selection of its paragraphs in a random order (a one-line seed is cut at sentence ends
first, and put back on one line). The generator is seeded by N, so a corpus is the same on
every machine.
"""
from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

# Sentence ends to cut a long line at, keeping the punctuation with its sentence.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+(?=[A-Z])")
_LONG_LINE = 300
_HEAD_UNITS = 3


@dataclass(frozen=True)
class Template:
    name: str
    head: list[str]         # kept in order at the top
    body: list[str]         # paragraphs (or sentences) to recombine
    joiner: str             # how the template separates them: "\n\n", "\n" or " " (a one-line capture)


def load_templates(seeds: Path) -> list[Template]:
    templates = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) == 1:
            joiner = " "
        elif "\n\n" in text:
            joiner = "\n\n"
        else:
            joiner = "\n"
        units = []
        for line in lines:
            pieces = [p for p in _SENTENCE_END.split(line) if p and p.strip()] if len(line) > _LONG_LINE else [line]
            units.extend(pieces)
        templates.append(Template(path.name, units[:_HEAD_UNITS], units[_HEAD_UNITS:], joiner))
    if not templates:
        raise SystemExit(f"no seeds in {seeds}")
    return templates


def synthetic_capture(templates: list[Template], number: int) -> str:
    rng = random.Random(number)
    template = templates[number % len(templates)]
    count = min(len(template.body), rng.randint(12, 40))
    body = rng.sample(template.body, count)
    return template.joiner.join(template.head + body) + "\n"


def capture_name(number: int) -> str:
    return f"synthetic_{number:05d}.txt"


def write_corpus(project_root: Path, size: int, seeds: Path) -> list[Path]:
    """Replace the project's seeds/ with the real seeds plus synthetic captures, `size` in all."""
    templates = load_templates(seeds)
    target = project_root / "seeds"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    written = []
    for real in sorted(seeds.glob("*.txt"))[:size]:
        shutil.copyfile(real, target / real.name)
        written.append(target / real.name)
    for number in range(len(written), size):
        path = target / capture_name(number)
        path.write_text(synthetic_capture(templates, number), encoding="utf-8")
        written.append(path)
    return written
