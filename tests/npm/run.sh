#!/usr/bin/env bash
# Tests the npm package as a user gets it: `npm pack` pkg/, install the tarball into a fresh temp
# project, then (1) the wasm size budget, (2) Node tests importing 'leadlens' with no init,
# (3) Node tests of 'leadlens/hosts', the CRM adapters 'leadlens/hosts/<crm>' (against the fakes in
# www/fakes/) and 'leadlens/report', (4) 'leadlens' against the native CLI's JSON and the JavaScript alternatives of
# issue 7 (benches/js: a hand-written implementation and json-rules-engine) against 'leadlens' on
# generated leads, and JS leads (packed into wasm memory) against their JSON text in the CLI, (5) the web entry in headless Chromium under a strict CSP, (6) tsc --strict on
# typed examples (the package, its hosts, the panel, forms, form platforms and the report).
# Needs pkg/ (scripts/build-wasm.sh) and node_modules (npm ci). Output is TAP-like per step;
# scripts/test-web.sh counts the results.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
here=$repo/tests/npm

if [ ! -f pkg/package.json ]; then
  echo "pkg/ is missing: run scripts/build-wasm.sh first" >&2
  exit 1
fi

project=$(mktemp -d "${TMPDIR:-/tmp}/leadlens-npm-test.XXXXXX")
trap 'rm -rf "$project"' EXIT

status=0
step() { printf '\n\033[1m[npm] %s\033[0m\n' "$*"; }

step "size budget"
node "$here/size.mjs" pkg/leadlens_wasm_bg.wasm 120000 pkg/leadlens_panel_wasm_bg.wasm 200000 pkg/leadlens_form_wasm_bg.wasm 175000 \
  pkg/leadlens_report_wasm_bg.wasm 266000 || status=1

step "npm pack + install into $project"
tarball=$(cd "$project" && npm pack "$repo/pkg" --silent --pack-destination "$project" | tail -n1)
printf '{ "name": "leadlens-consumer", "private": true, "type": "module" }\n' > "$project/package.json"
(cd "$project" && npm install --no-audit --no-fund --loglevel=error "./$tarball")
# Only the declared files ship: no Rust sources, no internal wasm-bindgen .d.ts.
installed=$(cd "$project/node_modules/leadlens" && ls | sort | tr '\n' ' ')
echo "installed files: $installed"
cp "$here/node.test.mjs" "$here/hosts.test.mjs" "$here/report.test.mjs" "$here/equivalence.test.mjs" "$here/packing.test.mjs" "$here/types/example.ts" \
  "$here/types/hosts.ts" "$here/types/ui.ts" "$here/types/forms.ts" "$here/types/report.ts" "$here/types/tsconfig.json" "$project/"
cp -r "$here/browser" "$project/browser"
# The CRM adapters' tests (leadlens/hosts/<crm>, against the fakes in www/fakes/) and their harness.
cp "$here"/hosts-*.test.mjs "$here/hosts-harness.mjs" "$here"/types/hosts-*.ts "$project/"

step "Node: import 'leadlens'"
(cd "$project" && LEADLENS_CASES_DIR="$repo/tests/cases" node --test --test-reporter=tap node.test.mjs) || status=1

step "Node: import 'leadlens/hosts'"
(cd "$project" && node --test --test-reporter=tap hosts.test.mjs) || status=1

step "Node: the CRM adapters 'leadlens/hosts/<crm>' against their fakes"
(cd "$project" && LEADLENS_WWW_DIR="$repo/www" node --test --test-reporter=tap hosts-*.test.mjs) || status=1

step "Node: import 'leadlens/report'"
(cd "$project" && node --test --test-reporter=tap report.test.mjs) || status=1

step "Node: 'leadlens' = the native CLI; the JavaScript alternatives (benches/js) agree with it"
cargo build --locked --quiet --bin leadlens
cli="$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')/debug/leadlens"
(cd "$project" && LEADLENS_BENCHES_DIR="$repo/benches/js" LEADLENS_CLI="$cli" node --test --test-reporter=tap equivalence.test.mjs) || status=1

step "Node: JS leads (packed, not stringified) read as their JSON text reads in the native CLI"
(cd "$project" && LEADLENS_CLI="$cli" node --test --test-reporter=tap packing.test.mjs) || status=1

step "Chromium: web entry under CSP"
LEADLENS_NPM_PROJECT="$project" node --test --test-reporter=tap "$here/browser.test.mjs" || status=1

step "tsc --noEmit --strict on the typed examples"
if (cd "$project" && "$repo/node_modules/.bin/tsc" -p tsconfig.json); then
  echo "tsc: ok"
else
  echo "tsc: FAILED"
  status=1
fi
exit "$status"
