"""The build cache: what an earlier build worked out, reused when its inputs are the same.

A rebuild after one capture changed should cost that capture, not the whole corpus. Each cached
result is stored under a key made from everything it depends on: its own input's bytes and a
fingerprint of the code, the rules and the libraries that shaped it. Changing any of those gives
a new key, so a stale result is never found; nothing is ever invalidated by hand.

The cache lives in .cache/build/ (not committed). Deleting it only makes the next build slower;
an unreadable entry counts as missing. Entries a build did not use are removed after it, so the
cache holds one build's worth.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

CACHE_DIR = ".cache/build"
# Libraries whose version changes what the build produces (segmentation, conversion, pinyin).
_LIBRARIES = ("jieba", "opencc", "pypinyin", "wordfreq", "PyYAML", "pyahocorasick", "cn2an")


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def code_fingerprint(root: Path) -> str:
    """The build's own code, the rules it reads and its libraries' versions, in one hash."""
    parts = []
    for folder, pattern in (("build_scripts", "*.py"), ("rules", "*.yaml")):
        for path in sorted((root / folder).rglob(pattern)):
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    for library in _LIBRARIES:
        try:
            parts += [library, metadata.version(library)]
        except metadata.PackageNotFoundError:
            parts += [library, "absent"]
    return digest(*parts)


def files_fingerprint(paths: list[Path]) -> str:
    return digest(*(part for path in sorted(paths) for part in (path.name, path.read_bytes())))


@dataclass
class BuildCache:
    """Results keyed by (kind, key); `directory` None turns caching off (every lookup misses)."""

    directory: Path | None
    salt: str = ""
    hits: int = 0
    misses: int = 0
    _used: set[str] = field(default_factory=set)      # paths of the entries this build read or wrote

    @classmethod
    def for_project(cls, root: Path) -> BuildCache:
        return cls(root / CACHE_DIR, code_fingerprint(root))

    @classmethod
    def disabled(cls) -> BuildCache:
        return cls(None)

    def key(self, *parts: str | bytes) -> str:
        return digest(self.salt, *parts)

    def _path(self, kind: str, key: str) -> str:
        # Strings, not Paths: a build looks up thousands of entries, and pathlib is slow at that.
        return f"{self.directory}/{kind}/{key[:2]}/{key}.pickle"

    def load(self, kind: str, key: str):
        """The stored value, or None when there is none (or it cannot be read)."""
        if self.directory is None:
            self.misses += 1
            return None
        value = self._read(self._path(kind, key))
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def peek(self, kind: str, key: str):
        """load(), not counted as a result reused or worked out: for hints, such as a Recall table."""
        return None if self.directory is None else self._read(self._path(kind, key))

    def keep(self, kind: str, key: str) -> None:
        """Mark an entry as used without loading it: a kept page's converted text, which the
        next build needs if the page is rendered again unchanged."""
        if self.directory is not None:
            self._used.add(self._path(kind, key))

    def _read(self, path: str):
        try:
            with open(path, "rb") as handle:
                value = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None
        self._used.add(path)
        return value

    def loaded(self, kind: str, load, path: Path):
        """load(path), from the cache when the file's bytes are unchanged (YAML parsing is slow).
        Keyed by the file's name: a moved or copied checkout keeps its entries."""
        if not path.is_file():
            return load(path)
        key = self.key(kind, path.name, path.read_bytes())
        value = self.load(kind, key)
        if value is None:
            value = load(path)
            self.store(kind, key, value)
        return value

    def store(self, kind: str, key: str, value) -> None:
        if self.directory is None:
            return
        self._write(self._path(kind, key), value)

    def _write(self, path: str, value) -> None:
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._used.add(path)

    def _state_path(self, name: str) -> str:
        return f"{self.directory}/{name}.state.pickle"

    def load_state(self, name: str):
        """A whole-build record (not keyed by inputs: the caller checks it), or None."""
        if self.directory is None:
            return None
        return self._read(self._state_path(name))

    def store_state(self, name: str, value) -> None:
        if self.directory is not None:
            self._write(self._state_path(name), value)

    def keep_state(self, name: str) -> None:
        if self.directory is not None:
            self._used.add(self._state_path(name))

    def split(self) -> BuildCache:
        """The same cache, counting and recording apart (in another process); merge() its
        records() back."""
        return BuildCache(self.directory, self.salt)

    def records(self) -> tuple[set[str], int, int]:
        return self._used, self.hits, self.misses

    def merge(self, records: tuple[set[str], int, int]) -> None:
        used, hits, misses = records
        self._used |= used
        self.hits += hits
        self.misses += misses

    def prune(self) -> int:
        """Remove the entries this build did not use; returns how many."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        removed = 0
        for folder, _, names in os.walk(self.directory):
            for name in names:
                path = os.path.join(folder, name)
                if path not in self._used:
                    os.unlink(path)
                    removed += 1
        return removed
