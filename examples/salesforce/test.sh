#!/usr/bin/env bash
# The Salesforce example's tests: @salesforce/sfdx-lwc-jest (Salesforce's own Jest setup and
# Lightning Data Service stubs) on the component, with the adapter synced from ../../pkg (built by
# scripts/build-wasm.sh). Prints "# pass N" / "# fail M" for scripts/test-web.sh.
set -euo pipefail
cd "$(dirname "$0")"
# Not `npm ci`: rollup (a peer dependency of @lwc/rollup-plugin) lists platform packages the registry
# here does not serve, so the lock file cannot hold them and `npm ci` refuses it. `npm install`
# follows the lock file for everything it can resolve.
npm install --no-audit --no-fund --ignore-scripts --loglevel=error
node sync.mjs
report=$(mktemp)
trap 'rm -f "$report"' EXIT
rc=0
npx --no-install sfdx-lwc-jest -- --json --outputFile="$report" || rc=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`# pass ${r.numPassedTests}`);
  console.log(`# fail ${r.numFailedTests + r.numRuntimeErrorTestSuites}`);
' "$report"
exit "$rc"
