#!/usr/bin/env bash
# The Dynamics 365 example as its own project: npm ci (xrm-mock, @types/xrm,
# @types/powerapps-component-framework, typescript; leadlens from ../../pkg), the base64 wasm
# module, the Node tests (TAP) and tsc --noEmit over the PCF control, the web resources and the
# type checks against the vendors' types. Needs pkg/ built from this tree (scripts/build-wasm.sh).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f ../../pkg/hosts/dynamics.js ]; then
  echo "../../pkg/hosts/dynamics.js is missing: run scripts/build-wasm.sh first" >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
node scripts/wasm-base64.mjs
# The web resources import the package as ./pkg/…, the layout they have in the org.
ln -sfn ../node_modules/leadlens webresources/pkg

status=0
node --test --test-reporter=tap test/*.test.mjs || status=1
if ./node_modules/.bin/tsc -p tsconfig.json --noEmit; then
  echo "tsc: ok"
else
  echo "tsc: FAILED"
  status=1
fi
exit "$status"
