//! Arbitrary bytes as an RPC_HEADER_EXT chain: decode, undo XOR and LZ77 per payload, read the
//! payloads as auxiliary blocks; whatever decodes must re-encode to the same bytes. Any panic
//! is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_mapi_rop::ext_buffer::Chain;
use oxwire_mapi_rop::{aux_block, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if let Ok(chain) = Chain::decode(data, &limits) {
        let mut again = Vec::new();
        chain.encode(&mut again);
        assert_eq!(again, data);
        for b in &chain.buffers {
            if let Ok(plain) = b.plain(&limits) {
                if let Ok(blocks) = aux_block::decode_blocks(&plain) {
                    let mut out = Vec::new();
                    aux_block::encode_blocks(&blocks, &mut out).unwrap();
                    assert_eq!(out, plain);
                    for blk in &blocks {
                        let _ = blk.referenced();
                    }
                }
            }
        }
    }
});
