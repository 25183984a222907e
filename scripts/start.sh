#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, and serves the page at http://127.0.0.1:8080
# (PORT overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
port="${PORT:-8080}"
echo "Sluice is at http://127.0.0.1:${port}/ (Ctrl-C stops it)" >&2
exec npx vite preview --host 127.0.0.1 --port "$port" --strictPort
