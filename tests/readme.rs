//! The README's example is real: the `leadlens explain` block it shows is what the binary prints
//! for `examples/lead.ndjson` today.

use std::process::Command;

#[test]
fn readme_explain_example_is_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap_or_default();
    let command = "$ leadlens explain --now 2026-11-22T12:00:00Z examples/lead.ndjson\n";
    let start = readme.find(command).map(|i| i + command.len());
    let shown = start
        .and_then(|s| readme.get(s..))
        .and_then(|rest| rest.split("```").next());
    let Some(shown) = shown else {
        panic!("README.md lost its `{}` example", command.trim())
    };

    let out = Command::new(env!("CARGO_BIN_EXE_leadlens"))
        .args([
            "explain",
            "--now",
            "2026-11-22T12:00:00Z",
            "examples/lead.ndjson",
        ])
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run leadlens: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        printed.trim_end(),
        shown.trim_end(),
        "update the README example (or fix the regression)"
    );
}
