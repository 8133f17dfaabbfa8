"""Running one stage over many inputs: results from the build cache where the inputs are
unchanged, the rest computed, in several processes when there are enough of them."""
from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

from .cache import BuildCache
from .recall import Recall

Item = TypeVar("Item")
Shared = TypeVar("Shared")
Result = TypeVar("Result")

# Below this many items per process, starting processes costs more than it saves: a fresh
# worker loads jieba's dictionaries (about a second) before its first capture or text.
MIN_ITEMS_PER_JOB = 16


def cached_map(function: Callable[..., Result], items: Sequence[Item], shared: Shared,
               cache: BuildCache, kind: str, keys: Sequence[str], jobs: int = 1,
               recall_names: Sequence[str] | None = None) -> list[Result]:
    """[function(item, shared) for item in items], in order; keys[i] names item i's result in the
    cache (it must cover everything the result depends on, shared inputs included).
    With `recall_names`, function is called as function(item, shared, recall): recall_names[i]
    names the Recall table that item i's last computation left (see recall.py), and must cover
    everything but the texts the table files its answers under."""
    results = [cache.load(kind, key) for key in keys]
    missing = [index for index, result in enumerate(results) if result is None]
    if recall_names is None:
        computed = parallel_map(function, [items[i] for i in missing], shared, jobs)
    else:
        tables = [cache.key("recall", kind, name) for name in recall_names]
        for index, result in enumerate(results):
            if result is not None:
                cache.keep("recall", tables[index])      # for the item's next change
        answers = parallel_map(_recalling, [(items[i], cache.peek("recall", tables[i])) for i in missing],
                               (function, shared), jobs)
        computed = [result for result, _ in answers]
        for index, (_, used) in zip(missing, answers):
            if used:
                cache.store("recall", tables[index], used)
    for index, result in zip(missing, computed):
        results[index] = result
        cache.store(kind, keys[index], result)
    return results


def _recalling(item_and_known, function_and_shared):
    """function(item, shared, recall) and the answers it used."""
    (item, known), (function, shared) = item_and_known, function_and_shared
    recall = Recall(known)
    return function(item, shared, recall), recall.used


def parallel_map(function: Callable[[Item, Shared], Result], items: Sequence[Item], shared: Shared,
                 jobs: int = 1) -> list[Result]:
    if jobs <= 1 or len(items) < MIN_ITEMS_PER_JOB * jobs:
        return [function(item, shared) for item in items]
    # Forked workers start with the modules already imported; the shared inputs go to each
    # worker once (initializer), not with every item.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                             initargs=(function, shared)) as pool:
        return list(pool.map(_run_in_worker, items, chunksize=max(1, len(items) // (jobs * 8))))


_worker: dict = {}   # the function and shared inputs, set once in each worker process only


def _start_worker(function, shared) -> None:
    _worker.update(function=function, shared=shared)


def _run_in_worker(item):
    return _worker["function"](item, _worker["shared"])


def in_background(work: Callable[[], Result], jobs: int = 1) -> Callable[[], Result]:
    """Start work() in a forked process when there is more than one job, and return a function
    that waits for its result (and raises what it raised). With one job, work() runs when its
    result is asked for. The work must write nothing: its result is all that comes back."""
    if jobs <= 1:
        return work
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            outcome = (True, work())
        except BaseException as error:     # sent back and raised in the parent
            outcome = (False, error)
        try:
            # Pickled whole before any byte is sent: a result that cannot be pickled becomes an
            # error the parent can read, not half a message.
            try:
                message = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError) as error:
                message = pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(message)
        finally:
            os._exit(0)     # no clean-up of the parent's state, no flushing of its buffers
    os.close(write)

    def result() -> Result:
        with os.fdopen(read, "rb") as pipe:
            try:
                succeeded, value = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                succeeded, value = False, RuntimeError("a build process ended without its result")
        os.waitpid(pid, 0)
        if not succeeded:
            raise value
        return value

    return result
