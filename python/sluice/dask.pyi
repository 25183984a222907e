import os
from typing import Any, Optional, Sequence, Union

def parse_blocksize(b: Union[int, str]) -> int: ...
def profile(urlpath_or_list: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
            blocksize: Union[int, str] = "64MiB", client: Any = None, *, storage_options: Optional[dict] = None,
            window: int = 1048576, progress: bool = False, **options: Any) -> dict:
    """The profile of every file as one dataset, mined as Dask tasks over byte ranges."""
