"""Command line: a thin layer over the library (python -m build_scripts COMMAND)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import BuildFailed, InputError
from .project import find_project
from .site import ENGINES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts",
                                     description="Build the bilingual digest from raw captures.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="regenerate docs/ from seeds/ and editorial/")
    build.add_argument("--check", action="store_true", help="only check that docs/ is up to date")
    build.add_argument("--jobs", type=int, help="processes to parse and convert in (default: one per core)")
    build.add_argument("--no-cache", action="store_true",
                       help="work everything out again, ignoring (and not writing) .cache/build/")
    site = commands.add_parser("site", help="build the HTML site into site/ with mkdocs (after build)")
    site.add_argument("--engine", choices=ENGINES, default="mkdocs",
                      help="the engine that reads mkdocs.yml: MkDocs 1.x (default) or its fork ProperDocs")
    serve = commands.add_parser("serve", help="preview the site while editing: regenerate and reload the open pages "
                                              "when a capture or an editorial file is saved")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the preview in a browser")
    serve.add_argument("--jobs", type=int, help="processes to parse and convert in (default: one per core)")
    commands.add_parser("check", help="validate every editorial file (captures' sidecars, glossary, translations, "
                                      "notes, rules) and check that docs/ is up to date")
    inspect = commands.add_parser("inspect", help="print the parsed structure of a capture file")
    inspect.add_argument("path", type=Path)
    inspect.add_argument("--json", action="store_true", help="print JSON (the default is a short outline)")
    inspect.add_argument("--sidecar", type=Path, help="sidecar YAML to apply (default: the capture's own)")
    glossary = commands.add_parser("glossary", help="check the glossary, or suggest names it lacks")
    glossary_commands = glossary.add_subparsers(dest="glossary_command", required=True)
    glossary_commands.add_parser("check", help="validate editorial/glossary/*.yaml")
    suggest = glossary_commands.add_parser("suggest", help="names in the captures that have no entry yet")
    suggest.add_argument("paths", nargs="*", type=Path, help="captures to read (default: every file in seeds/)")
    suggest.add_argument("--json", action="store_true", help="print JSON instead of YAML drafts")
    suggest.add_argument("--limit", type=int, help="show only the N most frequent")
    dates = commands.add_parser("dates", help="print the date expressions found in a text, as JSON")
    dates.add_argument("text", nargs="?", help="the text (omit with --batch)")
    dates.add_argument("--ref", help="reference date YYYY-MM-DD (the article's published date)")
    dates.add_argument("--lang", choices=("zh", "en"), help="only this language's patterns")
    dates.add_argument("--batch", action="store_true",
                       help='read JSON lines {"text", "ref", "lang"} from standard input, write one JSON list per line')
    timeline = commands.add_parser("timeline", help="list the timeline's events with the ids sidecar edits use")
    timeline.add_argument("--article", help="only the events this article (slug) tells")
    timeline.add_argument("--json", action="store_true", help="print JSON, as in docs/timeline.json")
    translations = commands.add_parser("translations", help="our translations: coverage, and files kept up to date")
    translation_commands = translations.add_subparsers(dest="translations_command", required=True)
    status = translation_commands.add_parser("status", help="per article: blocks translated, missing, outdated")
    status.add_argument("--article", help="only this article (slug), block by block")
    status.add_argument("--json", action="store_true", help="print JSON")
    update = translation_commands.add_parser(
        "update", help="add an entry (source text, fingerprint, empty translation) for every block that wants one")
    update.add_argument("--article", help="only this article (slug)")
    args = parser.parse_args(argv)
    project = find_project()
    try:
        if args.command == "build":
            from .build import build_docs
            return build_docs(project, check_only=args.check, jobs=args.jobs, use_cache=not args.no_cache)
        if args.command == "serve":
            from .preview import serve
            return serve(project, args.host, args.port, args.open, args.jobs)
        if args.command == "check":
            from .build import build_docs
            return build_docs(project, check_only=True)
        if args.command == "site":
            from .site import build_site
            return build_site(project, engine=args.engine)
        if args.command == "inspect":
            return _inspect(project, args)
        if args.command == "glossary":
            return _glossary(project, args)
        if args.command == "dates":
            return _dates(project, args, parser)
        if args.command == "timeline":
            return _timeline(project, args)
        if args.command == "translations":
            return _translations(project, args)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BuildFailed as failed:
        for err in failed.errors:
            print(f"error: {err}", file=sys.stderr)
        print(f"{len(failed.errors)} input error(s); nothing was written.", file=sys.stderr)
        return 2
    return 0


def _inspect(project, args) -> int:
    from .metadata import Sidecar, load_sidecar
    from .model import to_inspect_json
    from .pipeline import load_project_rules, parse_capture
    from .segmenter import Overrides

    rules = load_project_rules(project)
    path = args.path
    if args.sidecar:
        sidecar = load_sidecar(args.sidecar)
    else:
        own = project.sidecar_for(path.name)
        in_seeds = path.resolve().parent == project.seeds.resolve()
        sidecar = load_sidecar(own) if in_seeds else Sidecar(None, {}, Overrides())
    capture = parse_capture(path, rules, sidecar=sidecar)
    data = to_inspect_json(capture)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for article in data["articles"]:
        print(f"== {article['slug']}  {article['title']}  ({article['published']})")
        for name, how in article["provenance"].items():
            print(f"   {name:<10} {how}")
        for block in article["blocks"]:
            marks = "".join(m for m, on in (("G", block["garbled"]), ("T", block["truncated"])) if on)
            pair = f" <-> {block['pair']}" if block["pair"] else ""
            text = block["text"].replace("\n", " ")
            print(f"  {block['id']:<14} {block['kind']:<9} {block['role']:<8} {block['lang']} {marks:<2}{pair}")
            print(f"      {text[:110]}")
    print(f"-- {data['format']} capture; {len(data['changes'])} change(s) by the cleaner")
    return 0


def _glossary(project, args) -> int:
    from .pipeline import load_project_glossary, load_project_rules

    glossary = load_project_glossary(project)
    if args.glossary_command == "check":
        print(f"{len(glossary)} glossary entries, no problems.")
        return 0
    from .annotator import Matcher
    from .metadata import Sidecar, load_sidecar
    from .pipeline import parse_capture
    from .segmenter import Overrides
    from .suggest import render_suggestions, suggest

    rules = load_project_rules(project)
    articles = []
    for path in args.paths or project.captures():
        own = project.sidecar_for(path.name)
        in_seeds = path.resolve().parent == project.seeds.resolve()
        sidecar = load_sidecar(own) if in_seeds and own.exists() else Sidecar(None, {}, Overrides())
        articles.extend(parse_capture(path, rules, sidecar=sidecar, glossary=glossary).articles)
    candidates = suggest(articles, glossary, Matcher(glossary, rules.glossary), rules.glossary)
    if args.json:
        shown = candidates[:args.limit] if args.limit else candidates
        json.dump([c.as_json() for c in shown], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_suggestions(candidates, rules.glossary, args.limit))
    return 0


def _dates(project, args, parser) -> int:
    from datetime import date

    from .dates import find_dates, load_date_rules

    rules = load_date_rules(project.rules / "dates.yaml")

    def reference(text: str | None, where: str) -> date:
        try:
            return date.fromisoformat(text or "")
        except ValueError:
            raise InputError(where, f"ref must be a date YYYY-MM-DD, not {text!r}", field="ref") from None

    if not args.batch:
        if args.text is None or not args.ref:
            parser.error("dates needs TEXT and --ref YYYY-MM-DD (or --batch)")
        found = find_dates(args.text, reference(args.ref, "--ref"), rules, args.lang)
        json.dump([d.as_json() for d in found], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text, ref, lang = item["text"], item.get("ref") or args.ref, item.get("lang") or args.lang
        except (ValueError, KeyError, TypeError):
            raise InputError("<stdin>", 'each line must be a JSON object {"text", "ref", "lang"}', line=number) from None
        found = find_dates(str(text), reference(ref, f"<stdin> line {number}"), rules,
                           lang if lang in ("zh", "en") else None)
        sys.stdout.write(json.dumps([d.as_json() for d in found], ensure_ascii=False) + "\n")
    return 0


def _timeline(project, args) -> int:
    """Events as editors need them: the id to write in a sidecar's `events:`, the date, the statement."""
    from .build import read_project_corpus
    from .timeline_pages import View, date_label, render_timeline_json

    corpus = read_project_corpus(project)
    slugs = {a.slug for a in corpus.articles}
    if args.article and args.article not in slugs:
        raise InputError("--article", f"no article '{args.article}' (known: {', '.join(sorted(slugs))})")
    events = [e for e in corpus.events if not args.article or any(s.article == args.article for s in e.sources)]
    view = View({a.slug: a for a in corpus.articles}, corpus.glossary, corpus.rules.timeline.labels)
    if args.json:
        sys.stdout.write(render_timeline_json(events, view))
        return 0
    for event in events:
        flags = [event.date_of] if event.date_of != "event" else []
        flags += ["planned"] if event.planned else []
        flags += [f"edited: {', '.join(event.edited)}"] if event.edited else []
        print(f"{date_label(event, view.labels)['en']:<22} {event.value}"
              f"{'..' + event.end_value if event.end_value else ''}{' (' + '; '.join(flags) + ')' if flags else ''}")
        for source in event.sources:
            print(f"    id: {source.article}/{source.id}")
        for lang, text in sorted(event.statement.items()):
            print(f"    {lang}: {text}")
    return 0


