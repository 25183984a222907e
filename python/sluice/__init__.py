"""Sluice: a streaming dataset miner, as a Python package over the same Rust crate as the CLI
and the page. A profile comes out of one pass in bounded memory (``memory_budget_bytes``),
identical for any chunking; it is the CLI's JSON, as a dict.

    import sluice
    profile = sluice.mine("flights.csv")            # a path, a binary file, or an iterable of bytes

Options are the engine's own names (the same as the CLI's flags, with underscores):
``sluice.mine(path, memory_budget_bytes=64 << 20, delimiter=";")``. The parallel machinery
(:func:`plan`, :func:`mine_range`, :func:`merge`) is exposed so that any engine can drive it;
:mod:`sluice.dask` drives it on a Dask cluster.
"""

from __future__ import annotations

import json
import os
from typing import Any, BinaryIO, Iterable, Optional, Sequence, Union

from . import _sluice
from ._sluice import InputError, RangeMiner as _RangeMiner, Merger as _Merger

__all__ = ["mine", "Miner", "plan", "mine_range", "merge", "InputError", "DEFAULT_OPTIONS", "__version__"]
__version__ = _sluice.__version__

#: The engine's options with their defaults (``sluice::Options``).
DEFAULT_OPTIONS: dict = json.loads(_sluice.default_options())

CHUNK = 1 << 20


def _options(options: dict) -> str:
    return json.dumps(options)


def _is_path(source: Any) -> bool:
    return isinstance(source, (str, os.PathLike))


def mine(source: Union[str, "os.PathLike[str]", bytes, BinaryIO, Iterable[bytes]], *, workers: int = 1,
         chunk_size: int = CHUNK, **options: Any) -> Any:
    """Mines ``source`` and returns its profile (a dict, the CLI's JSON).

    ``source`` is a path (read as the CLI reads it: the format from the first bytes and the
    name, Excel and Parquet included, ``workers`` threads over byte ranges), ``bytes``, a binary
    file object (read ``chunk_size`` bytes at a time), or an iterable of ``bytes`` chunks. An
    Excel workbook with ``sheet="all"`` gives a list of profiles, one per sheet.

    A list (or tuple) of paths, directories or glob patterns is mined as the CLI mines several
    files: files with the same columns are one dataset, whose profile's ``files`` lists them;
    when some files have other columns, a list of profiles, each with a ``file_mismatch``
    finding.

    Raises :class:`InputError` (a ``ValueError``) when the input cannot be mined, ``ValueError``
    for invalid option values and ``TypeError`` for unknown option names.
    """
    if workers < 0:
        raise ValueError(f"workers must be 0 (one per core) or more, got {workers}")
    n = workers or (os.cpu_count() or 1)
    if _is_path(source):
        return json.loads(_sluice.mine_path(os.fspath(source), _options(options), n, max(1, chunk_size)))
    if isinstance(source, (list, tuple)) and source and all(_is_path(s) for s in source):
        return json.loads(_sluice.mine_paths([os.fspath(s) for s in source], _options(options), n))
    m = Miner(**options)
    if isinstance(source, (bytes, bytearray, memoryview)):
        m.push(source)
    elif hasattr(source, "read"):
        while not m.done:
            chunk = source.read(chunk_size)
            if not chunk:
                break
            m.push(chunk)
    else:
        try:
            chunks = iter(source)
        except TypeError:
            raise TypeError(f"sluice.mine needs a path, bytes, a binary file or an iterable of bytes, got {type(source).__name__}") from None
        for chunk in chunks:
            m.push(chunk)
            if m.done:
                break
    return m.finish()


