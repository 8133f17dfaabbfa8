"""Pages whose inputs have not changed since the last build are left as they are on disk.

Each article page and glossary entry page gets a key made from everything it is rendered from
(see build.render_docs). The last build's keys are kept in the build cache with a stamp of each
file it wrote (size, change time, inode). A page whose key is the same and whose files are still
the ones that build wrote is neither rendered nor converted nor compared again: after a change to
one capture, only the pages it reaches are. A file edited or replaced by hand has another stamp
and is rendered again, so the memo can only skip work, never keep a wrong page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache

_STATE = "pages"


class Kept(str):
    """In a build's {path: content} map: "the file on disk is already this page"."""

    __slots__ = ()


KEPT = Kept()


def is_kept(content: str) -> bool:
    return isinstance(content, Kept)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


@dataclass
class PageMemo:
    """The last build's page keys, and the keys of the pages this build produces."""

    root: Path
    cache: BuildCache
    enabled: bool = True
    previous: dict[str, tuple[str, dict[str, tuple], tuple]] = field(default_factory=dict)
    current: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    entries: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)   # path -> its cache entries

    @classmethod
    def load(cls, root: Path, cache: BuildCache, enabled: bool = True) -> PageMemo:
        previous = cache.load_state(_STATE) if enabled else None
        return cls(root, cache, enabled and cache.directory is not None,
                   previous if isinstance(previous, dict) else {})

    def unchanged(self, path: str, key: str, outputs: tuple[str, ...]) -> bool:
        """Record that `path` (written as `outputs`) has `key`; True if the last build wrote it
        with the same key and its files are untouched since."""
        self.current[path] = (key, outputs)
        if not self.enabled:
            return False
        last = self.previous.get(path)
        if not (last and len(last) == 3 and last[0] == key and set(last[1]) == set(outputs)
                and all(_stamp(self.root / name) == stamp for name, stamp in last[1].items())):
            return False
        # The cache entries the page was made with stay: if a change elsewhere renders it again
        # unchanged, its conversion is found, not worked out.
        self.uses(path, last[2])
        for kind, entry_key in last[2]:
            self.cache.keep(kind, entry_key)
        return True

    def uses(self, path: str, entries) -> None:
        """Record the cache entries (kind, key) a page was made with."""
        self.entries[path] = tuple(entries)

    def forget(self, path: str) -> None:
        """The page is rendered after all (a result it needs was not in the cache)."""
        self.previous.pop(path, None)
        self.entries.pop(path, None)

    def split(self) -> PageMemo:
        """A memo that reads the same last build but records apart, with a cache of its own
        (for pages made in another process); merge() its records() back."""
        return PageMemo(self.root, self.cache.split(), self.enabled, self.previous)

    def records(self) -> tuple:
        return self.current, self.entries, self.cache.records()

    def merge(self, records: tuple) -> None:
        current, entries, cache_records = records
        self.current.update(current)
        self.entries.update(entries)
        self.cache.merge(cache_records)

    def save(self) -> None:
        """After the files are in place: stamp what this build wrote (or kept)."""
        if not self.enabled:
            return
        state = {}
        for path, (key, outputs) in sorted(self.current.items()):
            stamps = {name: _stamp(self.root / name) for name in outputs}
            if all(stamps.values()):
                state[path] = (key, stamps, self.entries.get(path, ()))
        self.cache.store_state(_STATE, state)

    def keep_state(self) -> None:
        """A build that wrote nothing (check mode) keeps the last build's state in the cache."""
        self.cache.keep_state(_STATE)

