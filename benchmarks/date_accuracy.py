"""How well the date extractor does on the hand-labelled seeds.

    .venv/bin/python benchmarks/date_accuracy.py [--verbose]

Gold labels: tests/fixtures/dates/seed-labels.jsonl, one date expression per line with its
article, block, exact text, occurrence and TIMEX3 value. Each block of each seed article is
run through build_scripts.dates against the article's published date. A found expression
matches a label when their spans overlap in the same block. Labels marked "borderline" are
optional: finding them is neither rewarded nor punished.

Prints precision and recall of extraction and the share of matched expressions whose value
(and range end, and START/MID/END modifier) is right, per capture and in total; --verbose lists every miss.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.dates import find_dates, load_date_rules  # noqa: E402
from build_scripts.pipeline import load_project_glossary, load_project_rules, parse_all  # noqa: E402
from build_scripts.project import Project  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "dates" / "seed-labels.jsonl"
GOALS = {"precision": 0.95, "recall": 0.90, "value accuracy": 0.95}


@dataclass
class Score:
    found: int = 0
    false_positives: int = 0
    gold: int = 0
    missed: int = 0
    matched: int = 0
    right_value: int = 0

    def add(self, other: "Score") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return (self.found - self.false_positives) / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return (self.gold - self.missed) / self.gold if self.gold else 1.0

    @property
    def accuracy(self) -> float:
        return self.right_value / self.matched if self.matched else 1.0


def load_labels(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_span(text: str, label: dict) -> tuple[int, int] | None:
    start = -1
    for _ in range(label.get("occurrence", 0) + 1):
        start = text.find(label["text"], start + 1)
        if start < 0:
            return None
    return start, start + len(label["text"])


def evaluate(project: Project, labels: list[dict], report=None) -> dict[str, Score]:
    """Scores per capture; `report(kind, where, detail)` hears every miss when given."""
    rules = load_project_rules(project)
    date_rules = load_date_rules(project.rules / "dates.yaml")
    captures, errors = parse_all(project, rules, load_project_glossary(project))
    if errors:
        raise SystemExit("\n".join(str(e) for e in errors))
    by_block: dict[tuple[str, str], list[dict]] = {}
    for label in labels:
        by_block.setdefault((label["article"], label["block"]), []).append(label)
    scores: dict[str, Score] = {}
    for capture in captures:
        score = scores.setdefault(capture.name, Score())
        for article in capture.articles:
            ref = date.fromisoformat(article.published) if article.published else None
            for block in article.blocks:
                golds = []
                for label in by_block.pop((article.slug, block.id), []):
                    span = gold_span(block.text, label)
                    if span is None:
                        raise SystemExit(f"label not found in {article.slug}#{block.id}: {label['text']!r}")
                    golds.append((span, label))
                predicted = find_dates(block.text, ref, date_rules, block.lang) if ref else []
                _score_block(score, f"{article.slug}#{block.id}", predicted, golds, report)
    for (slug, block), left in by_block.items():
        raise SystemExit(f"labels for a block the build does not have: {slug}#{block} ({len(left)})")
    return scores


def _score_block(score: Score, where: str, predicted, golds, report) -> None:
    def overlaps(a, b) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    required = [(span, label) for span, label in golds if "borderline" not in (label.get("note") or "")]
    score.gold += len(required)
    for found in predicted:
        span = (found.start, found.end)
        partners = [label for gold_span_, label in golds if overlaps(span, gold_span_)]
        if not partners:
            score.found += 1
            score.false_positives += 1
            if report:
                report("false positive", where, f"{found.text!r} -> {found.value}")
            continue
        label = partners[0]
        if "borderline" in (label.get("note") or "") and not any(
                "borderline" not in (p.get("note") or "") for p in partners):
            continue        # an optional label: neither rewarded nor punished
        score.found += 1
        score.matched += 1
        if (found.value, found.end_value, found.mod) == (label["value"], label.get("end_value"), label.get("mod")):
            score.right_value += 1
        elif report:
            report("wrong value", where, f"{found.text!r}: {found.value}"
                   f"{'..' + found.end_value if found.end_value else ''} (gold {label['text']!r}: {label['value']}"
                   f"{'..' + label['end_value'] if label.get('end_value') else ''})")
    for span, label in required:
        if not any(overlaps(span, (f.start, f.end)) for f in predicted):
            score.missed += 1
            if report:
                report("missed", where, f"{label['text']!r} ({label['value']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss, false positive and wrong value")
    args = parser.parse_args()
    misses = []
    scores = evaluate(Project(ROOT), load_labels(), (lambda *m: misses.append(m)) if args.verbose else None)
    total = Score()
    print(f"{'capture':<28} {'labels':>6} {'found':>6} {'precision':>9} {'recall':>7} {'value ok':>9}")
    for name, score in sorted(scores.items()):
        total.add(score)
        print(f"{name:<28} {score.gold:>6} {score.found:>6} {score.precision:>9.1%} {score.recall:>7.1%} "
              f"{score.accuracy:>9.1%}")
    print(f"{'total':<28} {total.gold:>6} {total.found:>6} {total.precision:>9.1%} {total.recall:>7.1%} "
          f"{total.accuracy:>9.1%}")
    reached = {"precision": total.precision, "recall": total.recall, "value accuracy": total.accuracy}
    print("goals: " + ", ".join(f"{k} ≥ {v:.0%} ({'met' if reached[k] >= v else 'NOT met'})" for k, v in GOALS.items()))
    for kind, where, detail in misses:
        print(f"  {kind:<15} {where:<60} {detail}")
    return 0 if all(reached[k] >= v for k, v in GOALS.items()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
