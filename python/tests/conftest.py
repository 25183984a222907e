"""Shared fixtures: the CLI (the reference the Python profiles must equal) and generated data
(examples/gen.rs: quoted commas, doubled quotes, quoted line breaks, unicode)."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "release" / "sluice"
GEN = ROOT / "target" / "release" / "examples" / "gen"


def cli(*args):
    """The CLI's profile (a dict, or a list for --sheet all)."""
    assert CLI.exists(), f"{CLI} is missing: cargo build --release --bin sluice --example gen"
    out = subprocess.run([str(CLI), "--compact", *map(str, args)], capture_output=True, check=True)
    return json.loads(out.stdout)


def cli_error(*args):
    out = subprocess.run([str(CLI), "--compact", *map(str, args)], capture_output=True)
    assert out.returncode == 2, out
    return out.stderr.decode().strip().removeprefix("sluice: ")


def same(a, b, ignore=("memory",)):
    """Asserts two profiles are equal apart from `ignore` (the allocator's figures)."""
    diff = sorted(k for k in set(a) | set(b) if k not in ignore and a.get(k) != b.get(k))
    assert not diff, f"profiles differ in {diff}"


def gen(path: Path, size: str, seed: int, jsonl: bool = False) -> Path:
    assert GEN.exists(), f"{GEN} is missing: cargo build --release --example gen"
    args = [str(GEN), "--size", size, "--seed", str(seed)] + (["--jsonl"] if jsonl else []) + [str(path)]
    subprocess.run(args, check=True, capture_output=True)
    return path


@pytest.fixture(scope="session")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("sluice-data")
    return {
        "people": ROOT / "tests" / "fixtures" / "people.csv",
        "gen": gen(d / "gen.csv", "13MB", 7),
        "jsonl": gen(d / "gen.jsonl", "6MB", 8, jsonl=True),
        "dir": d,
    }