def _translations(project, args) -> int:
    from .build import read_project_corpus
    from .output import atomic_write
    from .translations import fingerprint, load_translations, translation_path, updated_file

    corpus = read_project_corpus(project)
    by_slug = {a.slug: a for a in corpus.articles}
    if args.article and args.article not in by_slug:
        raise InputError("--article", f"no article '{args.article}' (known: {', '.join(sorted(by_slug))})")
    chosen = [c for c in corpus.coverage if not args.article or c.slug == args.article]
    if args.translations_command == "update":
        for item in chosen:
            path = project.root / translation_path(item.slug)
            text = updated_file(by_slug[item.slug], load_translations(path))
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                atomic_write(path, text)
                print(f"updated {translation_path(item.slug)}")
        return 0
    if args.json:
        json.dump([{"article": c.slug, "file": c.path, "wanted": len(c.wanted), "translated": len(c.current),
                    "outdated": c.outdated, "missing": c.missing, "orphans": [i for i, _ in c.orphans],
                    "percent": c.percent} for c in chosen], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{'article':<48} {'notes':>5} {'blocks':>6} {'done':>5} {'missing':>7} {'outdated':>8} {'orphans':>7}"
          "  coverage")
    for c in chosen:
        article = by_slug[c.slug]
        notes = f"{len(article.notes)}{'+c' if article.context else ''}"
        print(f"{c.slug:<48} {notes:>5} {len(c.wanted):>6} {len(c.current):>5} {len(c.missing):>7} "
              f"{len(c.outdated):>8} {len(c.orphans):>7}  {c.percent:>3} %")
    wanted = sum(len(c.wanted) for c in chosen)
    done = sum(len(c.current) for c in chosen)
    missing, outdated = sum(len(c.missing) for c in chosen), sum(len(c.outdated) for c in chosen)
    orphans = sum(len(c.orphans) for c in chosen)
    print(f"{'all':<48} {'':>5} {wanted:>6} {done:>5} {missing:>7} {outdated:>8} {orphans:>7}  "
          f"{100 * done // max(1, wanted):>3} %")
    print("notes: our notes anchored in the article (+c: with its context paragraph; editorial/notes/SLUG.yaml)")
    if args.article:
        article = by_slug[args.article]
        blocks = {b.id: b for b in article.blocks}
        for c in chosen:
            for block_id in c.outdated:
                print(f"\noutdated {block_id} ({c.path}): the capture now reads")
                print(f"    source: {json.dumps(blocks[block_id].text, ensure_ascii=False)}")
                print(f"    fingerprint: \"{fingerprint(blocks[block_id].text)}\"")
            for block_id in c.missing:
                print(f"missing  {block_id}: {blocks[block_id].text[:60]}")
            for block_id, line in c.orphans:
                print(f"orphan   {block_id} ({c.path} line {line}): no such block in the article any more")
    return 0
