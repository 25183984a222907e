"""Type stubs of the sluice package (written from the same docs as sluice/__init__.py)."""
import os
from typing import Any, BinaryIO, Iterable, Optional, Sequence, Tuple, Union

__version__: str
DEFAULT_OPTIONS: dict

_Path = Union[str, "os.PathLike[str]"]

class InputError(ValueError):
    """The input cannot be mined: the message says why (the CLI's message)."""

def mine(source: Union[_Path, Sequence[_Path], bytes, BinaryIO, Iterable[bytes]], *, workers: int = 1, chunk_size: int = 1048576,
         **options: Any) -> Any:
    """Mines ``source`` (a path, a list of paths, directories or globs, bytes, a binary file
    or an iterable of bytes) and returns its profile as a dict (a list of dicts for an Excel
    workbook with ``sheet="all"``, or for files with other columns than the first)."""

class Miner:
    """One pass over chunks of any size: ``push(bytes)`` as they come, then ``finish()``."""
    def __init__(self, **options: Any) -> None: ...
    def push(self, chunk: Union[bytes, bytearray, memoryview]) -> None: ...
    @property
    def done(self) -> bool: ...
    @property
    def bytes(self) -> int: ...
    @property
    def rows(self) -> int: ...
    def finish(self) -> dict: ...

def read_head(f: BinaryIO, length: int, options: dict) -> bytes: ...

def plan(path_or_size: Union[_Path, int], head_bytes: Optional[bytes] = None, workers: int = 2, *,
         min_range_bytes: Optional[int] = None, **options: Any) -> dict:
    """``{"ranges": [(start, end), ...], "note": str | None, "head": bytes, "length": int}``."""

def mine_range(source: Union[_Path, BinaryIO], head_bytes: bytes, start: int, end: Optional[int] = None, *,
               length: Optional[int] = None, exact: bool = False, seed: Optional[Sequence[str]] = None,
               window: int = 1048576, chunk_size: int = 1048576, first_head: Optional[bytes] = None,
               first_length: Optional[int] = None, file_index: Optional[int] = None, **options: Any) -> bytes:
    """The partial (bytes) of the range ``[start, end)``; among several files, ``first_head``
    and ``first_length`` read it with the first file's conventions and ``file_index`` salts the
    row sample."""

def partial_info(partial: bytes, **options: Any) -> dict: ...

class Merger:
    """Adds partials up in file order, over one file or several of the same columns."""
    def __init__(self, **options: Any) -> None: ...
    def add_file(self, head_bytes: bytes, length: int, name: Optional[str] = ..., first_head: Optional[bytes] = ...,
                 first_length: Optional[int] = ...) -> None: ...
    @property
    def next_start(self) -> int: ...
    @property
    def is_complete(self) -> bool: ...
    @property
    def column_names(self) -> list: ...
    def add(self, partial: bytes) -> Optional[str]: ...
    def finish(self) -> dict: ...

def merge(head_bytes: bytes, partials: Iterable[bytes], *, length: int, source: Union[_Path, BinaryIO, None] = None,
          window: int = 1048576, **options: Any) -> dict:
    """The profile of one file from its partials in file order."""
