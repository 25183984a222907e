"""Writes the Parquet fixtures of tests/parquet.rs with pyarrow (the reference writer), and the
same data as CSV (Python's csv module) or JSON Lines (Python's json module), into the directory
given. The text files spell each value the way the documented rules of src/format/parquet.rs
say, computed here by Python's own date, decimal and float formatting.

    python write.py OUTDIR
    python write.py OUTDIR big

- big.parquet (the `big` form only): 1,500,000 rows in one row group of about 70 MB
  uncompressed, for tests/parquet_memory.rs: memory follows the pages, not the row group.

- flat.parquet (snappy, row groups of 700 rows, 4 KiB pages, dictionary and plain pages) and
  flat.csv: ids, text with commas, quotes and a line break, floats, dates, UTC timestamps,
  booleans, decimals, nulls.
- flat-<codec>.parquet: the same table with each codec (none, gzip, zstd, lz4, brotli).
- types.parquet and types.csv: every physical type and the logical types (unsigned integers,
  float16, decimals of every width, dates, timestamps in every unit with and without UTC, times,
  binary that is not UTF-8, large strings, dictionary strings, fixed-size binary).
- int96.parquet: the seconds timestamps as INT96.
- nested.parquet and nested.jsonl: a struct, a list and a map per row.
- hostile files: truncated.parquet (cut in the middle), badfooter.parquet (the footer's bytes
  overwritten), outside.parquet (a footer length pointing before the file's start), magic.parquet
  (only the magic), notparquet.parquet (a CSV with the name).
"""
import base64
import csv
import datetime as dt
import decimal
import json
import random
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

out = sys.argv[1]
rng = random.Random(11)
# Decimals of 38 digits are exact (the default context rounds to 28).
decimal.getcontext().prec = 60

if sys.argv[2:] == ["big"]:
    n = 1_500_000
    ids = np.arange(n, dtype=np.int64)
    big = pa.table({
        "id": ids,
        "key": pa.array([f"key-{i:010d}-{(i * 7919) % 1000003:07d}-abcdefghij" for i in range(n)]),
        "x": (ids * 0.37) % 1000.0,
    })
    pq.write_table(big, f"{out}/big.parquet", compression="none", row_group_size=n, use_dictionary=False, data_page_size=64 << 10)
    sys.exit(0)


def shortest(x):
    """A float in its shortest round-trip form, without a trailing `.0`, in exponent form
    outside 1e-6..1e16 (the rule of src/format/parquet.rs)."""
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    a = abs(x)
    if a != 0 and not (1e-6 <= a < 1e16):
        m, e = repr(x).split("e") if "e" in repr(x) else (repr(x), "0")
        m = m[:-2] if m.endswith(".0") else m
        return f"{m}e{int(e)}"
    r = repr(x)
    if "e" in r:
        r = format(decimal.Decimal(r), "f")
    return r[:-2] if r.endswith(".0") else r


def stamp(t, digits, utc):
    """A timestamp as `YYYY-MM-DDTHH:MM:SS`, the fraction in `digits` digits when not zero."""
    s = t.strftime("%Y-%m-%dT%H:%M:%S")
    if t.microsecond:
        s += "." + f"{t.microsecond:06d}"[:digits] if digits <= 6 else "." + f"{t.microsecond:06d}000"
    return s + ("Z" if utc else "")


# --- flat -------------------------------------------------------------------------------------
N = 3000
cities = ["Paris", "Zürich", "São Paulo", "New York, NY", 'The "Big" Easy', "two\nlines"]
cols = {k: [] for k in ["id", "name", "amount", "day", "stamp", "flag", "city", "price", "code"]}
text = []
for i in range(N):
    amount = None if i % 17 == 0 else round(rng.uniform(-1000, 1000), 3)
    day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 1500))
    st = dt.datetime(2021, 3, 1, tzinfo=dt.timezone.utc) + dt.timedelta(milliseconds=rng.randrange(0, 86400 * 400) * 1000 + (rng.randrange(1000) if i % 3 == 0 else 0))
    flag = None if i % 29 == 0 else rng.random() < 0.3
    city = cities[i % 5] if i != 1234 else cities[5]
    price = decimal.Decimal(rng.randrange(-99999, 99999)).scaleb(-2)
    code = None if i % 23 == 0 else f"K{rng.randrange(100, 999)}"
    row = [i + 1, f"item {i % 250}", amount, day, st, flag, city, price, code]
    for k, v in zip(cols, row):
        cols[k].append(v)
    text.append([
        i + 1, f"item {i % 250}", "" if amount is None else shortest(amount), day.isoformat(),
        stamp(st, 3, True), "" if flag is None else ("true" if flag else "false"), city, str(price), code or "",
    ])