class Miner:
    """One pass over chunks of any size: ``push(bytes)`` as they come, then ``finish()``.

    The profile is the same for any chunking. ``push`` releases the GIL while it mines.
    """

    def __init__(self, **options: Any) -> None:
        self._m = _sluice.Miner(_options(options))

    def push(self, chunk: Union[bytes, bytearray, memoryview]) -> None:
        """Mines the next bytes."""
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise TypeError(f"Miner.push needs bytes, got {type(chunk).__name__}")
        self._m.push(bytes(chunk) if isinstance(chunk, memoryview) else chunk)

    @property
    def done(self) -> bool:
        """Whether the miner needs no more bytes (a decompression limit was reached)."""
        return self._m.done

    @property
    def bytes(self) -> int:
        """Bytes pushed so far."""
        return self._m.bytes

    @property
    def rows(self) -> int:
        """Data rows so far."""
        return self._m.rows

    def finish(self) -> dict:
        """The profile (a dict). The miner cannot be used after."""
        return json.loads(self._m.finish())


def _sniff_bytes(options: dict) -> int:
    return int(options.get("sniff_bytes", DEFAULT_OPTIONS["sniff_bytes"]))


def read_head(f: BinaryIO, length: int, options: dict) -> bytes:
    """The head every part needs: the first ``min(sniff_bytes, length)`` bytes of the file."""
    want = min(_sniff_bytes(options), length)
    f.seek(0)
    out = bytearray()
    while len(out) < want:
        b = f.read(want - len(out))
        if not b:
            break
        out += b
    return bytes(out)


def plan(path_or_size: Union[str, "os.PathLike[str]", int], head_bytes: Optional[bytes] = None, workers: int = 2, *,
         min_range_bytes: Optional[int] = None, **options: Any) -> dict:
    """Cuts a file into ``workers`` byte ranges as the CLI does.

    ``path_or_size`` is a path (its head is read from it) or the file's length, with
    ``head_bytes`` its first ``min(sniff_bytes, length)`` bytes. Returns
    ``{"ranges": [(start, end), ...], "note": str | None, "head": bytes, "length": int}``: one
    range and a note saying why when the file cannot be cut (too small, compressed, not UTF-8,
    its first record longer than the head...).
    """
    if _is_path(path_or_size):
        length = os.path.getsize(path_or_size)
        if head_bytes is None:
            with open(path_or_size, "rb") as f:
                head_bytes = read_head(f, length, options)
    else:
        length = int(path_or_size)
        if head_bytes is None:
            raise TypeError("plan(size) needs head_bytes: the file's first min(sniff_bytes, size) bytes")
    note = _sluice.compressed_note(head_bytes[:8], _options(options))
    if note is not None:
        return {"ranges": [(0, length)], "note": note if workers > 1 else None, "head": head_bytes, "length": length}
    ranges, note = _sluice.plan(head_bytes, length, workers, _options(options), min_range_bytes)
    return {"ranges": [tuple(r) for r in ranges], "note": note, "head": head_bytes, "length": length}


def mine_range(source: Union[str, "os.PathLike[str]", BinaryIO], head_bytes: bytes, start: int, end: Optional[int] = None, *,
               length: Optional[int] = None, exact: bool = False, seed: Optional[Sequence[str]] = None,
               window: int = 1 << 20, chunk_size: int = CHUNK, first_head: Optional[bytes] = None,
               first_length: Optional[int] = None, file_index: Optional[int] = None, **options: Any) -> bytes:
    """Mines the range ``[start, end)`` of a file into a partial (``bytes``) for :func:`merge`.

    ``source`` is a path or a seekable binary file object; ``length`` is the file's length
    (found from a path, or by seeking to the end). With ``exact=False`` the part starts at the
    first record start at or after ``start`` (a boundary scan); ``exact=True`` says ``start`` is
    a record start (0, or where the previous part stopped). ``end=None`` mines to the end of
    the file. ``seed`` gives a JSON Lines part the columns of the parts before it.
    Among several files as one dataset, ``first_head`` and ``first_length`` (the first file's
    head and length) read this file with the first file's conventions, and ``file_index`` (its
    place in the dataset) salts the row sample, as the CLI does.
    """
    if _is_path(source):
        with open(source, "rb") as f:
            return mine_range(f, head_bytes, start, end, length=length, exact=exact, seed=seed, window=window,
                              chunk_size=chunk_size, first_head=first_head, first_length=first_length,
                              file_index=file_index, **options)
    f = source
    if length is None:
        length = f.seek(0, os.SEEK_END)
    m = _RangeMiner(head_bytes, length, _options(options), start, end, exact, list(seed) if seed is not None else None, window,
                    first_head, first_length, file_index)
    f.seek(m.first_byte)
    while True:
        chunk = f.read(chunk_size)
        if not chunk or not m.push(chunk):
            break
    return m.finish()


