//! Shared helpers: where shared-tier test data lives.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared/testdata` relative to the repository (or `$OXWIRE_SHARED_TESTDATA`).
pub fn shared_testdata() -> Option<PathBuf> {
    let p = std::env::var_os("OXWIRE_SHARED_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"));
    p.is_dir().then_some(p)
}

/// Reports missing shared data: fails when `OXWIRE_REQUIRE_ORACLES=1`, prints a notice otherwise.
pub fn skip(why: &str) {
    if std::env::var_os("OXWIRE_REQUIRE_ORACLES").is_some_and(|v| v == "1") {
        panic!("required test prerequisite missing: {why}");
    }
    eprintln!("skipped: {why}");
}

/// Lowercase hex to bytes.
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}
