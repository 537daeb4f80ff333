//! Helpers shared by this crate's integration tests: oracles and test data locations.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether CI demands every oracle (set by `.ci/run`).
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

/// A Python interpreter with impacket: `$OXWIRE_PYTHON`, else the workspace's `.venv`.
pub fn python() -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let candidates = [
        std::env::var("OXWIRE_PYTHON").ok(),
        Some(root.join(".venv/bin/python").to_string_lossy().into_owned()),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import impacket"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// `../shared/testdata` beside the workspace (or `$OXWIRE_SHARED_TESTDATA`), when present.
pub fn shared_testdata() -> Option<PathBuf> {
    let p = std::env::var_os("OXWIRE_SHARED_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"));
    p.is_dir().then_some(p)
}

/// Hex to bytes.
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

/// Bytes to lowercase hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
