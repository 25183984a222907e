"""Converts the generated CSV (examples/gen.rs) to Parquet with pyarrow, streaming (one batch
of rows at a time), with the types the data has: integers, a UTC timestamp, doubles, a
boolean, strings (empty fields are nulls, as Sluice reads them).

    python bench/parquet-from-csv.py IN.csv OUT.parquet [CODEC]     (default snappy)
"""
import sys

import pyarrow as pa
import pyarrow.csv as pc
import pyarrow.parquet as pq

src, dst = sys.argv[1], sys.argv[2]
codec = sys.argv[3] if len(sys.argv) > 3 else "snappy"
types = {
    "id": pa.int64(), "ts": pa.timestamp("s", tz="UTC"), "user_id": pa.int64(), "country": pa.string(),
    "amount": pa.float64(), "qty": pa.int64(), "score": pa.float64(), "active": pa.bool_(), "comment": pa.string(),
}
reader = pc.open_csv(
    src,
    read_options=pc.ReadOptions(block_size=16 << 20),
    parse_options=pc.ParseOptions(newlines_in_values=True),
    convert_options=pc.ConvertOptions(column_types=types, strings_can_be_null=True, true_values=["true"], false_values=["false"]),
)
with pq.ParquetWriter(dst, reader.schema, compression=codec) as w:
    for batch in reader:
        w.write_batch(batch, row_group_size=1 << 20)
