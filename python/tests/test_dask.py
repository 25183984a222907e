"""sluice.dask on a real LocalCluster (2 worker processes, 127.0.0.1 only) over generated files
with quoted line breaks across range boundaries: the result equals one pass over the same rows
(the files concatenated with every header after the first removed, mined by the CLI)."""
import os
import signal
import threading
import time

import pytest

distributed = pytest.importorskip("distributed")
import sluice  # noqa: E402
import sluice.dask  # noqa: E402
from conftest import cli, gen, same  # noqa: E402

IGNORE = ("memory", "workers", "parallel_note")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    d = tmp_path_factory.mktemp("shards")
    files = [gen(d / f"part-{i:04}.csv", "2500KB", 20 + i) for i in range(3)]
    # The reference: one file, the headers after the first removed (gen writes a one-line header).
    whole = d / "whole.csv"
    with open(whole, "wb") as out:
        for k, f in enumerate(files):
            b = f.read_bytes()
            out.write(b if k == 0 else b[b.index(b"\n") + 1:])
    return d, files, whole


def close(a, b, path="profile"):
    """Equal apart from the run's figures (IGNORE), with floats equal up to the rounding of
    merged moments (the parallel formulas)."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys = (set(a) | set(b)) - (set(IGNORE) if path == "profile" else set())
        for k in keys:
            assert k in a and k in b, f"{path}.{k} is missing on one side"
            close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), f"{path}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            close(x, y, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12), f"{path}: {a} != {b}"
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def dataset(a, b, files):
    """`a`, the profile of several files, against `b`, one pass over their rows: the bytes are
    the files' (their headers included), and the row sample is as uniform but not the same
    rows (a row's place in the sample comes from its byte offset in its own file)."""
    assert a["bytes"] == sum(f.stat().st_size for f in files)
    assert len(a["sample"]["rows"]) == len(b["sample"]["rows"]) > 0
    # `files` lists each file with its rows, bytes and lines, in order.
    assert [f["name"] for f in a["files"]] == [str(f) for f in files]
    assert [f["bytes"] for f in a["files"]] == [f.stat().st_size for f in files]
    assert sum(f["rows"] for f in a["files"]) == b["rows"]
    assert a["files"][0]["first_line"] == 1 and a["files"][-1]["last_line"] == b["lines"]
    close({**a, "bytes": b["bytes"], "sample": b["sample"], "files": b["files"]}, b)


def test_one_file_equals_the_single_pass(client, shards):
    _, files, _ = shards
    p = sluice.dask.profile(files[0], blocksize="1MiB", client=client)
    assert p["workers"] >= 2
    close(p, cli(files[0]))


# The dataset tests give a budget their union fits in with room: a merge counts both sides'
# states before it removes what they share, so near the budget it demotes earlier than one pass
# would (the result is then an estimate within its stated error, not the same number).
BIG = 64 << 20


def test_many_files_are_one_dataset(client, shards):
    d, files, whole = shards
    want = cli("--memory-budget", "64M", whole)
    p = sluice.dask.profile(str(d / "part-*.csv"), blocksize=1 << 20, client=client, memory_budget_bytes=BIG)
    assert p["workers"] >= 6
    dataset(p, want, files)
    # The same files as a list, one range each, on Dask's default scheduler (no client).
    dataset(sluice.dask.profile([str(f) for f in files], blocksize="4MiB", client=False, memory_budget_bytes=BIG), want, files)


def test_many_files_equal_the_clis_dataset_of_them(client, shards):
    """Against the CLI's own dataset of the same files (not their concatenation): the row
    sample is the same rows too, as every file's place salts it the same way."""
    _, files, _ = shards
    want = cli("--memory-budget", "64M", *files)
    p = sluice.dask.profile([str(f) for f in files], blocksize=1 << 20, client=client, memory_budget_bytes=BIG)
    close(p, want)


def test_later_files_are_read_with_the_first_files_conventions(client, tmp_path):
    """The first file's dates say day first (13/01); the second's alone would read month
    first (01/02 is 2 January), but a dataset reads every file as its first."""
    import datetime

    a = [f"{d:02}/{m:02}/2023,{d * m}" for m in range(1, 13) for d in (13, 20, 28)]
    b = [f"{d:02}/{m:02}/2024,{d + m}" for m in range(1, 13) for d in (1, 5, 9)]
    fa, fb = tmp_path / "a.csv", tmp_path / "b.csv"
    fa.write_text("day,n\n" + "\n".join(a) + "\n")
    fb.write_text("day,n\n" + "\n".join(b) + "\n")
    days = sorted(datetime.datetime.strptime(r.split(",")[0], "%d/%m/%Y").date().isoformat() for r in a + b)
    p = sluice.dask.profile([str(fa), str(fb)], client=client)
    day = next(c for c in p["columns"] if c["name"] == "day")
    assert day["type"] == "date"
    assert (day["min"], day["max"]) == (days[0], days[-1])
    assert day["distinct"] == len(set(days))
    close(p, cli(fa, fb))


def test_json_lines_files(client, tmp_path):
    files = [gen(tmp_path / f"p{i}.jsonl", "3MB", 40 + i, jsonl=True) for i in range(2)]
    whole = tmp_path / "whole.jsonl"
    whole.write_bytes(b"".join(f.read_bytes() for f in files))
    p = sluice.dask.profile([str(f) for f in files], blocksize="1MiB", client=client, memory_budget_bytes=BIG)
    dataset(p, cli("--memory-budget", "64M", whole), files)


def test_csv_and_json_lines_files_are_one_dataset(client, tmp_path):
    """A JSON Lines file among CSV files of the same columns joins their dataset, as the CLI
    joins it (every later file mined with the first file's columns and their layout)."""
    files = [gen(tmp_path / "a.csv", "1500KB", 60), gen(tmp_path / "b.jsonl", "1500KB", 61, jsonl=True),
             gen(tmp_path / "c.csv", "500KB", 62)]
    p = sluice.dask.profile([str(f) for f in files], blocksize="512KiB", client=client, memory_budget_bytes=BIG)
    assert [f["format"] for f in p["files"]] == ["csv", "jsonl", "csv"]
    close(p, cli("--memory-budget", "64M", *files))


def test_a_killed_worker_is_retried_and_the_result_is_unchanged(client, tmp_path):
    big = gen(tmp_path / "big.csv", "40MB", 5)
    want = sluice.dask.profile(str(big), blocksize=1 << 20, client=client)
    pids = client.run(os.getpid)
    out = {}

    def run():
        out["p"] = sluice.dask.profile(str(big), blocksize=1 << 20, client=client)

    t = threading.Thread(target=run)
    t.start()
    # Kill a worker process once it holds a range to mine.
    killed = None
    deadline = time.time() + 60
    while killed is None and time.time() < deadline and t.is_alive():
        busy = [w for w, keys in client.processing().items() if any("sluice-range" in str(k) for k in keys)]
        if busy:
            killed = pids[busy[0]]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.005)
    t.join(180)
    assert killed is not None, "no task was seen running"
    assert not t.is_alive()
    close(out["p"], want)
    client.wait_for_workers(2, timeout=60)


