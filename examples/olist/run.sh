#!/usr/bin/env bash
# Real data through leadlens: the Olist marketing funnel (8,000 MQLs, 842 won deals; see
# ../shared/data/README.md) converted to leads and outcomes (examples/olist/convert.mjs), then
# `leadlens report` and `leadlens calibrate --target won`, and the figures the README quotes.
#
#   examples/olist/run.sh [--data DIR] [--out DIR]
#
# --data: the dataset folder (default ../shared/data/olist_marketing_funnel next to the repository
# root); --out: where everything is written (default target/olist, ignored by git): leads.ndjson,
# outcomes.ndjson, report.json, report.txt, report-2017.json, report-2018.json, calibrate.json,
# calibrate.txt, proposed.json.
# `--now` is the midnight after the last date in the data, so every run prints the same figures.
# Exit 2 when the dataset is not there; 1 when the conversion skipped rows (everything still runs).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/../shared/data/olist_marketing_funnel"
out="$root/target/olist"
usage="usage: examples/olist/run.sh [--data DIR] [--out DIR]"
while [ $# -gt 0 ]; do
  case "$1" in
    --data) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; data=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; out=$2; shift 2 ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) echo "run.sh: unexpected argument $1" >&2; echo "$usage" >&2; exit 2 ;;
  esac
done
# Relative paths are the caller's, not the repository root's (the script works from there).
case "$data" in /*) ;; *) data="$PWD/$data" ;; esac
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
for file in olist_marketing_qualified_leads_dataset.csv olist_closed_deals_dataset.csv; do
  if [ ! -f "$data/$file" ]; then
    echo "run.sh: the Olist marketing funnel dataset is not there: $data/$file is missing." >&2
    echo "It is read in place from ../shared/data/olist_marketing_funnel (see ../shared/data/README.md) and never copied into the repository; pass --data DIR if it is elsewhere." >&2
    exit 2
  fi
done
cd "$root"
section() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

section "build (cargo build --release --bin leadlens)"
cargo build --release --locked --bin leadlens
leadlens="${CARGO_TARGET_DIR:-$root/target}/release/leadlens"

section "convert $data → $out"
converted=0
summary=$(node examples/olist/convert.mjs --data "$data" --out "$out") || converted=$?
[ "$converted" -eq 2 ] && exit 2
echo "$summary"
now=$(node -e 'console.log(JSON.parse(process.argv[1]).now)' "$summary")

inputs=(--leads "$out/leads.ndjson" --outcomes "$out/outcomes.ndjson" --now "$now")
section "leadlens report ${inputs[*]}"
"$leadlens" report "${inputs[@]}" --format json >"$out/report.json"
"$leadlens" report "${inputs[@]}" --format table | tee "$out/report.txt"
# The closed deals start in December 2017: MQLs first contacted in 2017 convert far less in the
# data. The same report on 2018's leads only separates that from the channels.
"$leadlens" report "${inputs[@]}" --since 2018-01-01T00:00:00Z --format json >"$out/report-2018.json"
"$leadlens" report "${inputs[@]}" --until 2018-01-01T00:00:00Z --format json >"$out/report-2017.json"

section "leadlens calibrate ${inputs[*]} --target won -o $out/proposed.json"
"$leadlens" calibrate "${inputs[@]}" --target won -o "$out/proposed.json" --format json >"$out/calibrate.json"
"$leadlens" calibrate "${inputs[@]}" --target won -o "$out/proposed.json" --format table | tee "$out/calibrate.txt"

section "figures (as in the README)"
node examples/olist/figures.mjs "$out" 10
if [ "$converted" -ne 0 ]; then
  echo "run.sh: the conversion skipped rows (see its messages above)" >&2
  exit 1
fi
