"""`serve`: the site as an editor previews it, rebuilt a page at a time as they save.

Two processes share the work:

- This one watches the inputs (seeds/, editorial/, rules/, the hand-written files in docs/ and
  mkdocs.yml), regenerates docs/ when one changes (build.generate: only what changed is worked out
  again, and the language libraries stay loaded from one edit to the next), and serves the preview
  with MkDocs' live-reload server, which reloads the open pages when a round is done.
- A renderer process keeps what MkDocs works out before it writes any page: the configuration,
  the file list and the navigation of each script variant. It then renders only the pages whose
  Markdown is newer than their HTML. It is a process of its own because MkDocs' search plugin
  loads the glossary's names into jieba's shared dictionary, which the build's segmentation must
  never see.

The preview starts from a copy of site/ (hard links: nothing in site/ is written; each page is
written beside it and renamed into place), so only pages changed since the last full build are
rendered. The pages made from the file just saved (a capture's articles, an entry's page) are
rendered first and shown; the other changed pages (the home page, big entry pages, timelines)
follow in a second round. Search answers from site/'s index until the next `site` build.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, InputError
from .cache import BuildCache
from .output import atomic_write, is_generated
from .project import Project

PREVIEW_DIR = ".cache/preview"
WATCHED_DIRS = ("seeds", "editorial", "rules", "docs", "overrides")
WATCHED_FILES = ("mkdocs.yml",)
POLL_SECONDS = 0.2


# --- the renderer process -------------------------------------------------------------------

@dataclass
class Structure:
    """What MkDocs knows of one script variant's site before it renders a page."""

    files: object       # mkdocs.structure.files.Files
    nav: object         # mkdocs.structure.nav.Navigation
    env: object         # the theme's jinja2 Environment


class PageRenderer:
    """MkDocs' build, cut at the point where it has read the site's structure, for each variant;
    `render()` then writes single pages exactly as a full build writes them."""

    def __init__(self, root: Path, site_dir: Path):
        from mkdocs.config import load_config

        os.chdir(root)      # the search plugin reads its dictionary from a path relative to here
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        self.site_dir = site_dir
        self.staging = site_dir.parent / (site_dir.name + ".staging")
        self.config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=False)
        self.config.plugins.on_startup(command="serve", dirty=True)
        self.i18n = self.config.plugins.get("i18n")
        self._configured: str | None = None
        self.structures = self._read_structures()
        # Search indexes each page as it is rendered, for the index a full build writes; the
        # preview keeps site/'s index, so that work (a jieba cut of the whole page) is skipped.
        search = self.config.plugins.get("material/search") or self.config.plugins.get("search")
        events = self.config.plugins.events
        events["page_context"] = [m for m in events["page_context"] if getattr(m, "__self__", None) is not search]

    def _languages(self) -> list[str | None]:
        return list(self.i18n.build_languages) if self.i18n else [None]

    def _configure(self, language: str | None, every_plugin: bool = False):
        """The configuration as MkDocs has it while it builds this variant (theme language, site
        name: the i18n plugin sets them in its config event). Reading the structure runs every
        plugin's config event, as a build does; rendering a page needs only the variant's."""
        if every_plugin:
            if self.i18n:
                self.i18n.current_language = language
            self.config = self.config.plugins.on_config(self.config)
        elif self.i18n and self._configured != language:
            self.i18n.current_language = language
            self.config = self.i18n.on_config(self.config) or self.config
        self._configured = language
        return self.config

    def _read_structures(self) -> dict[str | None, Structure]:
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation

        structures = {}
        self._present = self._docs_files()
        for language in self._languages():
            config = self._configure(language, every_plugin=True)
            config.plugins.on_pre_build(config=config)
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
            env = config.plugins.on_env(env, config=config, files=files) or env
            structures[language] = Structure(files, nav, env)
        return structures

    def _docs_files(self) -> set[str]:
        docs = Path(self.config.docs_dir)
        return {os.path.relpath(os.path.join(folder, name), docs)
                for folder, _, names in os.walk(docs) for name in names}

    def stale(self) -> list[str]:
        """Files under docs/ (paths relative to it) whose output is missing or older than they
        are. A file added or removed since the structure was read makes it read again, and a
        removed page's output is deleted."""
        known, present = self._present, self._docs_files()
        if known != present:
            removed = [f for s in self.structures.values() for f in s.files
                       if f.src_uri in known - present and f.abs_src_path.startswith(self.config.docs_dir)]
            for file in removed:
                Path(file.abs_dest_path).unlink(missing_ok=True)
            self.structures = self._read_structures()
        return sorted({f.src_uri for s in self.structures.values() for f in s.files
                       if f.src_uri in present and f.is_modified()})

    def render(self, sources: list[str]) -> list[str]:
        """Write the output of these docs/ files (pages rendered, other files copied) in every
        variant that has them; the paths written, relative to the site."""
        from mkdocs.commands import build as mkdocs_build

        wanted, written = set(sources), []
        for language, structure in self.structures.items():
            files = [f for f in structure.files if f.src_uri in wanted]
            if not files:
                continue
            config = self._configure(language)
            pages = structure.files.documentation_pages()
            for file in files:
                if file.dest_uri in written:        # a static file both variants list
                    continue
                target = file.abs_dest_path
                # Written beside, then renamed into place: a new file, never the one site/ shares.
                file.abs_dest_path = os.path.join(self.staging, file.dest_uri)
                try:
                    if file.is_documentation_page():
                        mkdocs_build._populate_page(file.page, config, structure.files)
                        mkdocs_build._build_page(file.page, config, pages, structure.nav, structure.env)
                    else:
                        file.copy_file()
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.replace(file.abs_dest_path, target)
                finally:
                    file.abs_dest_path = target    # MkDocs keeps the path worked out once
                written.append(file.dest_uri)
        return written