def test_bad_input_raises_on_the_client(client, tmp_path, shards):
    d, files, _ = shards
    with pytest.raises(sluice.InputError, match="no file matches"):
        sluice.dask.profile(str(tmp_path / "nothing-*.csv"), client=client)
    other = tmp_path / "other.csv"
    other.write_bytes(b"a,b\n1,2\n" * 1000)
    with pytest.raises(sluice.InputError, match="other columns"):
        sluice.dask.profile([str(files[0]), str(other)], blocksize="1MiB", client=client)
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 40000)
    with pytest.raises(sluice.InputError):
        sluice.dask.profile(str(binary), blocksize="1MiB", client=client)
    with pytest.raises(TypeError, match="unknown option"):
        sluice.dask.profile(str(files[0]), client=client, no_such=1)
    with pytest.raises(ValueError, match="memory_budget_bytes"):
        sluice.dask.profile(str(files[0]), client=client, memory_budget_bytes=1)


def test_a_wrong_boundary_guess_is_mined_again(client, tmp_path):
    # A quoted field of 3.6 MB whose lines look like records: a range that starts inside it
    # cannot tell within the 1 MiB window, guesses, and guesses wrong.
    f = tmp_path / "quoted.csv"
    rows = b"".join(b"%d,name %d,%d.5\n" % (i, i, i) for i in range(1000))
    f.write_bytes(b"a,b,c\n" + rows + b'1,"' + b"1,2,3\n" * 600_000 + b'",9.5\n' + rows)
    p = sluice.dask.profile(str(f), blocksize="1MiB", client=client)
    assert "mined again" in (p["parallel_note"] or "")
    close(p, cli(f))
