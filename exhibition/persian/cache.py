"""Per-process memos of the costly pure functions, and their hand-over between processes:
import workers do the text work and hand the results to the process that saves
(``take_results`` in the worker, ``remember_results`` in the saver)."""

from __future__ import annotations

# Recent results of the costly pure functions. normalize: input (raw or cleaned) ->
# normalized text, and each fixpoint -> itself: saving normalizes text that is often
# normalized already (an import compares before it saves, an edit re-saves every field),
# and proving a fixpoint costs a full hazm pass. search_key and index_key: text -> key
# (an article's search document is built again when it is saved). Import workers hand
# them to the process that saves (take_results / remember_results).
NORMALIZED: dict[str, str] = {}
SEARCH_KEYS: dict[str, str] = {}
INDEX_KEYS: dict[str, str] = {}
_MEMOS = (NORMALIZED, SEARCH_KEYS, INDEX_KEYS)
_MAX_REMEMBERED = 1024
# Also bounded by size: whole article bodies are remembered, and a web process keeps
# these for its lifetime. About 2 M characters (a few MB) per memo.
_MAX_REMEMBERED_CHARS = 2_000_000
_CHARS = {id(memo): 0 for memo in _MEMOS}


def remember(memo: dict[str, str], pairs: dict[str, str]) -> None:
    for key, value in pairs.items():
        if key not in memo:
            _CHARS[id(memo)] += len(key) + len(value)
        memo[key] = value
    while len(memo) > _MAX_REMEMBERED or (memo and _CHARS[id(memo)] > _MAX_REMEMBERED_CHARS):
        try:  # oldest first; another thread may be evicting too
            key = next(iter(memo))
            _CHARS[id(memo)] -= len(key) + len(memo.pop(key))
        except (KeyError, StopIteration, RuntimeError):
            break


def take_results(*, search_keys: bool = True) -> tuple[dict[str, str], ...]:
    """Hand over (and forget) the remembered results of normalize, search_key and
    index_key, for remember_results in another process running this code; without
    ``search_keys`` (forgotten, not handed over) when the other process will not ask
    for them."""
    results = tuple(
        {} if memo is SEARCH_KEYS and not search_keys else dict(memo) for memo in _MEMOS
    )
    for memo in _MEMOS:
        memo.clear()
        _CHARS[id(memo)] = 0
    return results


def remember_results(results: tuple[dict[str, str], ...] | None) -> None:
    """Take results handed over by take_results in another process (None: nothing)."""
    for memo, pairs in zip(_MEMOS, results or (), strict=False):
        remember(memo, pairs)
