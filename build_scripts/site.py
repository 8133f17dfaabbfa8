"""`site`: run MkDocs into a fresh folder and swap it into place only when it succeeded,
so a failed build leaves the previous site/ as it was."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .project import Project


def build_site(project: Project, strict: bool = True) -> int:
    target = project.site
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
    # Not --quiet: MkDocs would then drop the warnings that --strict counts.
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(fresh)]
    if strict:
        command.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(command, cwd=project.root, env=env)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print("mkdocs build failed; the previous site/ is unchanged.", file=sys.stderr)
        return result.returncode
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"site built in {target.relative_to(project.root)}/")
    return 0
