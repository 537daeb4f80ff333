//! Shared helpers for the integration tests: where test data lives and which oracles exist.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared/testdata` (or `$OXWIRE_SHARED_TESTDATA`), when present.
pub fn shared_testdata() -> Option<PathBuf> {
    let p = std::env::var_os("OXWIRE_SHARED_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata"));
    p.is_dir().then_some(p)
}

/// The repository's own `testdata/`.
pub fn repo_testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// Whether CI demands that every oracle be present (set by `.ci/run`).
pub fn oracles_required() -> bool {
    std::env::var_os("OXWIRE_REQUIRE_ORACLES").is_some_and(|v| v == "1")
}

/// Reports a missing prerequisite: fails under CI, prints a notice otherwise.
pub fn skip(why: &str) {
    if oracles_required() {
        panic!("required test prerequisite missing: {why}");
    }
    eprintln!("skipped: {why}");
}

/// Every capture file below `dir`, sorted.
pub fn captures_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.to_string_lossy();
                if [".pcap", ".pcapng", ".pcapng.gz", ".pcap.gz", ".cap"]
                    .iter()
                    .any(|s| name.ends_with(s))
                {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// A Python interpreter that can import `module`: `$OXWIRE_PYTHON` first, then the
/// repository's `.venv` (where `.ci/run` installs impacket).
pub fn python_with(module: &str) -> Option<String> {
    let candidates = [
        std::env::var("OXWIRE_PYTHON").ok(),
        Some(format!("{}/.venv/bin/python", env!("CARGO_MANIFEST_DIR"))),
    ];
    let import = format!("import {module}");
    candidates.into_iter().flatten().find(|p| {
        std::process::Command::new(p)
            .args(["-c", &import])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Whether a program runs.
pub fn have(cmd: &str, arg: &str) -> bool {
    std::process::Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Lowercase hex to bytes.
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

/// Bytes to lowercase hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
