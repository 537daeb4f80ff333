//! Hostile input: lying floor counts and lengths, huge conformance counts, truncation at
//! every offset. Decoders must return errors, never panic or allocate from a bad count.

use oxwire_epm::calls::{EptLookupResponse, EptMapResponse, Stub};
use oxwire_epm::{Call, Error, Limits, Tower};
use oxwire_msrpc::ndr::NdrSyntax;

fn tower() -> Vec<u8> {
    let b = oxwire_epm::StringBinding::parse("ncacn_ip_tcp:10.0.0.5[1032]").unwrap();
    let i = oxwire_msrpc::SyntaxId::new(oxwire_msrpc::interfaces::EMSMDB, 0, 81);
    Tower::from_binding(i, None, &b).unwrap().to_vec().unwrap()
}

#[test]
fn floor_count_that_lies() {
    let mut t = tower();
    for count in [6u16, 32, 0xffff] {
        t[..2].copy_from_slice(&count.to_le_bytes());
        assert!(Tower::decode(&t).is_err(), "count {count}");
    }
    // Above the limit is refused before looking at the floors.
    let mut t = vec![0u8; 2 + 4 * 40];
    t[..2].copy_from_slice(&40u16.to_le_bytes());
    assert!(matches!(
        Tower::decode(&t),
        Err(Error::LimitExceeded { .. })
    ));
    let l = Limits {
        max_floors: 64,
        ..Limits::DEFAULT
    };
    assert_eq!(Tower::decode_with(&t, &l).unwrap().floors.len(), 40);
}

#[test]
fn floor_lengths_that_lie() {
    let base = tower();
    // Each lhs/rhs length field: point it past the end.
    let mut pos = 2;
    let t = Tower::decode(&base).unwrap();
    for f in &t.floors {
        for (at, len) in [(pos, f.lhs.len()), (pos + 2 + f.lhs.len(), f.rhs.len())] {
            let mut bad = base.clone();
            bad[at..at + 2].copy_from_slice(&0xfff0u16.to_le_bytes());
            assert!(
                matches!(Tower::decode(&bad), Err(Error::Truncated { .. })),
                "length at {at} (was {len})"
            );
        }
        pos += f.encoded_len();
    }
}

#[test]
fn tower_truncated_everywhere() {
    let t = tower();
    for cut in 0..t.len() {
        assert!(Tower::decode(&t[..cut]).is_err(), "cut {cut}");
    }
}

fn map_response(syn: NdrSyntax) -> Vec<u8> {
    let twr = oxwire_epm::Twr::new(tower());
    EptMapResponse::new(vec![twr.clone(), twr], 0)
        .encode(syn, true)
        .unwrap()
}

#[test]
fn map_response_truncated_everywhere() {
    for syn in [NdrSyntax::Ndr20, NdrSyntax::Ndr64] {
        let s = map_response(syn);
        assert!(EptMapResponse::decode(&s, syn, true).is_ok());
        for cut in 0..s.len() {
            assert!(
                EptMapResponse::decode(&s[..cut], syn, true).is_err(),
                "cut {cut}"
            );
        }
        let mut long = s.clone();
        long.push(0);
        assert!(matches!(
            EptMapResponse::decode(&long, syn, true),
            Err(Error::TrailingBytes { .. })
        ));
    }
}

#[test]
fn huge_conformance_counts() {
    let s = map_response(NdrSyntax::Ndr20);
    // A huge max_count alone allocates nothing (only actual_count elements are sent); the
    // value is kept so the stub re-encodes as it came.
    let mut big = s.clone();
    big[24..28].copy_from_slice(&u32::MAX.to_le_bytes());
    let r = EptMapResponse::decode(&big, NdrSyntax::Ndr20, true).unwrap();
    assert_eq!(r.max_count, u64::from(u32::MAX));
    assert_eq!(r.encode(NdrSyntax::Ndr20, true).unwrap(), big);
    // actual_count (offset 32) past the data or the limit, a tower's max_count and length.
    for (at, v) in [
        (32, 0x4000_0000u32),
        (32, 501),
        (44, 0x7fff_ffff),
        (48, 0x7fff_ffff),
    ] {
        let mut bad = s.clone();
        bad[at..at + 4].copy_from_slice(&v.to_le_bytes());
        assert!(
            EptMapResponse::decode(&bad, NdrSyntax::Ndr20, true).is_err(),
            "{at}={v:#x}"
        );
    }
    // tower_length disagreeing with its conformance.
    let mut bad = s.clone();
    bad[48..52].copy_from_slice(&74u32.to_le_bytes());
    assert!(matches!(
        EptMapResponse::decode(&bad, NdrSyntax::Ndr20, true),
        Err(Error::Invalid { .. })
    ));
    // NDR64 counts beyond 32 bits.
    let s = map_response(NdrSyntax::Ndr64);
    let mut bad = s.clone();
    bad[40..48].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(EptMapResponse::decode(&bad, NdrSyntax::Ndr64, true).is_err());
}

#[test]
fn lookup_response_with_lying_counts() {
    // handle, num_ents, max_count 0x10000000, offset 0, actual 0x10000000, then nothing.
    let mut s = vec![0u8; 20];
    s.extend_from_slice(&0x1000_0000u32.to_le_bytes());
    s.extend_from_slice(&0x1000_0000u32.to_le_bytes());
    s.extend_from_slice(&0u32.to_le_bytes());
    s.extend_from_slice(&0x1000_0000u32.to_le_bytes());
    assert!(EptLookupResponse::decode(&s, NdrSyntax::Ndr20, true).is_err());
    // Annotation longer than 64.
    let mut s = vec![0u8; 20];
    for v in [1u32, 1, 0, 1] {
        s.extend_from_slice(&v.to_le_bytes());
    }
    s.extend_from_slice(&[0; 16]); // object
    s.extend_from_slice(&[0; 4]); // null tower
    s.extend_from_slice(&0u32.to_le_bytes());
    s.extend_from_slice(&65u32.to_le_bytes());
    s.extend_from_slice(&[b'a'; 65]);
    s.extend_from_slice(&[0; 3 + 4]);
    assert!(EptLookupResponse::decode(&s, NdrSyntax::Ndr20, true).is_err());
}

#[test]
fn unknown_opnums_and_garbage() {
    assert!(matches!(
        Call::decode(7, true, &[], NdrSyntax::Ndr20, true),
        Err(Error::UnknownOpnum { opnum: 7 })
    ));
    // Deterministic pseudo-random garbage through every decoder.
    let mut x: u32 = 0x1234_5678;
    for _ in 0..2000 {
        let len = (x % 200) as usize;
        let buf: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        for opnum in 0..7 {
            for req in [true, false] {
                for syn in [NdrSyntax::Ndr20, NdrSyntax::Ndr64] {
                    let _ = Call::decode(opnum, req, &buf, syn, x & 1 == 0);
                }
            }
        }
        let _ = Tower::decode(&buf);
    }
}
