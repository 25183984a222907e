#!/usr/bin/env bash
# Packs Sluice exactly as `npm publish` would, installs the tarball into a fresh copy of this
# consumer app and builds the app with Vite. tests/e2e/package.spec.js serves and tests the result:
# app/dist/ (bundled by Vite) and app/nobundle.html (the installed package as native ES modules).
#   out: target/consumer/ (SLUICE_CONSUMER_DIR overrides): sluice.tgz, app/, app/dist/
# Nothing is downloaded: the package has no dependencies, so `npm install --offline` installs the
# local tarball alone, and the build uses the repository's own Vite (the fixture's config is a
# plain object, so it needs no `vite` package of its own).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${SLUICE_CONSUMER_DIR:-$root/target/consumer}"
for f in pkg/sluice.js pkg/sluice_bg.wasm; do
  [ -f "$root/$f" ] || { echo "consumer: $f is missing; run npm run build first" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/app/public"

echo "consumer: npm pack" >&2
(cd "$root" && npm pack --silent --pack-destination "$out" >/dev/null)
mv "$out"/sluice-*.tgz "$out/sluice.tgz"

cp "$here"/{package.json,index.html,nobundle.html,main.js,vite.config.js} "$out/app/"
cp "$root/tests/fixtures/people.csv" "$out/app/public/"
cp "$root/tests/fixtures/people.csv" "$out/app/"  # for nobundle.html
cd "$out/app"
echo "consumer: npm install the tarball" >&2
npm install --offline --no-audit --no-fund --loglevel=error
echo "consumer: vite build" >&2
"$root/node_modules/.bin/vite" build --logLevel warn
