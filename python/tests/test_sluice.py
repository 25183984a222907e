"""The Python package against the CLI (the same crate, so the same profile apart from the
allocator's figures), on real files: generated CSV and JSON Lines, a fixture, a Parquet file and
a workbook written by pyarrow and openpyxl, and a gzip file written by the standard library."""
import gzip
import io
import threading
import time

import pytest

import sluice
from conftest import cli, cli_error, same


@pytest.mark.parametrize("name", ["people", "gen", "jsonl"])
def test_a_path_gives_the_clis_profile(data, name):
    same(sluice.mine(data[name]), cli(data[name]))


def test_workers_give_the_clis_parallel_profile(data):
    p = sluice.mine(data["gen"], workers=2)
    assert p["workers"] == 2
    same(p, cli("--workers", "2", data["gen"]))


def test_options_are_the_clis(data):
    same(sluice.mine(data["people"], memory_budget_bytes=4 << 20, delimiter=",", has_header=True, null_values=["x"]),
         cli("--memory-budget", "4M", "--delimiter", ",", "--header", "--null-values", "x", data["people"]))


# Bytes, file objects and chunks have no name: their profiles list no file.
UNNAMED = ("memory", "files")


def test_any_chunking_and_any_source_give_the_same_profile(data):
    want = sluice.mine(data["gen"])
    assert want["files"] == [{"name": str(data["gen"]), "format": "csv", "compression": None, "bytes": want["bytes"], "rows": want["rows"],
                              "first_line": 1, "last_line": want["lines"], "line_offset": 0}]
    raw = data["gen"].read_bytes()
    same(sluice.mine(raw), want, ignore=UNNAMED)
    with open(data["gen"], "rb") as f:
        same(sluice.mine(f, chunk_size=65_537), want, ignore=UNNAMED)
    same(sluice.mine(raw[i:i + 999_983] for i in range(0, len(raw), 999_983)), want, ignore=UNNAMED)
    m = sluice.Miner()
    for i in range(0, len(raw), 3_000_017):
        m.push(memoryview(raw)[i:i + 3_000_017])
    assert m.bytes == len(raw)
    same(m.finish(), want, ignore=UNNAMED)


def test_compressed_parquet_and_excel_files(data, tmp_path):
    gz = tmp_path / "people.csv.gz"
    gz.write_bytes(gzip.compress(data["people"].read_bytes()))
    same(sluice.mine(gz), cli(gz))
    pa = pytest.importorskip("pyarrow")
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq
    pqf = tmp_path / "people.parquet"
    pq.write_table(pcsv.read_csv(data["people"]), pqf)
    same(sluice.mine(pqf), cli(pqf))
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.title = "one"
    for row in [["a", "b"], [1, "x"], [2, "y"]]:
        wb.active.append(row)
    wb.create_sheet("two").append(["c"])
    xlsx = tmp_path / "book.xlsx"
    wb.save(xlsx)
    same(sluice.mine(xlsx), cli(xlsx))
    sheets = sluice.mine(xlsx, sheet="all")
    assert isinstance(sheets, list) and len(sheets) == 2
    for a, b in zip(sheets, cli("--sheet", "all", xlsx)):
        same(a, b)
    assert pa is not None


def test_plan_mine_range_merge_give_the_parallel_profile(data):
    path = data["gen"]
    p = sluice.plan(path, workers=3)
    assert len(p["ranges"]) == 3 and p["note"] is None
    assert p["ranges"][0][0] == 0 and p["ranges"][-1][1] == path.stat().st_size
    parts = [sluice.mine_range(path, p["head"], s, None if k == 2 else e, exact=k == 0)
             for k, (s, e) in enumerate(p["ranges"])]
    assert all(isinstance(x, bytes) for x in parts)
    infos = [sluice.partial_info(x) for x in parts]
    assert [i["start"] for i in infos[1:]] == [i["stop"] for i in infos[:-1]]
    assert sum(i["rows"] for i in infos) == sluice.mine(path)["rows"]
    merged = sluice.merge(p["head"], parts, length=p["length"])
    same(merged, cli("--workers", "3", path), ignore=("memory", "workers", "files"))
    # The plan from a size and head bytes is the same.
    assert sluice.plan(p["length"], p["head"], 3)["ranges"] == p["ranges"]
    # A part that does not follow: re-mined from its exact start with source=, else an error.
    off = infos[1]["start"] + 1
    wrong = sluice.mine_range(path, p["head"], off, p["ranges"][1][1])
    assert sluice.partial_info(wrong)["start"] > infos[1]["start"]
    with pytest.raises(sluice.InputError, match="cannot follow"):
        sluice.merge(p["head"], [parts[0], wrong, parts[2]], length=p["length"])
    fixed = sluice.merge(p["head"], [parts[0], wrong, parts[2]], length=p["length"], source=path)
    # Counts are exact; sketches past the part's budget (this file's quantiles) and merged
    # moments may differ within their error, as the part was mined from another first byte.
    for k in ("rows", "lines", "bytes", "duplicate_rows", "findings"):
        assert fixed[k] == merged[k], k
    for a, b in zip(fixed["columns"], merged["columns"]):
        for k in ("name", "count", "nulls", "distinct", "min", "max", "type", "types", "top"):
            assert a.get(k) == b.get(k), (a["name"], k)
        if isinstance(a.get("mean"), float):
            assert a["mean"] == pytest.approx(b["mean"], rel=1e-9)


