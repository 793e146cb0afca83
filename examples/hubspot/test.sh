#!/usr/bin/env bash
# Tests of the HubSpot example project (the leadlens card and its app functions), in its own
# dependency tree: `npm ci` from package-lock.json (@hubspot/ui-extensions 0.17.0 with its
# testing utilities, react 18.3.1, esbuild for the card's JSX; leadlens linked from ../../pkg),
# then node --test with TAP output. Needs pkg/ (scripts/build-wasm.sh); no network beyond npm ci.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f ../../pkg/package.json ]; then
  echo "pkg/ is missing: run scripts/build-wasm.sh first" >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
node --import ./tests/register-jsx.mjs --test --test-reporter=tap tests/*.test.mjs
