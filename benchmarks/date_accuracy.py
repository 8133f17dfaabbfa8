"""How well the date extractor does on the hand-labelled seeds and on the date corpus.

    .venv/bin/python benchmarks/date_accuracy.py [--verbose] [--corpus]

--corpus scores tests/fixtures/dates/corpus-*.jsonl instead: news sentences of our own, one date
expression each with its gold TIMEX3 value against a published date, in families (Chinese numerals,
ROC years, weekdays, "the day after tomorrow" …), and negatives that must give no date (identity
numbers, ratios, names). It prints the accuracy per family (the expression found with the right
value, range end and modifier) and the false positives on the negatives.

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
CORPUS = sorted((ROOT / "tests" / "fixtures" / "dates").glob("corpus-*.jsonl"))
GOALS = {"precision": 0.95, "recall": 0.90, "value accuracy": 0.95}
CORPUS_GOALS = {"accuracy": 0.95, "false positives": 0.01}


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


@dataclass
class CaseResult:
    case: dict
    found: str | None          # the value found where the gold expression is (None: nothing there)
    right: bool


def load_corpus(paths=CORPUS) -> list[dict]:
    cases = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                cases.append(dict(json.loads(line), source=f"{path.name}:{number}"))
    return cases


def score_case(case: dict, rules) -> CaseResult:
    """The expression found at the gold span, and whether its value, range end and modifier are the
    gold ones; for a negative, whether anything was found there."""
    text, expr = case["text"], case["expr"]
    start = text.find(expr)
    if start < 0:
        raise SystemExit(f"{case['source']}: expression {expr!r} is not in the text")
    span = (start, start + len(expr))
    lang = "en" if case["id"].startswith("en") else "zh"
    found = [m for m in find_dates(text, date.fromisoformat(case["ref"]), rules, lang)
             if m.start < span[1] and span[0] < m.end]
    if case.get("negative"):
        return CaseResult(case, found[0].value if found else None, not found)
    if not found:
        return CaseResult(case, None, False)
    best = found[0]
    got = (best.value, best.end_value, best.mod)
    return CaseResult(case, best.value + (f"..{best.end_value}" if best.end_value else "") +
                      (f" {best.mod}" if best.mod else ""),
                      got == (case["value"], case.get("end_value"), case.get("mod")))


def corpus_report(verbose: bool) -> int:
    rules = load_date_rules(ROOT / "rules" / "dates.yaml")
    results = [score_case(case, rules) for case in load_corpus()]
    families: dict[str, list[CaseResult]] = {}
    for result in results:
        families.setdefault(result.case["family"], []).append(result)
    print(f"{'family':<28} {'cases':>6} {'right':>6} {'accuracy':>9}")
    positives = [r for r in results if not r.case.get("negative")]
    negatives = [r for r in results if r.case.get("negative")]
    for name, members in sorted(families.items()):
        right = sum(r.right for r in members)
        label = "no date (right)" if members[0].case.get("negative") else "accuracy"
        print(f"{name:<28} {len(members):>6} {right:>6} {right / len(members):>9.1%}" +
              (f"  {label}" if members[0].case.get("negative") else ""))
    for lang in ("zh", "en"):
        members = [r for r in positives if r.case["id"].startswith(lang)]
        if members:
            right = sum(r.right for r in members)
            print(f"{'total ' + lang:<28} {len(members):>6} {right:>6} {right / len(members):>9.1%}")
    accuracy = sum(r.right for r in positives) / len(positives) if positives else 1.0
    false_positive = sum(not r.right for r in negatives) / len(negatives) if negatives else 0.0
    print(f"{'total':<28} {len(positives):>6} {sum(r.right for r in positives):>6} {accuracy:>9.1%}")
    for lang in ("zh", "en"):
        members = [r for r in negatives if r.case["id"].startswith(lang)]
        if members:
            wrong = sum(not r.right for r in members)
            print(f"false positives {lang}: {wrong} of {len(members)} negatives ({wrong / len(members):.1%})")
    print(f"false positives: {sum(not r.right for r in negatives)} of {len(negatives)} negatives ({false_positive:.1%})")
    met = accuracy >= CORPUS_GOALS["accuracy"] and false_positive <= CORPUS_GOALS["false positives"]
    print(f"goals: accuracy ≥ {CORPUS_GOALS['accuracy']:.0%} ({'met' if accuracy >= CORPUS_GOALS['accuracy'] else 'NOT met'}), "
          f"false positives ≤ {CORPUS_GOALS['false positives']:.0%} "
          f"({'met' if false_positive <= CORPUS_GOALS['false positives'] else 'NOT met'})")
    if verbose:
        for r in results:
            if not r.right:
                c = r.case
                want = "no date" if c.get("negative") else c["value"] + (f"..{c['end_value']}" if c.get("end_value") else "") + \
                    (f" {c['mod']}" if c.get("mod") else "")
                print(f"  {c['id']:<9} {c['family']:<22} {c['expr']!r} (ref {c['ref']}): got {r.found}, want {want}"
                      f"  | {c['text'][:70]}")
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss, false positive and wrong value")
    parser.add_argument("--corpus", action="store_true", help="score the date corpus instead of the seeds")
    args = parser.parse_args()
    if args.corpus:
        return corpus_report(args.verbose)
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