def test_plan_says_why_one_range(data, tmp_path):
    assert sluice.plan(data["people"], workers=4)["note"]
    gz = tmp_path / "g.csv.gz"
    gz.write_bytes(gzip.compress(data["gen"].read_bytes()))
    p = sluice.plan(gz, workers=2)
    assert p["ranges"] == [(0, gz.stat().st_size)] and "cannot be cut" in p["note"]


def test_bad_input_raises_the_clis_message(tmp_path):
    missing = tmp_path / "missing.csv"
    with pytest.raises(sluice.InputError) as e:
        sluice.mine(missing)
    assert str(e.value) == cli_error(missing)
    assert isinstance(e.value, ValueError)
    with pytest.raises(sluice.InputError, match="directory"):
        sluice.mine(tmp_path)
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(sluice.InputError) as e:
        sluice.mine(binary)
    assert str(e.value) == cli_error(binary)
    with pytest.raises(ValueError, match="memory_budget_bytes"):
        sluice.mine(b"a\n1\n", memory_budget_bytes=1)
    with pytest.raises(TypeError, match="unknown option"):
        sluice.mine(b"a\n1\n", no_such_option=1)
    with pytest.raises(TypeError):
        sluice.mine(12345)
    with pytest.raises(sluice.InputError, match="invalid partial"):
        sluice.partial_info(b"garbage")
    m = sluice.Miner()
    m.finish()
    with pytest.raises(ValueError, match="finished"):
        m.push(b"a")


def test_the_gil_is_released_while_mining(data):
    raw = data["gen"].read_bytes() * 3
    ticks = 0
    stop = False

    def count():
        nonlocal ticks
        while not stop:
            ticks += 1

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.05)
    m = sluice.Miner()
    before = ticks
    t0 = time.perf_counter()
    m.push(raw)  # one call into the engine, well over 0.1 s
    spent = time.perf_counter() - t0
    during = ticks - before
    stop = True
    t.join()
    m.finish()
    assert spent > 0.1
    # Holding the GIL, the counting thread could not run at all during the call.
    assert during > 10_000, (during, spent)


def test_type_stubs_ship_with_the_package():
    import importlib.resources as r
    files = {p.name for p in r.files("sluice").iterdir()}
    assert {"__init__.pyi", "dask.pyi", "py.typed"} <= files
    assert io is not None


def test_a_list_of_paths_is_the_clis_dataset(data, tmp_path):
    raw = data["gen"].read_bytes()
    # Two shards (the CLI reads the same two files): the header, then each half.
    header, _, body = raw.partition(b"\n")
    cut = body.index(b"\n", len(body) // 2) + 1
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(header + b"\n" + body[:cut])
    b.write_bytes(header + b"\n" + body[cut:])
    p = sluice.mine([a, b], workers=2)
    same(p, cli("--workers", "2", a, b), ignore=("memory",))
    assert [f["name"] for f in p["files"]] == [str(a), str(b)]
    assert sum(f["rows"] for f in p["files"]) == p["rows"]
    other = tmp_path / "other.csv"
    other.write_text("x,y\n1,2\n")
    ps = sluice.mine([str(a), str(other)])
    assert isinstance(ps, list) and len(ps) == 2
    assert ps[1]["findings"][0]["kind"] == "file_mismatch"
