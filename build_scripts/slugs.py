"""Slugs that never move: the URL an article got when it was first built is kept in
editorial/slugs.yaml, which the build writes and editors commit.

A slug comes, in this order, from the capture's sidecar (an editor's choice), from the registry
(the article was built before), or from the title (a new article). A new article's guessed slug
never takes one that is registered or set by a sidecar, so adding a capture cannot move an older
article's page.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError
from .model import Capture
from .yamlio import load_yaml

REGISTRY_PATH = "editorial/slugs.yaml"
_KEPT = f"guessed from the title when first built, then kept in {REGISTRY_PATH}"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER = """\
# Written by `python -m build_scripts build`: the URL slug each article got when it was first built,
# by capture file and article number. Commit it with the pages: a slug listed here is kept whatever
# captures are added later. To move a page on purpose, set `slug:` in the capture's sidecar
# (editorial/captures/NAME.yaml); this file then follows.
"""


def load_registry(path: Path) -> dict[tuple[str, int], str]:
    """{(capture file, article index): slug}; an absent file is an empty registry."""
    if not path.is_file():
        return {}
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path, "the slug registry must map capture files to {article number: slug}", line=1)
    registry = {}
    for capture, articles in data.items():
        if not isinstance(articles, dict):
            raise InputError(path, f"'{capture}' must map article numbers to slugs", line=data.line_of(capture),
                             field=str(capture))
        for index, slug in articles.items():
            if not (isinstance(index, int) and isinstance(slug, str) and _SLUG.match(slug)):
                raise InputError(path, f"'{capture}': article {index!r} needs a slug of lower-case letters, digits "
                                 "and hyphens", line=articles.line_of(index), field=f"{capture}.{index}")
            registry[(str(capture), index)] = slug
    return registry


def render_registry(captures: list[Capture]) -> str:
    lines = [_HEADER]
    for capture in sorted(captures, key=lambda c: c.name):
        lines.append(f"{_quoted(capture.name)}:\n")
        lines.extend(f"  {article.index}: {article.slug}\n" for article in capture.articles)
    return "".join(lines)


def _quoted(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_.\-]+", name) else '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def assign_slugs(captures: list[Capture], registry: dict[tuple[str, int], str], sidecar_for) -> list[InputError]:
    """Gives every article its lasting slug (in place) and returns the conflicts between sidecars.
    `sidecar_for(capture name)` is the sidecar's path, for errors."""
    errors: list[InputError] = []
    owner: dict[str, str] = {}      # slug -> capture that holds it
    articles = [(c, a) for c in captures for a in c.articles]

    def claim(capture: Capture, slug: str) -> None:
        owner.setdefault(slug, capture.name)

    # 1. Slugs editors set in sidecars.
    for capture, article in articles:
        if "slug" in article.inferred:
            continue
        if article.slug in owner:
            errors.append(InputError(sidecar_for(capture.name),
                                     f"slug '{article.slug}' is also used by {owner[article.slug]}", field="slug"))
        claim(capture, article.slug)
    # 2. Slugs of articles built before, unless a sidecar has taken one since.
    fresh = []
    for capture, article in articles:
        if "slug" not in article.inferred:
            continue
        registered = registry.get((capture.name, article.index))
        if registered and registered not in owner:
            article.inferred["slug"] = _kept_note(article.slug, registered)
            article.slug = registered
            claim(capture, registered)
        else:
            fresh.append((capture, article))
    # 3. New articles: the guess from the title, made unique against everything above.
    reserved = set(registry.values())
    for capture, article in fresh:
        guess = article.slug
        if guess in owner or guess in reserved - {registry.get((capture.name, article.index))}:
            article.slug = unique_slug(guess, capture.name, article.index, owner.get(guess) == capture.name,
                                       set(owner) | reserved)
        # Worded as the next build will word it, when the registry holds this slug: a rebuild
        # with no change must give a byte-identical report.
        article.inferred["slug"] = _kept_note(guess, article.slug)
        claim(capture, article.slug)
    return errors


def _kept_note(guess: str, slug: str) -> str:
    """Where a registered slug came from, told from the title's guess alone, so that the first
    build and every later one describe it alike."""
    if slug == guess:
        return _KEPT
    if slug.startswith(guess + "-"):
        return f"{_KEPT} ('{guess}' was taken)"
    return f"{_KEPT} (the title now suggests '{guess}')"


def unique_slug(slug: str, capture_name: str, index: int, same_capture: bool, taken: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(capture_name).stem.lower()).strip("-")[:20].strip("-")
    candidates = (f"{slug}-{index}",) if same_capture else (f"{slug}-{stem}", f"{slug}-{stem}-{index}")
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[-1]}-{number}" in taken:
        number += 1
    return f"{candidates[-1]}-{number}"
