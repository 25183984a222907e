"""Profiles of data too big for one machine, on Dask: byte ranges of every file mined as Dask
tasks (one partial each), merged in file order on the client into the profile of all the files
as one dataset.

    import sluice.dask
    profile = sluice.dask.profile("s3://bucket/exports/*.csv", blocksize="128MiB", client=client)

Files are read through fsspec by range, so any fsspec URL works (``s3://``, ``gs://``,
``abfs://``, ``https://``...; pass ``storage_options``). Each task holds one range's state,
within the memory budget (``memory_budget_bytes``, 32 MiB by default; a part mines within half
of it). The client merges the parts as they arrive, in file order, holding the merged state
and one partial at a time (a streaming merge: see the README's "Python and Dask").

Files with the same columns are one dataset: their rows are counted together and their line
numbers run on from file to file, as if they were one file with every header after the first
removed. A file with other columns is an :class:`sluice.InputError` naming the difference.
Compressed files, Excel workbooks and Parquet files cannot be cut into ranges: a single such
file is mined in one task; among several files, it is an error.
"""

from __future__ import annotations

import json
import os
from typing import Any, Optional, Sequence, Union

import sluice
from sluice import InputError, _sluice

__all__ = ["profile", "parse_blocksize"]


def parse_blocksize(b: Union[int, str]) -> int:
    """Bytes from ``64MiB``, ``128MB``, ``1GiB`` or an int."""
    if isinstance(b, int):
        return b
    from dask.utils import parse_bytes

    return int(parse_bytes(b))


def _fs(urlpath, storage_options):
    import fsspec

    fs, _, paths = fsspec.core.get_fs_token_paths(urlpath, mode="rb", storage_options=storage_options or {})
    return fs, sorted(paths) if isinstance(urlpath, str) else list(paths)


def _head(fs, path: str, length: int, options: dict) -> bytes:
    with fs.open(path, "rb") as f:
        return sluice.read_head(f, length, options)


def _mine_range(fs, path, head, length, start, end, exact, seed, window, options, first=None, file_index=None) -> bytes:
    """One Dask task: the partial of one range, read from fsspec. ``first``: the dataset's
    first file's (head, length), whose conventions a later file is read with."""
    first_head, first_length = first if first else (None, None)
    with fs.open(path, "rb") as f:
        return sluice.mine_range(f, head, start, end, length=length, exact=exact, seed=seed, window=window,
                                 first_head=first_head, first_length=first_length, file_index=file_index, **options)


def _mine_whole(fs, path, options) -> dict:
    """One Dask task: a file that cannot be cut (compressed), mined in one pass."""
    with fs.open(path, "rb") as f:
        return sluice.mine(f, **options)


def _is_unsplittable(path: str, head: bytes, options: dict) -> Optional[str]:
    low = path.lower()
    if low.endswith((".xlsx", ".xlsm", ".parquet")) or head.startswith(b"PAR1") or head.startswith(b"PK"):
        return "an Excel workbook or a Parquet file is read by seeking, not in ranges"
    return _sluice.compressed_note(head[:8], sluice._options(options))


