"""Script conversion against hand-made expected conversions, per family of trap.

    .venv/bin/python benchmarks/conversion_accuracy.py [--verbose]

tests/fixtures/conversion/s2t.jsonl (Simplified -> Traditional) and t2s.jsonl (Traditional ->
Simplified) are news sentences of our own, each with the conversion a careful editor makes under the
house style written in rules/conversion.yaml: characters by sense, the capture's vocabulary kept
but for the reviewed news words, names converted character by character. They were written without
the converter in view. The converter is the site's, from rules/conversion.yaml alone: the glossary's
regional names (特朗普 -> 川普 outside quotations) are a choice of the digest, tested on their own.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.glossary import Glossary  # noqa: E402
from build_scripts.variants import load_converters  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "conversion"
DIRECTIONS = {"s2t": "zh-Hant", "t2s": "zh-Hans"}
GOAL = 0.95     # share of sentences converted exactly as expected, in each direction


def load_cases(direction: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / f"{direction}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def evaluate(rules_path: Path = ROOT / "rules" / "conversion.yaml") -> dict[str, list[tuple[dict, str]]]:
    """Direction -> (case, what the converter gave) for every case."""
    converters = load_converters(Glossary({}), rules_path)
    return {direction: [(case, converters[code].convert(case["text"])) for case in load_cases(direction)]
            for direction, code in DIRECTIONS.items()}


def table(results: dict[str, list[tuple[dict, str]]]) -> tuple[list[str], dict[str, float]]:
    rows, shares = [f"{'direction':<10} {'family':<12} {'cases':>5} {'right':>7}"], {}
    for direction, outcomes in results.items():
        families = defaultdict(list)
        for case, got in outcomes:
            families[case["family"]].append(got == case["expected"])
        for family, marks in sorted(families.items()):
            rows.append(f"{direction:<10} {family:<12} {len(marks):>5} {sum(marks) / len(marks):>7.0%}")
        shares[direction] = sum(got == case["expected"] for case, got in outcomes) / len(outcomes)
        rows.append(f"{direction:<10} {'total':<12} {len(outcomes):>5} {shares[direction]:>7.0%}")
    return rows, shares


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every sentence converted otherwise")
    args = parser.parse_args()
    results = evaluate()
    rows, shares = table(results)
    print("\n".join(rows))
    if args.verbose:
        for outcomes in results.values():
            for case, got in outcomes:
                if got != case["expected"]:
                    print(f"  {case['id']} ({case['why']})\n    want {case['expected']}\n    got  {got}")
    return 0 if all(share >= GOAL for share in shares.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