def _renderer_main(connection, root: str, site_dir: str) -> None:
    """The renderer process: answers ("stale",) and ("render", sources) until told to stop."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s")
    renderer = PageRenderer(Path(root), Path(site_dir))
    connection.send(("ready", None))
    while True:
        try:
            request = connection.recv()
        except EOFError:        # the server is gone
            return
        if request[0] == "stop":
            return
        try:
            answer = renderer.stale() if request[0] == "stale" else renderer.render(request[1])
            connection.send(("ok", answer))
        except Exception as err:      # a page MkDocs cannot render: report it, keep serving
            connection.send(("error", f"{type(err).__name__}: {err}"))


class Renderer:
    """The renderer process, seen from the server."""

    def __init__(self, root: Path, site_dir: Path):
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_renderer_main, args=(child, str(root), str(site_dir)), daemon=True)
        self._process.start()
        self._answer()

    def _answer(self):
        answer = self._connection.recv()
        if answer[0] == "error":
            raise RuntimeError(answer[1])
        return answer[1]

    def stale(self) -> list[str]:
        self._connection.send(("stale",))
        return self._answer()

    def render(self, sources: list[str]) -> list[str]:
        if not sources:
            return []
        self._connection.send(("render", sources))
        return self._answer()

    def stop(self) -> None:
        if self._process.is_alive():
            self._connection.send(("stop",))
            self._process.join(timeout=5)


# --- watching the inputs ----------------------------------------------------------------------

Snapshot = dict  # project-relative path -> (modification time in ns, size)


def snapshot(project: Project) -> Snapshot:
    """Every watched input with its modification time and size."""
    seen: Snapshot = {}
    root = str(project.root)
    for folder in WATCHED_DIRS:
        for directory, folders, names in os.walk(os.path.join(root, folder)):
            folders[:] = [f for f in folders if not f.startswith(".")]
            for name in names:
                if name.startswith(".") or name.endswith(".tmp"):
                    continue
                path = os.path.join(directory, name)
                try:
                    status = os.stat(path)
                except OSError:         # gone between the listing and the look
                    continue
                seen[os.path.relpath(path, root)] = (status.st_mtime_ns, status.st_size)
    for name in WATCHED_FILES:
        try:
            status = os.stat(os.path.join(root, name))
            seen[name] = (status.st_mtime_ns, status.st_size)
        except OSError:
            pass
    return seen


def edited(project: Project, before: Snapshot, after: Snapshot, generated: set[str]) -> list[str]:
    """Inputs added, changed or removed between two snapshots. Files the build writes into docs/
    are not inputs: `generated` holds those known so far, and a changed file in docs/ is looked at
    (its generated notice) before it counts."""
    changed = []
    for path in sorted(set(before) | set(after)):
        if before.get(path) == after.get(path):
            continue
        if path.startswith("docs/"):
            if path in generated:
                continue
            if path in after and is_generated(project.root / path):
                generated.add(path)
                continue
        changed.append(path)
    return changed


# --- the server -------------------------------------------------------------------------------

def _live_reload_server():
    from mkdocs.livereload import LiveReloadServer, _timestamp

    class PreviewServer(LiveReloadServer):
        """MkDocs' live-reload server (it serves the files, adds its reload script to each page and
        answers the pages' "has it changed?" requests), with our watcher and our rounds: the
        pages made from the saved file are shown first, the other changed pages are rendered
        after, while the server keeps serving, and shown in one more reload."""

        preview: Preview

        def watch_inputs(self) -> None:
            # The server adds its reload script to pages only while it watches something.
            self._watched_paths["inputs"] = 1

        def request_build(self) -> None:
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        def _show(self) -> None:
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch
                self._epoch_cond.notify_all()

        def _build_loop(self) -> None:
            while True:
                with self._rebuild_cond:
                    while not self._rebuild_cond.wait_for(lambda: self._want_rebuild or self._shutdown,
                                                          timeout=self.shutdown_delay):
                        pass        # woken now and then, so that Ctrl-C is seen
                    if self._shutdown:
                        return
                    while self._rebuild_cond.wait(timeout=self.build_delay):
                        pass        # an editor's save can be several writes: wait for the last
                    # Pages are served only once the round is done, so none is seen half-built.
                    self._wanted_epoch = _timestamp()
                    self._want_rebuild = False
                try:
                    self.preview.rebuild()
                except Exception:
                    traceback.print_exc()
                self._show()
                # The rest of the changed pages, rendered while pages are served; a new save
                # stops this (its round works out again what is left).
                if self.preview.render_later(until=lambda: self._want_rebuild or self._shutdown):
                    with self._epoch_cond:
                        self._wanted_epoch = self._visible_epoch = _timestamp()
                        self._epoch_cond.notify_all()

    return PreviewServer


class Preview:
    """One editor's preview: regenerates, renders what changed, and says what it did."""

    def __init__(self, project: Project, jobs: int | None = None, log=print):
        self.project, self.jobs, self.log = project, jobs, log
        self.site_dir = project.root / PREVIEW_DIR / "site"
        self.generated_paths: set[str] = set()
        self.inputs = snapshot(project)
        self.later: list[str] = []      # pages to render once the first ones are shown
        self.later_account: dict | None = None     # the time and pages of that work, until done
        self.regenerate_later = False   # the round made only the edited articles' pages
        self.last = None                # the last build.Generated: which pages each input makes
        self.renderer: Renderer | None = None

    def prepare(self) -> None:
        """Docs up to date, site/ built if there is none, the preview copied from it, the
        renderer started, and what changed since site/ was built rendered."""
        from .build import generate
        from .site import build_site

        started = time.perf_counter()
        self._generate(generate)
        if not (self.project.site / "index.html").is_file():
            self.log("No site/ yet: building it once in full (`python -m build_scripts site`).")
            if build_site(self.project) != 0:
                raise SystemExit("the site could not be built; fix the problem above and start again")
        shutil.rmtree(self.site_dir, ignore_errors=True)
        shutil.rmtree(self.site_dir.with_name(self.site_dir.name + ".staging"), ignore_errors=True)
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.project.site, self.site_dir, copy_function=os.link)
        self.renderer = Renderer(self.project.root, self.site_dir)
        self._load_language_libraries()
        stale = self.renderer.stale()
        if stale:
            self.log(f"Rendering the {len(stale)} files of docs/ that are newer than site/ ...")
        self.renderer.render(stale)
        self.log(f"Preview ready in {time.perf_counter() - started:.1f} s "
                 f"({len(stale)} files newer than site/ rendered).")

    def _load_language_libraries(self) -> None:
        """Parse the smallest capture again with no recalled answers, and find its mentions: this
        loads jieba and its tokenizers with the glossary's names, the part-of-speech tags,
        pypinyin and wordfreq now, not at the first edit that brings new text."""
        from .annotator import annotated_texts
        from .pipeline import parse_capture
        from .recall import Recall

        captures = self.project.captures()
        if self.last is None or not captures:
            return
        corpus = self.last.corpus
        smallest = min(captures, key=lambda path: path.stat().st_size)
        try:
            capture = parse_capture(smallest, corpus.rules, project=self.project, glossary=corpus.glossary,
                                    recall=Recall())
        except InputError:
            return
        for article in capture.articles:
            for text in annotated_texts(article):
                corpus.matcher.find(text)

    def _remember(self, generated) -> None:
        """The build's own writes and removals in docs/: never an editor's edit."""
        root = self.project.root
        self.generated_paths.update(generated.changed)
        self.generated_paths.update(p.relative_to(root).as_posix() for p in generated.removed)

    def _generate(self, generate):
        """generate(), its errors reported (the pages shown stay the last good ones)."""
        from .build import no_collections

        before = snapshot(self.project)
        try:
            with no_collections():
                generated = generate(self.project, self.jobs)
        except (BuildFailed, InputError) as failed:
            self._report(failed)
            return None
        self._remember(generated)
        self.last = generated
        # The build's own writes are no edit; a file saved while it ran is (it may have been
        # read before the save), so the inputs are taken as they were when it started.
        after = snapshot(self.project)
        self.inputs = {path: state for path, state in before.items() if path not in self.generated_paths}
        self.inputs.update((path, state) for path, state in after.items() if path in self.generated_paths)
        return generated

    def _report(self, failed: Exception) -> None:
        for error in getattr(failed, "errors", [failed]):
            self.log(f"error: {error}")
        self.log("The pages shown are the last good ones; save a fix and they follow.")

    def rebuild(self) -> None:
        """One round, after an edit: the pages made from the edited files, shown at once. When
        the edited files make articles only (a capture, its sidecar, an article's translations
        or notes), those articles' pages are made alone first and the whole digest is
        regenerated after the reload (render_later); otherwise docs/ is regenerated first."""
        started = time.perf_counter()
        now = snapshot(self.project)
        changed = edited(self.project, self.inputs, now, self.generated_paths)
        self.inputs = now
        if not changed:
            return
        self.later_account = None       # a new edit: a new account of the rest
        theme = sorted(p for p in changed if p == "mkdocs.yml" or p.startswith("overrides/"))
        if theme:
            self.log(f"{', '.join(theme)} changed: every page depends on it; stop and start `serve` again to see it.")
            changed = [p for p in changed if p not in theme]
            if not changed:
                return
        first = self._quick_pages(changed)
        if first is None:
            first = self._regenerate(changed)
            if first is None:
                return
            made = "docs/ regenerated"
        else:
            self.regenerate_later = True
            made = f"{_count(len(first), 'page')} made"
        making = time.perf_counter() - started
        stale = self.renderer.stale()
        shown = [s for s in stale if "docs/" + s in first] if first else stale
        self.later = sorted((s for s in stale if s not in shown), key=self._size)
        written = self.renderer.render(shown)
        self.log(f"{', '.join(changed[:3])}{' …' if len(changed) > 3 else ''} changed: {made} in {making:.1f} s, "
                 f"{_count(len(written), 'page')} rendered in {time.perf_counter() - started - making:.1f} s; "
                 "showing them.")

    def _quick_pages(self, changed: list[str]) -> set[str] | None:
        """Write the pages of the articles the edited files make, when that is all they make;
        the pages' paths, or None when the whole digest must be regenerated first."""
        from .build import no_collections, render_pages_of

        slugs: set[str] = set()
        for source in changed:
            pages = self.last.pages_from(source) if self.last else []
            if not pages or not all(page.startswith("docs/articles/") for page in pages):
                return None
            slugs.update(Path(page).name.split(".")[0] for page in pages)
        try:
            with no_collections():
                pages = render_pages_of(self.project, slugs, BuildCache.for_project(self.project.root),
                                        self.jobs or os.cpu_count() or 1)
        except (BuildFailed, InputError) as failed:
            self._report(failed)
            return set()
        for path, content in pages.items():
            target = self.project.root / path
            if not target.is_file() or target.read_text(encoding="utf-8") != content:
                atomic_write(target, content)
            self.generated_paths.add(path)
        return set(pages)

    def _regenerate(self, changed: list[str]) -> set[str] | None:
        """docs/ regenerated; the pages made from the edited files (None if the build failed)."""
        from .build import generate

        generated = self._generate(generate)
        self.regenerate_later = False
        if generated is None:
            return None
        first = set()
        for source in changed:
            first.update(generated.pages_from(source))
            if source.startswith("docs/"):
                first.add(source)
        return first

    def _size(self, source: str) -> int:
        try:
            return (self.project.docs / source).stat().st_size
        except OSError:
            return 0

    def render_later(self, until) -> int:
        """After a round is shown: regenerate docs/ if the round did not, then render the
        changed pages left, smallest first, one at a time until none is left or until() is true
        (a new edit: its round works out again what is left). How many were rendered. The
        account is given once all of it is done, however many calls that took."""
        account = self.later_account
        if account is None and (self.regenerate_later or self.later):
            account = self.later_account = {"started": time.perf_counter(), "pages": 0, "regenerated": False}
        if account is None:
            return 0
        done = 0
        if self.regenerate_later and not until():
            if self._regenerate([]) is None:
                self.later_account = None
                return 0
            account["regenerated"] = True
            self.later = sorted(self.renderer.stale(), key=self._size)
        while self.later and not until():
            done += len(self.renderer.render([self.later.pop(0)]))
        account["pages"] += done
        if not self.later and not self.regenerate_later:
            self.later_account = None
            self.log(f"The rest of the digest: {_count(account['pages'], 'page')} "
                     f"{'regenerated and ' if account['regenerated'] else ''}rendered in "
                     f"{time.perf_counter() - account['started']:.1f} s{'; reloading' if account['pages'] else ''}.")
        return done

    def stop(self) -> None:
        if self.renderer:
            self.renderer.stop()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          jobs: int | None = None) -> int:
    """Preview the site at http://host:port/ until interrupted."""
    import logging

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
    preview = Preview(project, jobs, log=lambda text: print(text, flush=True))
    preview.prepare()
    server = _live_reload_server()(builder=preview.rebuild, host=host, port=port, root=str(preview.site_dir))
    server.preview = preview
    server.watch_inputs()
    watcher = threading.Thread(target=_watch, args=(preview, server), daemon=True)
    watcher.start()
    print(f"Serving the preview on http://{host}:{port}/ (Traditional: /zh-Hant/); "
          "save a capture or an editorial file and the open pages reload. Ctrl-C stops.", flush=True)
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)     # `kill` stops it as Ctrl-C does
    try:
        server.serve(open_in_browser=open_browser)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.stop()
    return 0


def _watch(preview: Preview, server) -> None:
    """Poll the inputs; a difference from what the last round saw asks for a round."""
    while True:
        time.sleep(POLL_SECONDS)
        if edited(preview.project, preview.inputs, snapshot(preview.project), preview.generated_paths):
            server.request_build()
