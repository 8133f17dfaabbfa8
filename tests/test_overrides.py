"""Editors can overrule segmentation in a sidecar, with exact quotes; the build obeys."""
from __future__ import annotations

import pytest

from build_scripts.errors import InputError
from build_scripts.metadata import load_sidecar
from build_scripts.model import to_inspect_json
from build_scripts.pipeline import parse_capture
from tests.conftest import FIXTURES

CAPTURE = FIXTURES / "zh_hans_plain.txt"


def _parse(tmp_path, rules, sidecar_text):
    sidecar = tmp_path / "sidecar.yaml"
    sidecar.write_text(sidecar_text, encoding="utf-8")
    return to_inspect_json(parse_capture(CAPTURE, rules, sidecar=load_sidecar(sidecar)))


def test_editor_headings_captions_and_breaks_are_obeyed(tmp_path, rules):
    lines = [line for line in CAPTURE.read_text(encoding="utf-8").split("\n") if line.strip()]
    long_line = next(line for line in lines[1:] if len([x for x in line.split("\u3002") if x]) >= 3)
    sentences = [x for x in long_line.split("\u3002") if x]
    other = next(line for line in lines[1:] if line != long_line)
    heading_quote, caption_quote, break_quote = other[:8], sentences[1][:10], sentences[2][:10]
    data = _parse(tmp_path, rules, f"""
segmentation:
  headings: ["{heading_quote}"]
  captions: ["{caption_quote}"]
  paragraph_starts: ["{break_quote}"]
articles:
  - title: {{en: "An editor's English title"}}
    published: 2025-11-04
""")
    (article,) = data["articles"]
    blocks = article["blocks"]
    assert any(b["kind"] == "heading" and b["text"] == heading_quote for b in blocks)
    assert any(b["kind"] == "caption" and b["text"] == caption_quote for b in blocks)
    assert any(b["text"].startswith(break_quote) for b in blocks)
    assert article["title_en"] == "An editor's English title" and article["published"] == "2025-11-04"
    assert "published" not in article["inferred"]


def test_article_starts_split_a_capture(tmp_path, rules):
    lines = [line for line in CAPTURE.read_text(encoding="utf-8").split("\n") if line.strip()]
    data = _parse(tmp_path, rules, f'segmentation:\n  article_starts: ["{lines[3][:12]}"]\n')
    assert len(data["articles"]) == 2
    assert data["articles"][1]["blocks"][0]["text"].startswith(lines[3][:12])


@pytest.mark.parametrize("text, field", [
    ("segmentation:\n  headings: heading\n", "segmentation.headings"),
    ("segmentation:\n  split_here: [x]\n", "segmentation.split_here"),
    ("articles:\n  - slug: Not A Slug\n", "slug"),
    ("articles:\n  - authors: Jane\n", "authors"),
    ("articles:\n  - title: {fr: Titre}\n", "title"),
])
def test_malformed_sidecars_name_the_field(tmp_path, rules, text, field):
    with pytest.raises(InputError) as caught:
        _parse(tmp_path, rules, text)
    assert caught.value.field == field and caught.value.line == 2
