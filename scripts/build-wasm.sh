#!/usr/bin/env bash
# Builds the npm package into pkg/ (and links it into www/pkg/ for the demo):
#   cargo (wasm-release profile; wasm-scorer for the scoring bundle) → wasm-bindgen --target web → wasm-opt (-Os; -O3 for the scoring bundle) → pkg-config/ templates.
# Needs what scripts/setup.sh installs (wasm32 target, wasm-bindgen-cli, node_modules/binaryen).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[build-wasm]\033[0m %s\n' "$*" >&2; }

wasm_opt=node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  log "missing $wasm_opt: run scripts/setup.sh (npm ci installs binaryen)"
  exit 1
fi
expected_bindgen=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
actual_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
if [ "$actual_bindgen" != "$expected_bindgen" ]; then
  log "wasm-bindgen CLI ${actual_bindgen:-missing} does not match the crate's =$expected_bindgen: run scripts/setup.sh"
  exit 1
fi

target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One bundle: cargo with exactly the given features (no defaults) → wasm-bindgen --target web → wasm-opt, into $work.
#   leadlens_wasm        the scoring API (what `import … from 'leadlens'` loads)
#   leadlens_panel_wasm  the same plus <leadlens-panel> (feature `panel`), loaded by 'leadlens/panel'
#   leadlens_form_wasm   the same plus FormSession (feature `form`), loaded by 'leadlens/form'
#   leadlens_report_wasm the same plus report and calibrate (feature `report`), loaded by
#                        'leadlens/report' (the dashboard)
# Optional settings after those two, as name=value: `profile` (default wasm-release, Cargo.toml),
# `inline`, an LLVM inline threshold for this bundle alone instead of the one in
# .cargo/config.toml (the bundle is then built in its own target directory, so neither build
# invalidates the other's dependencies), and `wasm_opt`, wasm-opt's optimisation level (default -Os).
bundle() {
  local out_name=$1 features=$2 profile=wasm-release inline_threshold= opt_level=-Os setting
  shift 2
  for setting in "$@"; do
    case $setting in
      profile=*) profile=${setting#profile=} ;;
      inline=*) inline_threshold=${setting#inline=} ;;
      wasm_opt=*) opt_level=${setting#wasm_opt=} ;;
      *) log "bundle $out_name: unknown setting $setting"; return 1 ;;
    esac
  done
  local dir=$target_dir rustflags=
  if [ -n "$inline_threshold" ]; then
    dir="$target_dir/inline-$inline_threshold"
    rustflags="-C llvm-args=-inline-threshold=$inline_threshold"
  fi
  log "cargo build --profile $profile --target wasm32-unknown-unknown --lib --no-default-features --features $features ${rustflags:+(RUSTFLAGS=$rustflags)}"
  env ${rustflags:+"RUSTFLAGS=$rustflags"} CARGO_TARGET_DIR="$dir" \
    cargo build --profile "$profile" --target wasm32-unknown-unknown --lib --no-default-features --features "$features"
  log "wasm-bindgen --target web ($out_name)"
  wasm-bindgen --target web --out-dir "$work" --out-name "$out_name" \
    "$dir/wasm32-unknown-unknown/$profile/leadlens.wasm"
  # Exactly the features rustc 1.95 enables by default for wasm32-unknown-unknown
  # (`rustc --print cfg --target wasm32-unknown-unknown | grep target_feature`), so wasm-opt neither
  # rejects the input nor introduces anything older engines lack.
  log "wasm-opt $opt_level ($out_name)"
  # -Os by default, not -Oz: measured on every bundle, -Os output is larger raw but smaller gzip (what is
  # downloaded, and what the budgets count): 0.8 KB on the scoring bundle.
  "$wasm_opt" "$opt_level" --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$work/${out_name}_bg.wasm" -o "$work/${out_name}_bg.opt.wasm"
  mv "$work/${out_name}_bg.opt.wasm" "$work/${out_name}_bg.wasm"
}

# The scoring bundle is the one whose speed counts (every `score` call, the benchmark): it is built
# for speed (profile wasm-scorer: opt-level 2, inline threshold 50) where the others are built for
# size. Measured (Node, the wasm call alone, each build in its own process, twice): 13% faster
# than opt-level "z" with threshold 100, for 0.7 KB gzip (threshold 100 at opt-level 2: 19%, but
# 5 KB gzip more, over the budget). wasm-opt -O3 instead of -Os: 1–3% faster (Node, A/B in one
# process) for 0.25 KB gzip.
bundle leadlens_wasm scorer profile=wasm-scorer inline=50 wasm_opt=-O3
bundle leadlens_panel_wasm panel
bundle leadlens_form_wasm form
bundle leadlens_report_wasm report

log "assembling pkg/"
rm -rf pkg
mkdir -p pkg
# Every committed template file (entries, types, hosts, README); `files` in package.json decides
# what `npm pack` publishes.
cp -r pkg-config/. pkg/
cp LICENSE pkg/ 2>/dev/null || true
# The wasm-bindgen glue and the module; its own .d.ts files describe the internal exports only.
cp "$work/leadlens_wasm.js" "$work/leadlens_wasm_bg.wasm" \
  "$work/leadlens_panel_wasm.js" "$work/leadlens_panel_wasm_bg.wasm" \
  "$work/leadlens_form_wasm.js" "$work/leadlens_form_wasm_bg.wasm" \
  "$work/leadlens_report_wasm.js" "$work/leadlens_report_wasm_bg.wasm" pkg/
# web.js is ONE module: the public API (api.js) and the scoring glue bundled in, so a page's
# `import … from 'leadlens'` is one request instead of three in a row (web.js → api.js → glue;
# measured by the cold-start benchmark). Every other entry (node.js, panel.js, form.js, report.js)
# imports './web.js', so one page or process has one API module and one LeadlensError class.
# api.js is the source, not shipped.
log "esbuild: web.js (api.js + glue in one module)"
node_modules/.bin/esbuild pkg/web.js --bundle --format=esm --target=es2020 --legal-comments=none \
  --log-level=warning --outfile="$work/web.js"
mv "$work/web.js" pkg/web.js
rm pkg/api.js
crate_version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
node -e '
  const fs = require("fs");
  const file = process.argv[1], version = process.argv[2];
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.version = version;                      // one version: the crate'"'"'s
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' pkg/package.json "$crate_version"

# The demo loads ./pkg/ relative to www/; a copy (not a symlink) so any static server can serve it.
rm -rf www/pkg
cp -r pkg www/pkg

log "pkg/ ready (leadlens $crate_version)"
for wasm in pkg/leadlens_wasm_bg.wasm pkg/leadlens_panel_wasm_bg.wasm pkg/leadlens_form_wasm_bg.wasm \
  pkg/leadlens_report_wasm_bg.wasm; do
  raw_size=$(wc -c < "$wasm")
  gzip_size=$(gzip -9 -c "$wasm" | wc -c)
  awk -v name="$(basename "$wasm")" -v raw="$raw_size" -v gz="$gzip_size" 'BEGIN {
    printf "%s: %d bytes raw (%.1f KiB), %d bytes gzip -9 (%.1f KiB)\n", name, raw, raw / 1024, gz, gz / 1024
  }'
done
