//! FastTransfer stream decoding: a stream built by hand from MS-OXCFXICS 2.2.4 element
//! layouts decodes to the elements it was built from, however the buffers are split.

use oxwire_mapi_rop::fxics::idset::{decode_idset, encode_idset, ReplicaKey};
use oxwire_mapi_rop::fxics::{markers, FxDecoder, FxEvent, FxLimits, FxName, FxValue};
use oxwire_mapi_rop::prop::{Guid, PropTag};
use proptest::prelude::*;

fn stream() -> (Vec<u8>, Vec<FxEvent>) {
    let mut b = Vec::new();
    let mut ev = Vec::new();
    let tag = |b: &mut Vec<u8>, t: u32| b.extend(t.to_le_bytes());
    tag(&mut b, markers::START_MESSAGE);
    ev.push(FxEvent::Marker(markers::START_MESSAGE));
    // PidTagImportance (PtypInteger32) = 2.
    tag(&mut b, 0x0017_0003);
    b.extend(2u32.to_le_bytes());
    ev.push(FxEvent::Property {
        tag: PropTag(0x0017_0003),
        name: None,
        value: FxValue::Integer32(2),
    });
    // PidTagSubject (PtypString) "Hi": length 6 with the terminator.
    tag(&mut b, 0x0037_001F);
    b.extend(6u32.to_le_bytes());
    b.extend([b'H', 0, b'i', 0, 0, 0]);
    ev.push(FxEvent::Property {
        tag: PropTag(0x0037_001F),
        name: None,
        value: FxValue::Bytes(vec![b'H', 0, b'i', 0, 0, 0]),
    });
    // A named property by LID (PtypBoolean, two bytes in FastTransfer streams).
    tag(&mut b, 0x8001_000B);
    b.extend([7u8; 16]);
    b.push(0);
    b.extend(0x8503u32.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    ev.push(FxEvent::Property {
        tag: PropTag(0x8001_000B),
        name: Some(FxName::Id {
            guid: Guid([7; 16]),
            lid: 0x8503,
        }),
        value: FxValue::Boolean(1),
    });
    // A named property by name, multi-valued 32-bit integers.
    tag(&mut b, 0x8002_1003);
    b.extend([9u8; 16]);
    b.push(1);
    b.extend([b'X', 0, 0, 0]);
    b.extend(2u32.to_le_bytes());
    b.extend(5u32.to_le_bytes());
    b.extend(6u32.to_le_bytes());
    ev.push(FxEvent::Property {
        tag: PropTag(0x8002_1003),
        name: Some(FxName::Name {
            guid: Guid([9; 16]),
            name: vec![b'X' as u16],
        }),
        value: FxValue::MultipleFixed(vec![
            5u32.to_le_bytes().to_vec(),
            6u32.to_le_bytes().to_vec(),
        ]),
    });
    // A long binary (PidTagBody-like) that streams past the inline limit of 16 bytes.
    tag(&mut b, 0x1009_0102);
    b.extend(40u32.to_le_bytes());
    b.extend(0u8..40);
    ev.push(FxEvent::ValueBegin {
        tag: PropTag(0x1009_0102),
        name: None,
        len: 40,
    });
    ev.push(FxEvent::ValueChunk((0u8..40).collect()));
    ev.push(FxEvent::ValueEnd);
    // MetaTagIdsetGiven: typed PtypInteger32, carried as a length-prefixed binary.
    tag(&mut b, markers::META_TAG_IDSET_GIVEN);
    b.extend(3u32.to_le_bytes());
    b.extend([1, 2, 3]);
    ev.push(FxEvent::Property {
        tag: PropTag(markers::META_TAG_IDSET_GIVEN),
        name: None,
        value: FxValue::Bytes(vec![1, 2, 3]),
    });
    tag(&mut b, markers::END_MESSAGE);
    ev.push(FxEvent::Marker(markers::END_MESSAGE));
    (b, ev)
}

/// Joins consecutive value chunks so that differently split runs compare equal.
fn normalize(ev: Vec<FxEvent>) -> Vec<FxEvent> {
    let mut out: Vec<FxEvent> = Vec::new();
    for e in ev {
        if let (Some(FxEvent::ValueChunk(a)), FxEvent::ValueChunk(b)) = (out.last_mut(), &e) {
            a.extend_from_slice(b);
            continue;
        }
        out.push(e);
    }
    out
}

fn limits() -> FxLimits {
    FxLimits {
        inline_value: 16,
        max_element: 1 << 20,
    }
}

#[test]
fn every_two_way_split_and_byte_by_byte() {
    let (b, expected) = stream();
    for cut in 0..=b.len() {
        let mut d = FxDecoder::with_limits(limits());
        let mut ev = Vec::new();
        d.push(&b[..cut], &mut ev).unwrap();
        d.push(&b[cut..], &mut ev).unwrap();
        assert!(d.is_at_boundary());
        assert_eq!(normalize(ev), expected, "cut at {cut}");
    }
    let mut d = FxDecoder::with_limits(limits());
    let mut ev = Vec::new();
    for x in &b {
        d.push(std::slice::from_ref(x), &mut ev).unwrap();
    }
    assert_eq!(normalize(ev), expected);
}

#[test]
fn hostile_counts_are_refused() {
    // A multi-valued binary claiming 2^32-1 values.
    let mut b = 0x0001_1102u32.to_le_bytes().to_vec();
    b.extend(u32::MAX.to_le_bytes());
    let mut d = FxDecoder::with_limits(limits());
    assert!(d.push(&b, &mut Vec::new()).is_err());
    // An unknown property type.
    let mut d = FxDecoder::new();
    assert!(d
        .push(&0x0001_0099u32.to_le_bytes(), &mut Vec::new())
        .is_err());
}

/// MS-OXCFXICS 2.2.2.6 GLOBSET commands written by hand: push 5 common bytes (0x05), a
/// bitmask (0x42, 2.2.2.6.3: start 0x10, mask 0b101 → 0x10, 0x11, 0x13), pop (0x50,
/// 2.2.2.6.2), a range (0x52, 2.2.2.6.4) of two 6-byte values, end (0x00).
#[test]
fn globset_commands_by_hand() {
    let mut b = vec![0x05, 0, 0, 0, 0, 1, 0x42, 0x10, 0b101, 0x50];
    b.extend([0x52, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 9, 0x00]);
    let mut idset = 1u16.to_le_bytes().to_vec();
    idset.extend(&b);
    let set = decode_idset(&idset, false).unwrap();
    assert_eq!(set.len(), 1);
    assert_eq!(set[0].0, ReplicaKey::Id(1));
    assert_eq!(
        set[0].1,
        vec![(0x1_10, 0x1_11), (0x1_13, 0x1_13), (0x2_00, 0x2_09)]
    );
}

proptest! {
    #[test]
    fn idset_round_trip(mut v in proptest::collection::vec((0u64..(1 << 48), 0u64..1000), 0..20)) {
        v.iter_mut().for_each(|(a, n)| *n = (*a + *n).min((1 << 48) - 1));
        let set = vec![(ReplicaKey::Guid(Guid([3; 16])), v.clone())];
        let mut b = Vec::new();
        encode_idset(&set, &mut b).unwrap();
        prop_assert_eq!(decode_idset(&b, true).unwrap(), set);
    }

    #[test]
    fn random_splits(cuts in proptest::collection::vec(0usize..300, 0..6)) {
        let (b, expected) = stream();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (b.len() + 1)).collect();
        cuts.sort();
        let mut d = FxDecoder::with_limits(limits());
        let mut ev = Vec::new();
        let mut at = 0;
        for c in cuts.into_iter().chain([b.len()]) {
            d.push(&b[at..c], &mut ev).unwrap();
            at = c;
        }
        prop_assert_eq!(normalize(ev), expected);
    }
}

/// A streamed value whose header arrives in pieces, followed by another element: the element
/// after the value must not wait for bytes the header once needed.
#[test]
fn element_after_streamed_value_with_split_header() {
    let mut b = 0x0001_0102u32.to_le_bytes().to_vec();
    b.extend(70u32.to_le_bytes());
    b.extend([0x34; 70]);
    b.extend(0x0017_0003u32.to_le_bytes());
    b.extend(2u32.to_le_bytes());
    let mut d = FxDecoder::with_limits(FxLimits {
        inline_value: 64,
        max_element: 1 << 16,
    });
    let mut ev = Vec::new();
    d.push(&b[..2], &mut ev).unwrap();
    d.push(&b[2..], &mut ev).unwrap();
    assert!(d.is_at_boundary());
    assert_eq!(
        ev.last(),
        Some(&FxEvent::Property {
            tag: PropTag(0x0017_0003),
            name: None,
            value: FxValue::Integer32(2)
        })
    );
}
