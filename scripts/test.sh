#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing (scripts/setup.sh), checks
# formatting and lints, runs the native tests (core cases, properties, model validation, CLI), the
# example scripts' tests (node --test: examples/olist/convert.mjs on inline fixtures), then
# every web-side check (scripts/test-web.sh: wasm-bindgen-test in Node and Chromium, the packed npm
# package in Node and Chromium, size budget, TypeScript types, demo e2e).
# Ends with one line "N passed, M failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

passed=0
failed=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
banner() { printf '\n\033[1m[test] %s\033[0m\n' "$*"; }

# A check that is not a test runner: passes or fails as one.
check() {
  local name=$1
  shift
  banner "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "[test] FAILED: $name"
    failed=$((failed + 1))
  fi
}

check "cargo fmt --check" cargo fmt --all -- --check
check "clippy (native)" cargo clippy --all-targets --locked -- -D warnings
check "clippy (wasm32)" cargo clippy --target wasm32-unknown-unknown --lib --test web --locked -- -D warnings
# The panel, form and report bundles are built without the default `scorer` feature: linted as built.
check "clippy (wasm32, panel)" cargo clippy --target wasm32-unknown-unknown --no-default-features --features panel --lib --test web_panel --locked -- -D warnings
check "clippy (wasm32, form)" cargo clippy --target wasm32-unknown-unknown --no-default-features --features form --lib --test web_form --locked -- -D warnings
check "clippy (wasm32, report)" cargo clippy --target wasm32-unknown-unknown --no-default-features --features report --lib --test web_report --locked -- -D warnings
# The API docs (`cargo doc`): every intra-doc link resolves, none points at a private item.
check "rustdoc" env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked --quiet

banner "native tests (cargo test)"
rc=0
cargo test --locked 2>&1 | tee "$logs/cargo.log" || rc=$?
p=0 f=0
while read -r a b; do p=$((p + a)); f=$((f + b)); done < <(
  sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$logs/cargo.log")
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
passed=$((passed + p))
failed=$((failed + f))

banner "example scripts (node --test)"
rc=0
node --test --test-reporter=tap examples/olist/convert.test.mjs 2>&1 | tee "$logs/examples.log" || rc=$?
p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/examples.log" | tail -n1)
f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/examples.log" | tail -n1)
p=${p:-0} f=${f:-0}
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
passed=$((passed + p))
failed=$((failed + f))

banner "web tests (scripts/test-web.sh)"
rc=0
bash scripts/test-web.sh 2>&1 | tee "$logs/web.log" || rc=$?
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/web.log" | tail -n1 || true)
if [ -n "$summary" ]; then
  passed=$((passed + ${summary%% passed*}))
  f=${summary#*, }
  f=${f%% failed}
  failed=$((failed + f))
fi
if [ "$rc" -ne 0 ] && { [ -z "$summary" ] || [ "${f:-0}" -eq 0 ]; }; then failed=$((failed + 1)); fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
