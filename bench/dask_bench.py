"""sluice.dask.profile on a LocalCluster with 1 and 2 worker processes (one thread each) over
one file, against sluice.mine in this process and the CLI; then the size of a partial and how
it grows with columns, and the client's merge cost per part. Prints markdown tables.

    python bench/dask_bench.py FILE [RUNS]
"""
import os
import statistics
import subprocess
import sys
import time

import distributed

import sluice
import sluice.dask

def main():
    global path, runs, size
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    size = os.path.getsize(path)


    def timed(f):
        ts = []
        for _ in range(runs):
            t = time.perf_counter()
            out = f()
            ts.append(time.perf_counter() - t)
        return statistics.median(ts), ts, out


    print(f"| run on {os.path.basename(path)} ({size:,} B) | median | runs | MB/s |")
    print("|---|---|---|---|")


    def row(label, f):
        t, ts, out = timed(f)
        print(f"| {label} | {t:.2f} s | {' '.join(f'{x:.2f}' for x in ts)} | {size / t / 1e6:.1f} |", flush=True)
        return out


    cli = os.path.join(os.path.dirname(__file__), "..", "target", "release", "sluice")
    row("CLI, 1 thread", lambda: subprocess.run([cli, "--compact", path], check=True, capture_output=True))
    ref = row("sluice.mine, 1 thread (Python)", lambda: sluice.mine(path))
    for n in (1, 2):
        with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None, silence_logs=40) as cluster, distributed.Client(cluster) as c:
            p = row(f"sluice.dask.profile, LocalCluster of {n} process{'es' if n > 1 else ''}, 64 MiB blocks",
                    lambda: sluice.dask.profile(path, blocksize="64MiB", client=c))
            assert p["rows"] == ref["rows"]
    print(f"\nrows {ref['rows']:,}; parts {p['workers']}")

    # A partial's size: a 64 MiB range of this file, then files of more columns.
    head = sluice.plan(path, workers=2)["head"]
    part = sluice.mine_range(path, head, 0, 64 << 20, exact=True)
    print(f"\npartial of a 64 MiB range of {os.path.basename(path)}: {len(part):,} B")
    pl = sluice.plan(path, workers=max(2, size // (64 << 20)))
    print("\n| columns | rows | partial (a whole file) | per column |")
    print("|---|---|---|---|")
    import random
    rnd = random.Random(1)
    for cols in (10, 100, 1000):
        rows = 20000
        lines = [",".join(f"c{i}" for i in range(cols))]
        for r in range(rows):
            lines.append(",".join(str(rnd.randrange(1_000_000)) for _ in range(cols)))
        data = ("\n".join(lines) + "\n").encode()
        fn = f"/tmp/sluice-wide-{cols}.csv"
        with open(fn, "wb") as f:
            f.write(data)
        h = sluice.plan(fn, workers=2)["head"]
        b = sluice.mine_range(fn, h, 0, None, exact=True)
        print(f"| {cols} | {rows:,} | {len(b):,} B | {len(b) // cols:,} B |")
    # The client's cost per part: merging the partials (mined here, timed apart).
    ps = [sluice.mine_range(path, head, s, None if k + 1 == len(pl["ranges"]) else e, exact=k == 0) for k, (s, e) in enumerate(pl["ranges"])]
    t = time.perf_counter()
    m = sluice.Merger()
    m.add_file(head, size)
    for x in ps:
        assert m.add(x) is None
    m.finish()
    t_merge = time.perf_counter() - t
    print(f"\nmerging {len(ps)} partials ({sum(map(len, ps)):,} B) on the client: {t_merge:.3f} s, {t_merge / len(ps) * 1e3:.1f} ms per part")


if __name__ == "__main__":
    main()
