"""`site`: run MkDocs into a fresh folder and swap it into place only when it succeeded,
so a failed build leaves the previous site/ as it was."""
from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .output import recover, staging_dir, swap_into_place
from .project import Project
from .search_index import SHARD_FOLDER, IndexVariant, search_workers, write_sharded_index
from .variants import VARIANTS


# The engines that build the site from mkdocs.yml: MkDocs 1.x, and ProperDocs, its maintained 1.x
# fork (the README's "Engine" section says what a move to Zensical needs).
ENGINES = ("mkdocs", "properdocs")
# Where each script variant's pages are (mkdocs.yml, i18n): the default at the root, the others
# under their locale. The search index numbers a page's copies side by side.
SEARCH_VARIANTS = tuple(IndexVariant(v.code, f"{v.locale}/" if v.suffix else "") for v in VARIANTS)


def build_site(project: Project, strict: bool = True, engine: str = "mkdocs") -> int:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    target = project.site
    recover(project.docs)
    recover(target)
    fresh = staging_dir(target)
    # Not --quiet: MkDocs would then drop the warnings that --strict counts.
    command = [sys.executable, "-m", engine, "build", "--site-dir", str(fresh)]
    if strict:
        command.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", str(newest_article_epoch(project)))
    result = subprocess.run(command, cwd=project.root, env=env)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"{engine} build failed; the previous site/ is unchanged.", file=sys.stderr)
        return result.returncode
    if not patch_search_worker(fresh):
        print("warning: Material's search worker has changed; the Chinese query fix in "
              "build_scripts/site.py was not applied (search for names may miss).", file=sys.stderr)
    # After the fix above: the hosted site searches a chunked index (build_scripts/search_index.py);
    # search/search_index.js, the offline copy's index, stays whole for lunr.
    if write_sharded_index(fresh, SEARCH_VARIANTS) is None:
        print("warning: the search index or Material's search worker is not where expected; the "
              "hosted site keeps the whole index (slow first search on large sites).", file=sys.stderr)
    swap_into_place(fresh, target)
    archive = write_offline_zip(target, project.root / OFFLINE_ZIP)
    print(f"site built in {target.relative_to(project.root)}/; offline copy in {archive.relative_to(project.root)}")
    return 0


_DATE_LINE = re.compile(r'^date: "(\d{4}-\d{2}-\d{2})"$', re.M)


def newest_article_epoch(project: Project) -> int:
    """The build date MkDocs writes (sitemap): the newest article's published date, not the clock,
    so that the same inputs build the same site (SOURCE_DATE_EPOCH, reproducible-builds.org)."""
    dates = []
    for page in sorted((project.docs / "articles").glob("*.md")):
        match = _DATE_LINE.search(page.read_text(encoding="utf-8")[:2000])
        if match:
            dates.append(match.group(1))
    if not dates:
        return 0
    return int(datetime.datetime.fromisoformat(max(dates)).replace(tzinfo=datetime.timezone.utc).timestamp())


OFFLINE_ZIP = "dist/bilingual-digest-offline.zip"
_ZIP_FOLDER = "bilingual-digest"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)      # fixed: the same site gives a byte-identical zip


def write_offline_zip(site_dir: Path, archive: Path) -> Path:
    """The site as a zip to unpack and open from disk (bilingual-digest/index.html), written
    atomically and deterministically (sorted entries, fixed times and permissions). The search
    shards stay out: from file:// Material loads the whole index (search/search_index.js)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    shards = site_dir / "search" / SHARD_FOLDER
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and shards not in p.parents):
            info = zipfile.ZipInfo(f"{_ZIP_FOLDER}/{path.relative_to(site_dir).as_posix()}", _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    os.replace(partial, archive)
    return archive


# Material's search worker splits a Chinese query into the longest index terms it starts with,
# but never tries the whole query (`o<t.length`): a query for a name that is itself one index
# term (克里希納穆爾蒂, 川普) is cut at a shorter term (克里, 川) and misses. Testing the whole
# query too (`o<=t.length`) keeps such names whole; everything else is unchanged.
_QUERY_SPLIT = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in (\w+)")


def patch_search_worker(site_dir: Path) -> bool:
    """Apply the query fix to the built site's copy of the worker; False if it was not found."""
    patched = False
    for worker in search_workers(site_dir):
        code = worker.read_text(encoding="utf-8")
        fixed, count = _QUERY_SPLIT.subn(lambda m: m.group(0).replace(f"{m.group(1)}<{m.group(3)}",
                                                                      f"{m.group(1)}<={m.group(3)}", 1), code)
        if count == 1:
            worker.write_text(fixed, encoding="utf-8")
            patched = True
    return patched
