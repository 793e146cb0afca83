//! The `leadlens` command-line tool. Native only: cargo also builds bins when testing for wasm32,
//! where the CLI (files, stdin, the clock) makes no sense, so that target gets an empty `main`.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::run()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
