//! Arbitrary bytes as a plain LZ77 stream, into a bounded slice and a bounded vector; and,
//! when it decodes, our encoder's output of the result must decode back to it. Any panic is a
//! bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_mapi_rop::lz77;

fuzz_target!(|data: &[u8]| {
    let mut out = vec![0u8; 0x8000];
    let _ = lz77::decompress_into(data, &mut out);
    if let Ok(plain) = lz77::decompress(data, 0x40000) {
        let mut packed = Vec::new();
        lz77::compress(&plain, &mut packed);
        assert_eq!(lz77::decompress(&packed, plain.len()).ok(), Some(plain));
    }
});
