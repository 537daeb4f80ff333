//! Properties of extended-buffer chains and auxiliary blocks, and hostile inputs.

use oxwire_mapi_rop::aux_block::{self, AuxBody};
use oxwire_mapi_rop::emsmdb::{self, Interface};
use oxwire_mapi_rop::ext_buffer::{self, Chain, Flags, RpcHeaderExt};
use oxwire_mapi_rop::{Error, Limits};
use proptest::prelude::*;

fn payload() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..3000),
        (proptest::collection::vec(any::<u8>(), 1..20), 1usize..400).prop_map(|(s, n)| s
            .iter()
            .cycle()
            .take(s.len() * n)
            .copied()
            .collect()),
    ]
}

proptest! {
    #[test]
    fn chain_round_trip(payloads in proptest::collection::vec(payload(), 1..5), flags in 0u16..4) {
        let refs: Vec<&[u8]> = payloads.iter().map(|p| p.as_slice()).collect();
        let mut wire = Vec::new();
        ext_buffer::encode_chain(&refs, Flags(flags), &mut wire).unwrap();
        let limits = Limits { max_payload: 0xFFFF, ..Limits::default() };
        let chain = Chain::decode(&wire, &limits).unwrap();
        prop_assert_eq!(chain.buffers.len(), payloads.len());
        prop_assert!(chain.buffers.last().unwrap().header.flags.contains(Flags::LAST));
        prop_assert_eq!(chain.plain_payloads(&limits).unwrap(), payloads);
        let mut again = Vec::new();
        chain.encode(&mut again);
        prop_assert_eq!(again, wire);
    }

    #[test]
    fn aux_blocks_round_trip(blocks in proptest::collection::vec(
        (1u8..3, any::<u8>(), proptest::collection::vec(any::<u8>(), 0..200)), 0..8)) {
        let mut wire = Vec::new();
        for (v, t, body) in &blocks {
            wire.extend_from_slice(&((body.len() + 4) as u16).to_le_bytes());
            wire.push(*v);
            wire.push(*t);
            wire.extend_from_slice(body);
        }
        let decoded = aux_block::decode_blocks(&wire).unwrap();
        prop_assert_eq!(decoded.len(), blocks.len());
        let mut out = Vec::new();
        aux_block::encode_blocks(&decoded, &mut out).unwrap();
        prop_assert_eq!(out, wire);
    }

    #[test]
    fn arbitrary_chains_never_panic(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        let limits = Limits::default();
        if let Ok(c) = Chain::decode(&data, &limits) {
            let _ = c.plain_payloads(&limits);
            let mut again = Vec::new();
            c.encode(&mut again);
            prop_assert_eq!(again, data.clone());
        }
        let _ = aux_block::decode_blocks(&data);
        for op in [0u16, 1, 2, 4, 6, 10, 11, 14] {
            if let Ok(s) = emsmdb::decode_request(Interface::Emsmdb, op, &data, true, &limits) {
                prop_assert_eq!(emsmdb::encode_request(&s, true).unwrap(), data.clone());
            }
            if let Ok(s) = emsmdb::decode_response(Interface::Emsmdb, op, &data, true, &limits) {
                prop_assert_eq!(emsmdb::encode_response(&s, true).unwrap(), data.clone());
            }
        }
    }
}

fn header(flags: u16, size: u16, actual: u16) -> Vec<u8> {
    let mut v = Vec::new();
    RpcHeaderExt {
        version: 0,
        flags: Flags(flags),
        size,
        size_actual: actual,
    }
    .encode(&mut v);
    v
}

#[test]
fn lying_sizes() {
    let limits = Limits::default();
    // Size beyond the buffer.
    let mut b = header(4, 10, 10);
    b.extend_from_slice(&[0; 5]);
    assert!(matches!(
        Chain::decode(&b, &limits),
        Err(Error::Truncated { .. })
    ));
    // Uncompressed with SizeActual different from Size.
    let mut b = header(4, 3, 4);
    b.extend_from_slice(b"abc");
    assert!(matches!(
        Chain::decode(&b, &limits),
        Err(Error::Mismatch { .. })
    ));
    // Compressed payload that yields fewer octets than SizeActual claims.
    let mut packed = Vec::new();
    oxwire_mapi_rop::lz77::compress(b"hello hello hello", &mut packed);
    let mut b = header(5, packed.len() as u16, 40);
    b.extend_from_slice(&packed);
    let c = Chain::decode(&b, &limits).unwrap();
    assert!(matches!(
        c.plain_payloads(&limits),
        Err(Error::Mismatch { .. })
    ));
    // Compressed payload that expands past SizeActual.
    let mut b = header(5, packed.len() as u16, 5);
    b.extend_from_slice(&packed);
    let c = Chain::decode(&b, &limits).unwrap();
    assert!(matches!(
        c.plain_payloads(&limits),
        Err(Error::Lz77Overflow { limit: 5, .. })
    ));
    // SizeActual above the per-payload limit.
    let mut b = header(5, 4, 0xF000);
    b.extend_from_slice(&[0xff; 4]);
    let c = Chain::decode(&b, &limits).unwrap();
    assert!(matches!(
        c.plain_payloads(&limits),
        Err(Error::LimitExceeded { .. })
    ));
    // Version other than 0.
    let mut b = header(4, 0, 0);
    b[0] = 1;
    assert!(matches!(
        Chain::decode(&b, &limits),
        Err(Error::Invalid { .. })
    ));
    // Too many headers in a chain.
    let b: Vec<u8> = (0..100).flat_map(|_| header(0, 0, 0)).collect();
    assert!(matches!(
        Chain::decode(&b, &limits),
        Err(Error::LimitExceeded { .. })
    ));
    // Truncation at every offset of a valid two-payload chain.
    let mut wire = Vec::new();
    ext_buffer::encode_chain(&[b"first payload", b"second"], Flags::XOR_MAGIC, &mut wire).unwrap();
    for cut in 0..wire.len() {
        if let Ok(c) = Chain::decode(&wire[..cut], &limits) {
            let mut again = Vec::new();
            c.encode(&mut again);
            assert_eq!(again, &wire[..cut]);
        }
    }
    // AUX_HEADER.Size below its own length or past the buffer.
    assert!(aux_block::decode_blocks(&[2, 0, 1, 1]).is_err());
    assert!(aux_block::decode_blocks(&[9, 0, 1, 1, 0, 0, 0, 0]).is_err());
    // A known type shorter than its structure is kept whole as unknown.
    let b = aux_block::decode_blocks(&[6, 0, 1, 1, 7, 0]).unwrap();
    assert!(matches!(b[0].body, AuxBody::Unknown(_)));
}

#[test]
fn offset_strings() {
    // AUX_SERVER_SESSION_INFO with its string right after the offset field (offset 6).
    let mut wire = vec![0, 0, 1, 0x4B, 6, 0];
    wire.extend_from_slice(&aux_block::utf16z("ctx"));
    let n = wire.len() as u16;
    wire[..2].copy_from_slice(&n.to_le_bytes());
    let blocks = aux_block::decode_blocks(&wire).unwrap();
    let r = blocks[0].referenced();
    assert_eq!(
        r,
        vec![(
            "ServerSessionContextInfo",
            aux_block::FieldValue::Text("ctx".into())
        )]
    );
}
