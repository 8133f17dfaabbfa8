"""A built article keeps its URL whatever captures arrive later (editorial/slugs.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.errors import InputError
from build_scripts.metadata import Sidecar
from build_scripts.pipeline import parse_capture
from build_scripts.segmenter import Overrides
from build_scripts.slugs import assign_slugs, load_registry, render_registry

STORY = "Port of Nanwan opens its seventh container terminal\n\n{body}\n"


def _capture(folder: Path, name: str, body: str, rules):
    path = folder / name
    path.write_text(STORY.format(body=body), encoding="utf-8")
    return parse_capture(path, rules, sidecar=Sidecar(None, {}, Overrides()))


def _build(captures, folder: Path) -> dict[str, str]:
    """assign slugs as a build does, and write the registry it would commit."""
    registry_path = folder / "slugs.yaml"
    errors = assign_slugs(captures, load_registry(registry_path), lambda name: folder / name)
    assert errors == []
    registry_path.write_text(render_registry(captures), encoding="utf-8")
    return {c.name: c.articles[0].slug for c in captures}


def test_a_new_capture_that_sorts_first_does_not_take_an_old_articles_url(tmp_path, rules):
    old = _capture(tmp_path, "zz-old.txt", "The terminal opened on Monday with two berths in use.", rules)
    first = _build([old], tmp_path)
    assert first == {"zz-old.txt": "port-of-nanwan-opens-its-seventh-container-terminal"}
    # A second capture with the same headline, whose name sorts before the first one.
    new = _capture(tmp_path, "aa-new.txt", "Officials said a third berth would open next year.", rules)
    old_again = _capture(tmp_path, "zz-old.txt", "The terminal opened on Monday with two berths in use.", rules)
    second = _build([new, old_again], tmp_path)
    assert second["zz-old.txt"] == first["zz-old.txt"]
    assert second["aa-new.txt"] != first["zz-old.txt"]
    assert "taken" in new.articles[0].inferred["slug"]
    # And the next build is stable: nothing moves once both are registered.
    third = _build([_capture(tmp_path, "aa-new.txt", "Officials said a third berth would open next year.", rules),
                    _capture(tmp_path, "zz-old.txt", "The terminal opened on Monday with two berths in use.", rules)],
                   tmp_path)
    assert third == second


def test_a_changed_title_keeps_the_registered_url(tmp_path, rules):
    capture = _capture(tmp_path, "story.txt", "The terminal opened on Monday.", rules)
    before = _build([capture], tmp_path)["story.txt"]
    path = tmp_path / "story.txt"
    path.write_text("Nanwan terminal opening delayed by a week\n\nThe opening moved to Monday.\n", encoding="utf-8")
    edited = parse_capture(path, rules, sidecar=Sidecar(None, {}, Overrides()))
    assert _build([edited], tmp_path)["story.txt"] == before


def test_a_sidecar_slug_wins_and_the_registry_follows(tmp_path, rules):
    capture = _capture(tmp_path, "story.txt", "The terminal opened on Monday.", rules)
    _build([capture], tmp_path)
    chosen = _capture(tmp_path, "story.txt", "The terminal opened on Monday.", rules)
    chosen.articles[0].slug = "nanwan-terminal"
    del chosen.articles[0].inferred["slug"]         # as when the sidecar sets it
    assert _build([chosen], tmp_path) == {"story.txt": "nanwan-terminal"}
    assert "story.txt:\n  1: nanwan-terminal\n" in (tmp_path / "slugs.yaml").read_text(encoding="utf-8")


def test_a_broken_registry_names_the_file_and_line(tmp_path):
    path = tmp_path / "slugs.yaml"
    path.write_text("story.txt:\n  1: Not A Slug\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_registry(path)
    assert caught.value.line == 2 and "slugs.yaml, line 2" in str(caught.value)


def test_the_repository_registry_lists_every_built_article(project, seeds):
    registry = load_registry(project.root / "editorial" / "slugs.yaml")
    for name, data in seeds.items():
        for index, article in enumerate(data["articles"], start=1):
            assert registry[(name, index)] == article["slug"]
