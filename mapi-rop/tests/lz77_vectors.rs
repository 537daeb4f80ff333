//! LZ77 golden vectors from MS-XCA 3.1, round-trip properties and hostile streams.

use oxwire_mapi_rop::{lz77, Error};
use proptest::prelude::*;

/// MS-XCA 3.1, first example: the alphabet, all literals.
const XCA_EXAMPLE_1: &[u8] = &[
    0x3f, 0x00, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,
    0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
];
/// MS-XCA 3.1, second example: "abc" three hundred octets long.
const XCA_EXAMPLE_2: &[u8] = &[
    0xff, 0xff, 0xff, 0x1f, 0x61, 0x62, 0x63, 0x17, 0x00, 0x0f, 0xff, 0x26, 0x01,
];

#[test]
fn ms_xca_examples_decompress() {
    assert_eq!(
        lz77::decompress(XCA_EXAMPLE_1, 1000).unwrap(),
        b"abcdefghijklmnopqrstuvwxyz"
    );
    assert_eq!(
        lz77::decompress(XCA_EXAMPLE_2, 1000).unwrap(),
        b"abc".repeat(100)
    );
}

#[test]
fn ms_xca_examples_compress_to_the_spec_bytes() {
    // Both examples have one obvious parse; our encoder finds it.
    let mut out = Vec::new();
    lz77::compress(b"abcdefghijklmnopqrstuvwxyz", &mut out);
    assert_eq!(out, XCA_EXAMPLE_1);
    out.clear();
    lz77::compress(&b"abc".repeat(100), &mut out);
    assert_eq!(out, XCA_EXAMPLE_2);
}

#[test]
fn empty_input() {
    let mut out = Vec::new();
    lz77::compress(b"", &mut out);
    assert_eq!(out, [0xff, 0xff, 0xff, 0xff]);
    assert_eq!(lz77::decompress(&out, 10).unwrap(), b"");
    assert_eq!(lz77::decompress(&[], 10).unwrap(), b"");
}

#[test]
fn hostile_streams() {
    // A match before any output.
    assert!(matches!(
        lz77::decompress(&[0, 0, 0, 0x80, 0x00, 0x00], 100),
        Err(Error::Lz77 { offset: 4, .. })
    ));
    // One literal then a 32-bit length of 4 Gi octets: refused at the bound, not allocated.
    let bomb = [
        0xff, 0xff, 0xff, 0x7f, b'x', 0x07, 0x00, 0x0f, 0xff, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
    ];
    assert!(matches!(
        lz77::decompress(&bomb, 1 << 20),
        Err(Error::Lz77Overflow {
            limit: 0x100000,
            ..
        })
    ));
    // Extended length below its minimum.
    let low = [
        0xff, 0xff, 0xff, 0x7f, b'x', 0x07, 0x00, 0x0f, 0xff, 0x05, 0x00,
    ];
    assert!(matches!(
        lz77::decompress(&low, 100),
        Err(Error::Lz77 { .. })
    ));
    // Flag word cut short, match cut short.
    assert!(lz77::decompress(&[0xff, 0xff], 100).is_err());
    assert!(lz77::decompress(&[0, 0, 0, 0x40, b'a', 0x00], 100).is_err());
    // Every truncation of a real stream either fails or yields a prefix of the original.
    let plain = b"abc".repeat(100);
    for cut in 0..XCA_EXAMPLE_2.len() {
        if let Ok(out) = lz77::decompress(&XCA_EXAMPLE_2[..cut], 1000) {
            assert!(plain.starts_with(&out));
        }
    }
}

proptest! {
    #[test]
    fn round_trip_random(data in proptest::collection::vec(any::<u8>(), 0..5000)) {
        let mut packed = Vec::new();
        lz77::compress(&data, &mut packed);
        prop_assert!(packed.len() <= lz77::max_compressed_len(data.len()));
        prop_assert_eq!(lz77::decompress(&packed, data.len()).unwrap(), data);
    }

    #[test]
    fn round_trip_repetitive(
        seed in proptest::collection::vec(0u8..4, 1..40),
        reps in 1usize..3000,
        level in 0usize..2,
    ) {
        let data: Vec<u8> = seed.iter().cycle().take(seed.len() * reps).copied().collect();
        let mut packed = Vec::new();
        let level = [lz77::Level::DEFAULT, lz77::Level::FAST][level];
        lz77::compress_with(&data, &mut packed, level);
        prop_assert_eq!(lz77::decompress(&packed, data.len()).unwrap(), data.clone());
        // One octet less room must be refused, never truncated silently.
        if !data.is_empty() {
            prop_assert!(lz77::decompress(&packed, data.len() - 1).is_err());
        }
    }

    #[test]
    fn long_runs(len in 0usize..200_000, b in any::<u8>()) {
        let data = vec![b; len];
        let mut packed = Vec::new();
        lz77::compress(&data, &mut packed);
        prop_assert_eq!(lz77::decompress(&packed, len).unwrap(), data);
    }

    #[test]
    fn arbitrary_streams_never_panic(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut out = vec![0u8; 4096];
        let _ = lz77::decompress_into(&data, &mut out);
        let _ = lz77::decompress(&data, 1 << 16);
    }

    #[test]
    fn growing_output_agrees_with_fixed_buffer(
        data in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        // `decompress` starts small and resumes after growing; a buffer of the whole bound
        // never needs to. Same octets, same error, same offset.
        let mut out = vec![0u8; 1 << 16];
        let fixed = lz77::decompress_into(&data, &mut out).map(|n| out[..n].to_vec());
        let grown = lz77::decompress(&data, 1 << 16);
        prop_assert_eq!(format!("{fixed:?}"), format!("{grown:?}"));
    }
}
