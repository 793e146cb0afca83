# Shortcuts; the scripts are the source of truth (they also work without make).
.PHONY: demo test build bench fmt lint

demo:            ## build the wasm package and serve the demo (prints the URL)
	bash scripts/start.sh

test:            ## the whole test suite (what CI runs)
	bash scripts/test.sh

build:           ## the npm package in pkg/ and the release CLI
	bash scripts/build-wasm.sh
	cargo build --release

# After `build`: what is measured is the tree as it is, never a package left from an older build.
bench: build     ## every benchmark, headless (Node, Chromium, native): bench/results.json + .md; not part of the tests
	node scripts/bench.mjs $(BENCH_ARGS)    # BENCH_ARGS=--readme also updates README.md, --quick: tiny counts

fmt:
	cargo fmt --all

lint:
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --test web -- -D warnings
