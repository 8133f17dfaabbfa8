"""Where things are in a checkout of the digest. Passed explicitly; no global state."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


CAPTURE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".md", ".markdown")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def rules(self) -> Path:
        return self.root / "rules"

    @property
    def editorial(self) -> Path:
        return self.root / "editorial"

    @property
    def glossary(self) -> Path:
        return self.editorial / "glossary"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def sidecar_for(self, capture_name: str) -> Path:
        return self.editorial / "captures" / (Path(capture_name).stem + ".yaml")

    def captures(self) -> list[Path]:
        """Every capture in seeds/: text, saved web pages and Markdown exports (dot files and the
        README are not captures)."""
        return sorted(p for p in self.seeds.iterdir() if p.is_file() and p.suffix.lower() in CAPTURE_SUFFIXES
                      and not p.name.startswith(".") and p.stem.upper() != "README")

    def repository_url(self) -> str:
        """extra.repository from mkdocs.yml, used for links to raw captures and source files."""
        return str((self._config().get("extra") or {}).get("repository", "")).rstrip("/")

    def _config(self) -> dict:
        config = self.root / "mkdocs.yml"
        if not config.exists():
            return {}

        class _Lenient(yaml.SafeLoader):
            pass

        _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
        return yaml.load(config.read_text(encoding="utf-8"), Loader=_Lenient) or {}


def find_project(start: Path | None = None) -> Project:
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "build_scripts").is_dir() and (candidate / "rules").is_dir():
            return Project(candidate)
    return Project(Path(__file__).resolve().parent.parent)
