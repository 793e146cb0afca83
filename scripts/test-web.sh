#!/usr/bin/env bash
# Builds the wasm package and runs every web-side check:
#   1. wasm-bindgen-test (tests/web.rs) in Node      2. the same in headless Chromium
#   2b. <leadlens-panel> (tests/web_panel.rs, feature `panel`) and FormSession (tests/web_form.rs,
#       feature `form`) in headless Chromium; report and calibrate (tests/web_report.rs, feature
#       `report`) in Node
#   3. npm package: size budget, Node import, Chromium web entry under CSP, tsc --strict (tests/npm/run.sh)
#   3b. CRM example projects with the vendors' test harnesses: examples/salesforce/test.sh
#       (@salesforce/sfdx-lwc-jest on the Lightning component), examples/hubspot/test.sh (the card
#       with @hubspot/ui-extensions/testing, the app functions against a fake HubSpot API),
#       examples/dynamics/test.sh (the form web resource with xrm-mock, the PCF control type-checked)
#   4. demo e2e in Chromium (tests/e2e/demo.test.mjs, the CRM sidebar demo: tests/e2e/crm.test.mjs,
#      and the panel on it, keyboard-only, with axe-core: tests/e2e/panel.test.mjs; the HubSpot and
#      Marketo form bindings against fakes of their embeds: tests/e2e/platforms.test.mjs; the landing
#      page with live form qualification and its marketer view: tests/e2e/form.test.mjs; the
#      dashboard, cross-checked against the native CLI: tests/e2e/dashboard.test.mjs; the benchmark
#      page, a quick run with no timing asserted: tests/e2e/bench.test.mjs; the CRM adapter demo
#      pages against the fakes of the vendors' SDKs: tests/e2e/hosts.test.mjs)
# Prints one final line "N passed, M failed" (individual tests) and exits non-zero on any failure.
# Prerequisites: scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
passed=0
failed=0

banner() { printf '\n\033[1m[test-web] %s\033[0m\n' "$*"; }

# Adds the counts a step's output reports; a step that fails without reporting a failed test (a build
# error, a crash) counts as one failure so it can never pass unnoticed.
count() {
  local log=$1 rc=$2 p=0 f=0
  # cargo / wasm-bindgen-test: "test result: ok. 11 passed; 0 failed; ..."
  while read -r a b; do p=$((p + a)); f=$((f + b)); done < <(
    sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$log")
  # node --test (TAP): "# pass N" / "# fail N"
  while read -r n; do p=$((p + n)); done < <(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log")
  while read -r n; do f=$((f + n)); done < <(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log")
  # tests/npm/run.sh's own checks
  p=$((p + $(grep -c -E '^(tsc: ok|size budget: ok)$' "$log" || true)))
  f=$((f + $(grep -c -E '^(tsc: FAILED|size budget exceeded: .*)$' "$log" || true)))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  printf '[test-web] %s: %d passed, %d failed\n' "$3" "$p" "$f"
}

step() {
  local name=$1
  shift
  banner "$name"
  local log="$logs/step.log" rc=0
  "$@" 2>&1 | tee "$log" || rc=$?
  count "$log" "$rc" "$name"
}

banner "build (scripts/build-wasm.sh)"
if ! scripts/build-wasm.sh; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

step "wasm-bindgen-test in Node" \
  cargo test --target wasm32-unknown-unknown --test web
step "wasm-bindgen-test in headless Chromium" \
  env WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test web
step "wasm-bindgen-test: <leadlens-panel> in headless Chromium" \
  env WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --features panel --test web_panel
step "wasm-bindgen-test: FormSession in headless Chromium" \
  env WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --features form --test web_form
step "wasm-bindgen-test: report and calibrate (feature report) in Node" \
  cargo test --target wasm32-unknown-unknown --features report --test web_report
step "npm package" tests/npm/run.sh
# CRM example projects with the vendors' own test harnesses (each installs its own devDependencies).
step "Salesforce example (sfdx-lwc-jest)" bash examples/salesforce/test.sh
step "HubSpot example (@hubspot/ui-extensions/testing)" bash examples/hubspot/test.sh
step "Dynamics 365 example (xrm-mock, PCF types)" bash examples/dynamics/test.sh
step "demo e2e" node --test --test-reporter=tap tests/e2e/demo.test.mjs tests/e2e/crm.test.mjs tests/e2e/panel.test.mjs tests/e2e/platforms.test.mjs tests/e2e/form.test.mjs \
  tests/e2e/dashboard.test.mjs tests/e2e/bench.test.mjs tests/e2e/hosts.test.mjs

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