flat = pa.table({
    "id": pa.array(cols["id"], pa.int64()),
    "name": pa.array(cols["name"], pa.string()),
    "amount": pa.array(cols["amount"], pa.float64()),
    "day": pa.array(cols["day"], pa.date32()),
    "stamp": pa.array(cols["stamp"], pa.timestamp("ms", tz="UTC")),
    "flag": pa.array(cols["flag"], pa.bool_()),
    "city": pa.array(cols["city"], pa.string()),
    "price": pa.array(cols["price"], pa.decimal128(7, 2)),
    "code": pa.array(cols["code"], pa.string()),
})
pq.write_table(flat, f"{out}/flat.parquet", compression="snappy", row_group_size=700, data_page_size=4096)
for codec in ["none", "gzip", "zstd", "lz4", "brotli"]:
    pq.write_table(flat, f"{out}/flat-{codec}.parquet", compression=codec, row_group_size=1000, use_dictionary=codec != "gzip")
with open(f"{out}/flat.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(list(cols))
    w.writerows(text)

# --- types ------------------------------------------------------------------------------------
M = 500
base = dt.datetime(2019, 6, 1, 12, 0, 0)
t = {k: [] for k in ["u8", "u16", "u32", "u64", "i8", "f16", "f32", "dec9", "dec18", "dec38", "d", "ts_s", "ts_ms_utc", "ts_us", "ts_ns_utc", "t_ms", "t_us", "t_ns", "bin", "big", "dict", "fixed"]}
rows = []
for i in range(M):
    u64 = 2**64 - 1 - i if i % 2 else i * 1000
    f16 = [0.5, 1.25, -2.0, 1024.0, 0.099976][i % 5]
    f32 = [1.5, -0.25, 3.0, 1e20, 7.125][i % 5]
    dec9 = decimal.Decimal(i * 7919 - 1_000_000).scaleb(-3)
    dec18 = decimal.Decimal(10**17 + i * 31).scaleb(-5) * (-1 if i % 3 == 0 else 1)
    dec38 = decimal.Decimal(10**37 + i).scaleb(-10)
    d = dt.date(1965, 1, 1) + dt.timedelta(days=i * 97)
    ts = base + dt.timedelta(seconds=i * 3671)
    ts_us = ts + dt.timedelta(microseconds=i * 13)
    tod_ms = dt.time((i * 7) % 24, (i * 11) % 60, (i * 13) % 60, (i % 1000) * 1000)
    tod_us = dt.time((i * 5) % 24, (i * 3) % 60, i % 60, (i * 999) % 1_000_000)
    ns_frac = (i * 123_457) % 1_000_000_000
    tod_ns_val = ((i % 24) * 3600 + 17) * 1_000_000_000 + ns_frac
    ts_ns_val = int(ts.replace(tzinfo=dt.timezone.utc).timestamp()) * 1_000_000_000 + ns_frac
    binv = bytes([255, i % 256, 0, 7]) if i % 4 else f"text {i}".encode()
    big = "x" * (i % 40) + str(i)
    dic = ["red", "green", "blue"][i % 3]
    fixed = f"{i:04d}".encode()
    vals = [i % 256, (i * 300) % 65536, i * 8_000_000, u64, (i % 256) - 128, f16, f32, dec9, dec18, dec38, d, ts, ts.replace(tzinfo=dt.timezone.utc), ts_us, ts_ns_val, tod_ms, tod_us, tod_ns_val, binv, big, dic, fixed]
    for k, v in zip(t, vals):
        t[k].append(v)
    tod_ns = dt.time(tod_ns_val // 3_600_000_000_000, tod_ns_val // 60_000_000_000 % 60, tod_ns_val // 1_000_000_000 % 60)
    def ns_text(prefix, frac):
        return prefix + (f".{frac:09d}" if frac else "")
    rows.append([
        i % 256, (i * 300) % 65536, i * 8_000_000, u64, (i % 256) - 128, shortest(float(np.float16(f16))), shortest(float(np.float32(f32))),
        str(dec9), str(dec18), str(dec38), d.isoformat(),
        stamp(ts, 3, False), stamp(ts, 3, True), stamp(ts_us, 6, False),
        ns_text(ts.strftime("%Y-%m-%dT%H:%M:%S"), ns_frac) + "Z",
        tod_ms.strftime("%H:%M:%S") + (f".{tod_ms.microsecond // 1000:03d}" if tod_ms.microsecond else ""),
        tod_us.strftime("%H:%M:%S") + (f".{tod_us.microsecond:06d}" if tod_us.microsecond else ""),
        ns_text(tod_ns.strftime("%H:%M:%S"), ns_frac),
        binv.decode() if i % 4 == 0 else base64.b64encode(binv).decode(),
        big, dic, fixed.decode(),
    ])
types = pa.table({
    "u8": pa.array(t["u8"], pa.uint8()),
    "u16": pa.array(t["u16"], pa.uint16()),
    "u32": pa.array(t["u32"], pa.uint32()),
    "u64": pa.array(t["u64"], pa.uint64()),
    "i8": pa.array(t["i8"], pa.int8()),
    "f16": pa.array(np.array(t["f16"], dtype=np.float16), pa.float16()),
    "f32": pa.array(t["f32"], pa.float32()),
    "dec9": pa.array(t["dec9"], pa.decimal128(9, 3)),
    "dec18": pa.array(t["dec18"], pa.decimal128(18, 5)),
    "dec38": pa.array(t["dec38"], pa.decimal128(38, 10)),
    "d": pa.array(t["d"], pa.date32()),
    "ts_s": pa.array(t["ts_s"], pa.timestamp("s")),
    "ts_ms_utc": pa.array(t["ts_ms_utc"], pa.timestamp("ms", tz="UTC")),
    "ts_us": pa.array(t["ts_us"], pa.timestamp("us")),
    "ts_ns_utc": pa.array(t["ts_ns_utc"], pa.timestamp("ns", tz="UTC")),
    "t_ms": pa.array(t["t_ms"], pa.time32("ms")),
    "t_us": pa.array(t["t_us"], pa.time64("us")),
    "t_ns": pa.array(t["t_ns"], pa.time64("ns")),
    "bin": pa.array(t["bin"], pa.binary()),
    "big": pa.array(t["big"], pa.large_string()),
    "dict": pa.array(t["dict"]).dictionary_encode(),
    "fixed": pa.array(t["fixed"], pa.binary(4)),
})
# Decimals of up to 9 and 18 digits are stored as INT32 and INT64 (store_decimal_as_integer),
# the 38-digit one as FIXED_LEN_BYTE_ARRAY.
pq.write_table(types, f"{out}/types.parquet", version="2.6", store_decimal_as_integer=True, row_group_size=200)
# INT96 timestamps, as old Spark and Impala files hold them.
pq.write_table(types.select(["ts_s"]), f"{out}/int96.parquet", use_deprecated_int96_timestamps=True)
with open(f"{out}/types.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(list(t))
    w.writerows(rows)

# --- nested -----------------------------------------------------------------------------------
K = 400
recs = []
for i in range(K):
    recs.append({
        "id": i,
        "user": {"name": f"u{i % 37}", "age": None if i % 11 == 0 else 20 + i % 50},
        "tags": [f"t{j}" for j in range(i % 4)],
        "attrs": [(f"k{j}", i * j) for j in range(i % 3)],
    })
nested = pa.Table.from_pylist(recs, schema=pa.schema([
    ("id", pa.int32()),
    ("user", pa.struct([("name", pa.string()), ("age", pa.int16())])),
    ("tags", pa.list_(pa.string())),
    ("attrs", pa.map_(pa.string(), pa.int64())),
]))
pq.write_table(nested, f"{out}/nested.parquet", row_group_size=150)
with open(f"{out}/nested.jsonl", "w", encoding="utf-8") as f:
    f.write("\n")
    for r in recs:
        r = dict(r, attrs={k: v for k, v in r["attrs"]})
        f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")

# --- hostile ----------------------------------------------------------------------------------
good = open(f"{out}/flat.parquet", "rb").read()
open(f"{out}/truncated.parquet", "wb").write(good[: len(good) // 2])
footer_len = int.from_bytes(good[-8:-4], "little")
bad = bytearray(good)
for j in range(len(good) - 8 - footer_len, len(good) - 8, 7):
    bad[j] = 0xFF
open(f"{out}/badfooter.parquet", "wb").write(bytes(bad))
outside = bytearray(good)
outside[-8:-4] = (len(good) * 4).to_bytes(4, "little")
open(f"{out}/outside.parquet", "wb").write(bytes(outside))
open(f"{out}/magic.parquet", "wb").write(b"PAR1PAR1")
open(f"{out}/notparquet.parquet", "wb").write(b"a,b\n1,2\n")
