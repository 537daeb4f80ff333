//! Our LZ77 encoder's output decoded by two independent implementations, `rust-lzxpress` and
//! `xpress_rs` (dev-dependencies, run under `catch_unwind`). Neither is taken as correct on
//! its own: an input counts only where that decoder also turns the Windows-produced stream
//! of the Samba corpus (shared tier) back into the original.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use oxwire_mapi_rop::lz77;

type Decoder = fn(&[u8]) -> Option<Vec<u8>>;

fn lzxpress(packed: &[u8]) -> Option<Vec<u8>> {
    catch_unwind(|| lzxpress::data::decompress(packed).ok())
        .ok()
        .flatten()
}

fn xpress(packed: &[u8]) -> Option<Vec<u8>> {
    catch_unwind(AssertUnwindSafe(|| {
        xpress_rs::lz77::LZ77Decompressor::new(packed.to_vec())
            .decompress()
            .ok()
    }))
    .ok()
    .flatten()
}

#[test]
fn encoder_output_decodes_with_independent_decoders() {
    let Some(root) = common::shared_testdata() else {
        common::skip("../shared/testdata not found (Samba LZ77 corpus)");
        return;
    };
    let root = root.join("lz77");
    let mut files: Vec<_> = std::fs::read_dir(root.join("compressed-plain"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let decoders: [(&str, Decoder); 2] = [("rust-lzxpress", lzxpress), ("xpress_rs", xpress)];
    let mut checked = [0usize; 2];
    let mut failures = Vec::new();
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let windows = std::fs::read(f).unwrap();
        let plain =
            std::fs::read(root.join("decompressed").join(format!("{stem}.decomp"))).unwrap();
        let mut ours = Vec::new();
        lz77::compress(&plain, &mut ours);
        for (k, (name, dec)) in decoders.iter().enumerate() {
            if dec(&windows).as_deref() != Some(&plain[..]) {
                continue; // this decoder does not handle the reference stream either
            }
            checked[k] += 1;
            if dec(&ours).as_deref() != Some(&plain[..]) {
                failures.push(format!("{name}: {stem}"));
            }
        }
    }
    std::panic::set_hook(hook);
    eprintln!(
        "independent decoders checked our streams on {checked:?} of {} files",
        files.len()
    );
    assert!(failures.is_empty(), "{failures:?}");
    assert!(checked.iter().all(|&c| c >= files.len() - 2), "{checked:?}");
}
