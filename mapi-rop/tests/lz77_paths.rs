//! LZ77 streams long enough for the decoder's fast path: text, where long matches are
//! frequent, binary-like sections, where they are rare, and streams that go from one to the
//! other, so that both ways of taking a length nibble and the change between them run. The
//! expected output is the data that was compressed.

use oxwire_mapi_rop::{lz77, Error};
use proptest::prelude::*;

/// Deterministic xorshift, so that every run sees the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Mail-like text: headers, sentences from a small vocabulary, repeated signatures.
fn text(rng: &mut Rng, len: usize) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "the", "meeting", "project", "schedule", "please", "review", "attached", "report",
        "thanks", "regards", "budget", "quarter", "update", "team", "customer", "deadline",
        "Monday", "draft", "comments", "agenda", "call", "follow", "up", "on", "for", "and", "to",
        "of", "we", "will", "can", "you", "this", "is", "a", "in", "with", "next",
    ];
    let mut out = String::new();
    while out.len() < len {
        out.push_str(&format!(
            "From: user{}@contoso.example\r\nSubject: RE: {} #{}\r\n\r\n",
            rng.below(9),
            WORDS[rng.below(WORDS.len())],
            rng.below(1000)
        ));
        for _ in 0..2 + rng.below(5) {
            for w in 0..6 + rng.below(30) {
                if w > 0 {
                    out.push(' ');
                }
                out.push_str(WORDS[rng.below(WORDS.len())]);
            }
            out.push_str(".\r\n");
        }
        out.push_str("Best regards,\r\nContoso Ltd. | +1 555 0100\r\n\r\n");
    }
    let mut b = out.into_bytes();
    b.truncate(len);
    b
}

/// Sections of text, random octets, octets from a four-letter alphabet (short matches,
/// rarely long ones), short-period patterns and runs of one octet, so that the stream has
/// long stretches of each kind of match.
fn mixed(rng: &mut Rng, sections: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for s in 0..sections {
        let len = 500 + rng.below(6000);
        match s % 5 {
            0 => out.extend(text(rng, len)),
            1 => out.extend((0..len).map(|_| rng.next() as u8)),
            2 => out.extend((0..len).map(|_| b"ACGT"[rng.below(4)])),
            3 => {
                let period = 1 + rng.below(40);
                let pattern: Vec<u8> = (0..period).map(|_| rng.next() as u8).collect();
                out.extend(pattern.iter().cycle().take(len));
            }
            _ => out.extend(std::iter::repeat_n(rng.next() as u8, len)),
        }
    }
    out
}

/// Decodes `packed` through every entry point, with room to spare, exactly enough room and
/// one octet too little.
fn check_all_ways(plain: &[u8], packed: &[u8]) {
    assert!(lz77::decompress(packed, plain.len()).unwrap() == plain);
    assert!(lz77::decompress(packed, plain.len() + 1000).unwrap() == plain);
    let mut exact = vec![0u8; plain.len()];
    assert_eq!(
        lz77::decompress_into(packed, &mut exact).unwrap(),
        plain.len()
    );
    assert!(exact == plain);
    let mut roomy = vec![0u8; plain.len() + 100];
    assert_eq!(
        lz77::decompress_into(packed, &mut roomy).unwrap(),
        plain.len()
    );
    assert!(roomy[..plain.len()] == *plain);
    if !plain.is_empty() {
        let mut short = vec![0u8; plain.len() - 1];
        assert!(matches!(
            lz77::decompress_into(packed, &mut short),
            Err(Error::Lz77Overflow { .. })
        ));
        assert!(matches!(
            lz77::decompress(packed, plain.len() - 1),
            Err(Error::Lz77Overflow { .. })
        ));
    }
}

#[test]
fn text_round_trips() {
    let mut rng = Rng(0x5eed_0001);
    for len in [40, 100, 1000, 4096, 32 * 1024, 100_000, 300_000] {
        let plain = text(&mut rng, len);
        for level in [lz77::Level::DEFAULT, lz77::Level::FAST] {
            let mut packed = Vec::new();
            lz77::compress_with(&plain, &mut packed, level);
            check_all_ways(&plain, &packed);
        }
    }
}

#[test]
fn mixed_streams_round_trip() {
    for seed in 1..=6 {
        let mut rng = Rng(0xa11c_e000 + seed);
        let plain = mixed(&mut rng, 24);
        let mut packed = Vec::new();
        lz77::compress(&plain, &mut packed);
        check_all_ways(&plain, &packed);
    }
}

#[test]
fn truncated_text_streams_decode_to_prefixes() {
    let mut rng = Rng(0x7e57_0002);
    let plain = mixed(&mut rng, 8);
    let mut packed = Vec::new();
    lz77::compress(&plain, &mut packed);
    let mut out = vec![0u8; plain.len()];
    for cut in (0..packed.len()).step_by(37) {
        // Whatever is cut off, what decodes is the start of the original.
        if let Ok(n) = lz77::decompress_into(&packed[..cut], &mut out) {
            assert!(out[..n] == plain[..n], "cut at {cut}");
        }
        if let Ok(v) = lz77::decompress(&packed[..cut], plain.len()) {
            assert!(plain.starts_with(&v), "cut at {cut}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn damaged_streams_agree_between_buffers(
        seed in 1u64..1000,
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
        keep in any::<prop::sample::Index>(),
    ) {
        // A real stream with a few octets changed and its end cut: the growing vector and a
        // fixed buffer of the whole bound give the same octets or the same error.
        let mut rng = Rng(seed);
        let plain = mixed(&mut rng, 4);
        let mut packed = Vec::new();
        lz77::compress(&plain, &mut packed);
        for (at, b) in &damage {
            let i = at.index(packed.len());
            packed[i] = *b;
        }
        packed.truncate(keep.index(packed.len() + 1));
        let bound = 1 << 16;
        let mut out = vec![0u8; bound];
        let fixed = lz77::decompress_into(&packed, &mut out).map(|n| out[..n].to_vec());
        let grown = lz77::decompress(&packed, bound);
        prop_assert_eq!(format!("{fixed:?}"), format!("{grown:?}"));
    }
}