def partial_info(partial: bytes, **options: Any) -> dict:
    """What a partial says about itself: ``start``, ``stop``, ``eof``, ``rows``, ``lines``."""
    start, stop, eof, rows, lines = _sluice.partial_info(partial, _options(options))
    return {"start": start, "stop": stop, "eof": eof, "rows": rows, "lines": lines}


class Merger:
    """Adds partials up in file order, over one file or several files of the same columns.

    ``add_file(head_bytes, length, name=None)`` starts each file (``name`` lists it in the
    profile's ``files``); ``add(partial)`` returns None, or why the
    part was refused: it must then be mined again from ``next_start`` (``exact=True``), with
    ``seed=column_names`` for a JSON Lines part. ``finish()`` gives the profile.
    """

    def __init__(self, **options: Any) -> None:
        self._m = _Merger(_options(options))

    def add_file(self, head_bytes: bytes, length: int, name: Optional[str] = None, first_head: Optional[bytes] = None,
                 first_length: Optional[int] = None) -> None:
        """Starts the next file; among several, ``first_head`` and ``first_length`` (the first
        file's) read it with the first file's conventions, as its parts must be."""
        self._m.add_file(head_bytes, length, name, first_head, first_length)

    @property
    def next_start(self) -> int:
        return self._m.next_start

    @property
    def is_complete(self) -> bool:
        return self._m.is_complete

    @property
    def column_names(self) -> list:
        return self._m.column_names

    def add(self, partial: bytes) -> Optional[str]:
        return self._m.add(partial)

    def finish(self) -> dict:
        return json.loads(self._m.finish())


def merge(head_bytes: bytes, partials: Iterable[bytes], *, length: int,
          source: Union[str, "os.PathLike[str]", BinaryIO, None] = None, window: int = 1 << 20, **options: Any) -> dict:
    """Merges the partials of one file, in file order, into its profile.

    Each part must start where the one before it stopped. When one does not (a boundary guess
    that was wrong) and ``source`` is given, the range is mined again from its exact start, as
    the CLI does; without ``source`` that is an :class:`InputError`. A part wholly inside the
    parts before it (a quoted field spanning it) is skipped.
    """
    m = Merger(**options)
    m.add_file(head_bytes, length, os.fspath(source) if isinstance(source, (str, os.PathLike)) else None)
    parts = list(partials)
    infos = [partial_info(p, **options) for p in parts]
    for k, (part, info) in enumerate(zip(parts, infos)):
        if m.is_complete:
            break
        t = m.next_start
        nxt = infos[k + 1]["start"] if k + 1 < len(parts) else None
        if k > 0 and nxt is not None and t >= nxt:
            continue  # covered by the parts before it
        why = m.add(part) if info["start"] == t else f"a part starting at byte {info['start']} cannot follow one that stopped at {t}"
        if why is None:
            continue
        if source is None:
            raise InputError(f"{why}: give source= to mine it again from its exact start")
        # To where the next part starts (a record start), so that it follows.
        end = nxt if nxt is not None and nxt > t else None
        again = mine_range(source, head_bytes, t, end, length=length, exact=True,
                           seed=m.column_names or None, window=window, **options)
        why2 = m.add(again)
        if why2 is not None:
            raise InputError(f"parallel merge failed after {why}: {why2}")
    return m.finish()
