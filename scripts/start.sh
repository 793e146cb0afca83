#!/usr/bin/env bash
# Runs the product: installs what is missing, builds the wasm package (and www/gen/ for the benchmark
# page), and serves the demos in www/ (scoring in the browser with the embedded default model) on
# http://127.0.0.1:$PORT (default 8080, or the next free port). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build-wasm.sh
node scripts/bench-bundle.mjs   # www/gen/ for the benchmark page (www/bench.html)
exec node scripts/serve.mjs www