def profile(urlpath_or_list: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]], blocksize: Union[int, str] = "64MiB",
            client: Any = None, *, storage_options: Optional[dict] = None, window: int = 1 << 20,
            progress: bool = False, **options: Any) -> dict:
    """The profile of every file in ``urlpath_or_list`` as one dataset, mined on Dask.

    - ``urlpath_or_list``: a path, an fsspec URL or glob, or a list of them (in file order;
      a glob is sorted by name).
    - ``blocksize``: bytes per task (``"64MiB"``, or an int): each file is cut into ranges of
      about this size (at least 4 MiB; a file under twice that is one range).
    - ``client``: a ``distributed.Client``; None: the current client if there is one, else
      Dask's default scheduler; False: Dask's local scheduler in any case.
    - ``progress``: show Dask's progress bar (``distributed.progress`` with a client, else
      ``dask.diagnostics.ProgressBar``); the tasks also show on the dashboard, named
      ``sluice-range-...``.
    - ``options``: the engine's options, as :func:`sluice.mine`'s.

    The result equals the single pass's profile over the same rows (apart from ``memory``,
    ``workers`` and floating-point rounding in merged moments). A part whose start was guessed
    wrong (CSV quote-heavy data) is mined again from its exact start, as a new task. Bad input
    raises on the client: :class:`sluice.InputError` with the engine's message.
    """
    import dask

    fs, paths = _fs([os.fspath(p) for p in urlpath_or_list] if isinstance(urlpath_or_list, (list, tuple)) else os.fspath(urlpath_or_list), storage_options)
    if not paths:
        raise InputError(f"no file matches {urlpath_or_list!r}")
    _sluice.Merger(sluice._options(options))  # validates the options on the client, before any task
    size = parse_blocksize(blocksize)
    if size <= 0:
        raise ValueError(f"blocksize must be positive, got {blocksize!r}")

    if client is None:
        try:
            from distributed import get_client

            client = get_client()
        except (ImportError, ValueError):
            client = None
    elif client is False:
        client = None  # Dask's local scheduler even when a distributed client exists

    files = []
    for path in paths:
        info = fs.info(path)
        if info.get("type") == "directory":
            raise InputError(f"cannot read {path}: it is a directory")
        length = int(info["size"])
        head = _head(fs, path, length, options)
        files.append((path, length, head))

    whole = [(p, _is_unsplittable(p, h, options)) for p, _, h in files]
    whole = [(p, why) for p, why in whole if why]
    if whole:
        if len(files) > 1:
            raise InputError(f"{whole[0][0]} cannot be cut into ranges ({whole[0][1]}): profile it alone")
        path = files[0][0]
        task = dask.delayed(_mine_whole, pure=False)(fs, path, options, dask_key_name=f"sluice-whole-{_token(path)}")
        return _compute(client, [task], progress)[0]

    # Among several files, every later file is read with the first file's conventions (day or
    # month first, the decimal mark, boolean words) and its place salts the row sample: the
    # CLI's dataset of the same files.
    many = len(files) > 1

    def first(i):
        return (files[0][2], files[0][1]) if many and i > 0 else None

    def dataset(i):
        return i if many else None

    tasks, plans = [], []
    for i, (path, length, head) in enumerate(files):
        workers = max(1, -(-length // size))
        p = sluice.plan(length, head, workers, min_range_bytes=min(size, 4 << 20), **options)
        ranges = p["ranges"]
        plans.append(ranges)
        for k, (start, end) in enumerate(ranges):
            last = k + 1 == len(ranges)
            tasks.append(dask.delayed(_mine_range, pure=False)(
                fs, path, head, length, start, None if last else end, k == 0, None, window, options, first(i), dataset(i),
                dask_key_name=f"sluice-range-{i}-{k}-{_token(path)}"))

    merger = _sluice.Merger(sluice._options(options))
    results = _stream(client, tasks, progress)
    remined = 0
    for i, (path, length, head) in enumerate(files):
        fh, fl = first(i) or (None, None)
        merger.add_file(head, length, path, fh, fl)
        ranges = plans[i]
        for k, (start, end) in enumerate(ranges):
            part = next(results)
            if merger.is_complete:
                continue
            t = merger.next_start
            if k > 0 and t >= end:
                continue  # the parts before it covered it
            last = k + 1 == len(ranges)
            # The merger refuses a part that does not start at `t` (a wrong boundary guess) and
            # a JSON Lines part with its columns in another order: either is mined again from
            # the exact start, seeded with the columns so far (for CSV, the header's).
            why = merger.add(part)
            if why is None:
                continue
            remined += 1
            seed = merger.column_names or None
            again = dask.delayed(_mine_range, pure=False)(
                fs, path, head, length, t, None if last else end, True, seed, window, options, first(i), dataset(i),
                dask_key_name=f"sluice-remine-{i}-{k}-{_token(path)}")
            why2 = merger.add(_compute(client, [again], False)[0])
            if why2 is not None:
                raise InputError(f"{path}: parallel merge failed: {why2}")
        if not merger.is_complete:
            raise InputError(f"{path}: the parts stop at byte {merger.next_start}, before the end of the file")
    out = json.loads(merger.finish())
    out["workers"] = sum(len(r) for r in plans)
    if remined:
        out["parallel_note"] = f"{remined} of {out['workers']} ranges were mined again from their exact start"
    return out


def _token(path: str) -> str:
    from dask.base import tokenize

    return tokenize(path)[:12]


def _compute(client, tasks, progress):
    if client is not None:
        futures = client.compute(tasks)
        if progress:
            from distributed import progress as bar

            bar(futures)
        return client.gather(futures)
    import dask

    if progress:
        from dask.diagnostics import ProgressBar

        with ProgressBar():
            return list(dask.compute(*tasks))
    return list(dask.compute(*tasks))


def _stream(client, tasks, progress):
    """The tasks' results in order; with a client, each is fetched when the merge needs it and
    released after, so the client holds one partial at a time."""
    if client is None:
        yield from _compute(None, tasks, progress)
        return
    futures = client.compute(tasks)
    if progress:
        from distributed import progress as bar

        bar(futures)
    for k, f in enumerate(futures):
        yield f.result()
        futures[k] = None
        f.release()
