//! LZ77 against data compressed by others: the Samba corpus of Windows-compressed files
//! (shared tier, read at run time) and the two examples of MS-XCA 3.1 (kept in
//! `testdata/ms-xca-3.1.json`).

mod common;

use oxwire_mapi_rop::lz77;

struct Pair {
    name: String,
    packed: Vec<u8>,
    plain: Vec<u8>,
}

/// Every (compressed, original) pair of the Samba corpus, or `None` when it is absent.
fn corpus() -> Option<Vec<Pair>> {
    let root = common::shared_testdata()?.join("lz77");
    if !root.is_dir() {
        return None;
    }
    let mut out = Vec::new();
    for dir in ["compressed-plain", "compressed-more-plain"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .ok()?
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let stem = f.file_stem()?.to_string_lossy().into_owned();
            let orig = root.join("decompressed").join(format!("{stem}.decomp"));
            out.push(Pair {
                name: format!("{dir}/{stem}"),
                packed: std::fs::read(&f).ok()?,
                plain: std::fs::read(&orig).ok()?,
            });
        }
    }
    Some(out)
}

#[test]
fn samba_corpus_decompresses_exactly() {
    let Some(pairs) = corpus() else {
        common::skip("../shared/testdata/lz77 (Samba LZ77 corpus) not found");
        return;
    };
    assert_eq!(
        pairs.len(),
        80,
        "the corpus has 80 Windows-compressed files"
    );
    for p in &pairs {
        let got = lz77::decompress(&p.packed, p.plain.len())
            .unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert!(got == p.plain, "{}: output differs", p.name);
        // The exact-size slice form agrees, and one octet less is refused.
        let mut buf = vec![0u8; p.plain.len()];
        assert_eq!(
            lz77::decompress_into(&p.packed, &mut buf).unwrap(),
            p.plain.len()
        );
        if !p.plain.is_empty() {
            let mut short = vec![0u8; p.plain.len() - 1];
            assert!(matches!(
                lz77::decompress_into(&p.packed, &mut short),
                Err(oxwire_mapi_rop::Error::Lz77Overflow { .. })
            ));
        }
    }
}

#[test]
fn samba_corpus_round_trips_and_ratio() {
    let Some(pairs) = corpus() else {
        common::skip("../shared/testdata/lz77 (Samba LZ77 corpus) not found");
        return;
    };
    let (mut ours, mut windows) = (0usize, 0usize);
    for p in pairs
        .iter()
        .filter(|p| p.name.starts_with("compressed-plain/"))
    {
        let mut packed = Vec::new();
        lz77::compress(&p.plain, &mut packed);
        let back = lz77::decompress(&packed, p.plain.len()).unwrap();
        assert!(back == p.plain, "{}: round trip differs", p.name);
        ours += packed.len();
        windows += p.packed.len();
    }
    let ratio = ours as f64 / windows as f64;
    eprintln!(
        "encoder output / Windows output over compressed-plain: {ours} / {windows} = {ratio:.4}"
    );
    assert!(
        ratio <= 1.05,
        "encoder output {ratio:.4} of Windows' size, budget 1.05"
    );
}
