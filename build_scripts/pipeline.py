"""Wires the stages: a capture file in, a Capture (articles of blocks) out."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .aligner import align
from .cleaner import clean
from .errors import InputError
from .language import to_simplified
from .glossary import Glossary, load_glossary
from .metadata import Sidecar, load_sidecar, make_article
from .model import Capture
from .project import Project
from .reader import read_capture
from .rules import Rules, load_rules
from .segmenter import Overrides, segment


def load_project_rules(project: Project) -> Rules:
    return load_rules(project.rules)


def load_project_glossary(project: Project) -> Glossary:
    return load_glossary(project.glossary, project.root)


def parse_capture(path: Path, rules: Rules, sidecar: Sidecar | None = None, project: Project | None = None,
                  glossary: Glossary | None = None) -> Capture:
    """Read, clean, segment and align one capture; attach its sidecar's metadata.
    Glossary names help: glue repair keeps English names whole, and the segmenter knows people's
    Chinese names (a name starts a sentence, so it ends a heading glued to that sentence)."""
    raw = read_capture(path)
    if sidecar is None:
        sidecar = load_sidecar(project.sidecar_for(path.name)) if project else Sidecar(None, {}, Overrides())
    cleaning, names = rules.cleaning, rules.segmentation.known_names
    if glossary is not None:
        cleaning = replace(cleaning, glue=replace(cleaning.glue, keep_words=tuple(
            sorted(set(cleaning.glue.keep_words) | set(glossary.latin_words())))))
        names = tuple(sorted(set(names) | {to_simplified(n) for n in glossary.han_names("person")}))
    cleaned = clean(raw.text, cleaning)
    drafts = segment(cleaned.lines, rules.segmentation, sidecar.overrides, extra_words=names)
    if not drafts:
        raise InputError(path, "nothing left after cleaning: every line was removed as portal chrome")
    articles = []
    for index, draft in enumerate(drafts, start=1):
        align(draft.blocks, rules.segmentation)
        articles.append(make_article(path.name, index, draft, sidecar))
    sidecar_path = None
    if sidecar.path and project:
        sidecar_path = sidecar.path.relative_to(project.root).as_posix()
    return Capture(path.name, raw.encoding, raw.sha256, articles, cleaned.changes, sidecar_path)


def parse_all(project: Project, rules: Rules, glossary: Glossary | None = None
              ) -> tuple[list[Capture], list[InputError]]:
    """Every capture in seeds/; input errors are collected so all are reported at once."""
    captures, errors = [], []
    for path in project.captures():
        try:
            captures.append(parse_capture(path, rules, project=project, glossary=glossary))
        except InputError as err:
            errors.append(err)
    seen: dict[str, str] = {}
    for capture in captures:
        for article in capture.articles:
            if article.slug in seen and seen[article.slug] != capture.name:
                errors.append(InputError(project.sidecar_for(capture.name),
                                         f"slug '{article.slug}' is also used by {seen[article.slug]}", field="slug"))
            elif article.slug in seen:
                article.slug = f"{article.slug}-{article.index}"
            seen.setdefault(article.slug, capture.name)
    return captures, errors
