//! Property tests: encode → decode → encode for every property type, restriction kind and
//! ROP (request and response), and decode → encode on arbitrary bytes.

use oxwire_mapi_rop::prop::{
    AString, ActionBlock, ActionData, Cell, CellValue, Encoding, Guid, PropTag, PropertyRow,
    PropertyValue, Restriction, RuleAction, TaggedPropertyValue, WString,
};
use oxwire_mapi_rop::rop::catalog::{REQUEST_ROP_IDS, RESPONSE_ONLY_ROP_IDS};
use oxwire_mapi_rop::rop::{LogonKinds, Reader, ResponseContext, RopRequest, RopResponse};
use proptest::prelude::*;

fn wstr() -> impl Strategy<Value = WString> {
    proptest::collection::vec(1u16.., 0..12).prop_map(WString)
}
fn astr() -> impl Strategy<Value = AString> {
    proptest::collection::vec(1u8.., 0..12).prop_map(AString)
}
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..24)
}

fn leaf_value() -> impl Strategy<Value = PropertyValue> {
    use PropertyValue as V;
    prop_oneof![
        Just(V::Null),
        any::<i16>().prop_map(V::Integer16),
        any::<i32>().prop_map(V::Integer32),
        any::<u32>().prop_map(|b| V::Floating32(f32::from_bits(b))),
        any::<u64>().prop_map(|b| V::Floating64(f64::from_bits(b))),
        any::<i64>().prop_map(V::Currency),
        any::<u64>().prop_map(|b| V::FloatingTime(f64::from_bits(b))),
        any::<u32>().prop_map(V::ErrorCode),
        any::<u8>().prop_map(V::Boolean),
        any::<i64>().prop_map(V::Integer64),
        wstr().prop_map(V::String),
        astr().prop_map(V::String8),
        any::<u64>().prop_map(V::Time),
        any::<[u8; 16]>().prop_map(|g| V::Guid(Guid(g))),
        bytes().prop_map(V::ServerId),
        bytes().prop_map(V::Binary),
        bytes().prop_map(V::Object),
        // Unknown ActionTypes keep their data raw; typed ActionData has its own tests.
        proptest::collection::vec((0x0Cu8..=0xFF, any::<u32>(), any::<u32>(), bytes()), 0..3)
            .prop_map(|v| V::RuleAction(RuleAction {
                actions: v
                    .into_iter()
                    .map(|(t, f, g, d)| ActionBlock {
                        action_type: t,
                        action_flavor: f,
                        action_flags: g,
                        data: ActionData::Raw(d),
                    })
                    .collect()
            })),
        proptest::collection::vec(any::<i16>(), 0..4).prop_map(V::MultipleInteger16),
        proptest::collection::vec(any::<i32>(), 0..4).prop_map(V::MultipleInteger32),
        proptest::collection::vec(any::<u32>(), 0..4)
            .prop_map(|v| V::MultipleFloating32(v.into_iter().map(f32::from_bits).collect())),
        proptest::collection::vec(any::<u64>(), 0..4)
            .prop_map(|v| V::MultipleFloating64(v.into_iter().map(f64::from_bits).collect())),
        proptest::collection::vec(any::<i64>(), 0..4).prop_map(V::MultipleCurrency),
        proptest::collection::vec(any::<u64>(), 0..4)
            .prop_map(|v| V::MultipleFloatingTime(v.into_iter().map(f64::from_bits).collect())),
        proptest::collection::vec(any::<i64>(), 0..4).prop_map(V::MultipleInteger64),
        proptest::collection::vec(wstr(), 0..4).prop_map(V::MultipleString),
        proptest::collection::vec(astr(), 0..4).prop_map(V::MultipleString8),
        proptest::collection::vec(any::<u64>(), 0..4).prop_map(V::MultipleTime),
        proptest::collection::vec(any::<[u8; 16]>().prop_map(Guid), 0..3).prop_map(V::MultipleGuid),
        proptest::collection::vec(bytes(), 0..4).prop_map(V::MultipleBinary),
    ]
}

fn tagged(v: impl Strategy<Value = PropertyValue>) -> impl Strategy<Value = TaggedPropertyValue> {
    (any::<u16>(), v).prop_map(|(id, value)| TaggedPropertyValue {
        tag: PropTag::new(id, value.prop_type()),
        value,
    })
}

fn restriction() -> impl Strategy<Value = Restriction> {
    let tag = any::<u32>().prop_map(PropTag);
    let leaf = prop_oneof![
        (any::<u8>(), tag.clone(), tag.clone())
            .prop_map(|(rel_op, tag1, tag2)| Restriction::CompareProperties { rel_op, tag1, tag2 }),
        (any::<u8>(), tag.clone(), any::<u32>()).prop_map(|(bitmap_rel_op, tag, mask)| {
            Restriction::BitMask {
                bitmap_rel_op,
                tag,
                mask,
            }
        }),
        (any::<u8>(), tag.clone(), any::<u32>())
            .prop_map(|(rel_op, tag, size)| Restriction::Size { rel_op, tag, size }),
        tag.clone().prop_map(|tag| Restriction::Exist { tag }),
        (
            any::<u16>(),
            any::<u16>(),
            tag.clone(),
            tagged(leaf_value())
        )
            .prop_map(|(fuzzy_level_low, fuzzy_level_high, tag, value)| {
                Restriction::Content {
                    fuzzy_level_low,
                    fuzzy_level_high,
                    tag,
                    value,
                }
            }),
        (any::<u8>(), tag.clone(), tagged(leaf_value()))
            .prop_map(|(rel_op, tag, value)| Restriction::Property { rel_op, tag, value }),
    ];
    leaf.prop_recursive(4, 24, 4, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Restriction::And),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Restriction::Or),
            inner.clone().prop_map(|r| Restriction::Not(Box::new(r))),
            (any::<u32>(), inner.clone()).prop_map(|(s, r)| Restriction::SubObject {
                subobject: PropTag(s),
                restriction: Box::new(r)
            }),
            (any::<u32>(), inner.clone()).prop_map(|(count, r)| Restriction::Count {
                count,
                restriction: Box::new(r)
            }),
            (
                proptest::collection::vec(tagged(leaf_value()), 0..3),
                proptest::option::of(inner.clone())
            )
                .prop_map(|(values, r)| Restriction::Comment {
                    values,
                    restriction: r.map(Box::new)
                }),
            tagged(inner.prop_map(|r| PropertyValue::Restriction(Box::new(r)))).prop_map(|value| {
                Restriction::Property {
                    rel_op: 4,
                    tag: value.tag,
                    value,
                }
            }),
        ]
    })
}

fn encodings() -> impl Strategy<Value = Encoding> {
    prop_oneof![Just(Encoding::ROP), Just(Encoding::EXTENDED)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tagged_value_round_trip(v in tagged(leaf_value()), enc in encodings()) {
        let mut a = Vec::new();
        v.encode(&mut a, enc).unwrap();
        let (d, used) = TaggedPropertyValue::decode(&a, enc).unwrap();
        prop_assert_eq!(used, a.len());
        let mut b = Vec::new();
        d.encode(&mut b, enc).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn restriction_round_trip(r in restriction(), enc in encodings()) {
        let mut a = Vec::new();
        r.write(&mut a, enc).unwrap();
        let (d, used) = Restriction::decode(&a, enc).unwrap();
        prop_assert_eq!(used, a.len());
        let mut b = Vec::new();
        d.write(&mut b, enc).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn property_row_round_trip(
        cells in proptest::collection::vec((leaf_value(), any::<bool>(), 0u8..4), 0..8),
        flagged in any::<bool>(),
    ) {
        let mut cols = Vec::new();
        let mut row = PropertyRow { flagged, cells: Vec::new() };
        for (v, unspecified, kind) in cells {
            let t = v.prop_type();
            cols.push(PropTag::new(0x1000, if unspecified { 0 } else { t }));
            let value = match (flagged, kind) {
                (true, 1) => CellValue::Absent,
                (true, 2) => CellValue::Error(0x8004_010F),
                _ => CellValue::Value(v),
            };
            row.cells.push(Cell { typed: unspecified.then_some(t), value });
        }
        let mut a = Vec::new();
        row.write(&mut a, Encoding::ROP).unwrap();
        let mut r = Reader::new(&a);
        let d = PropertyRow::read(&mut r, &cols, Encoding::ROP).unwrap();
        prop_assert!(r.is_empty());
        let mut b = Vec::new();
        d.write(&mut b, Encoding::ROP).unwrap();
        prop_assert_eq!(a, b);
    }

    /// Decode then encode reproduces the bytes for every request ROP that decodes.
    #[test]
    fn every_request_rop_round_trips(
        i in 0..REQUEST_ROP_IDS.len(),
        tail in proptest::collection::vec(any::<u8>(), 0..96),
        public in any::<bool>(),
    ) {
        let mut b = vec![REQUEST_ROP_IDS[i]];
        b.extend(tail);
        let mut logons = LogonKinds::default();
        logons.set_public(b.get(1).copied().unwrap_or(0), public);
        let mut r = Reader::new(&b);
        if let Ok(rop) = RopRequest::read(&mut r, &logons) {
            let used = r.offset();
            let mut out = Vec::new();
            rop.write(&mut out).unwrap();
            prop_assert_eq!(&out[..], &b[..used]);
        }
    }

    /// The same for responses, with every ReturnValue that changes a shape.
    #[test]
    fn every_response_rop_round_trips(
        i in 0..(REQUEST_ROP_IDS.len() + RESPONSE_ONLY_ROP_IDS.len()),
        rc in prop_oneof![Just(0u32), Just(0x503), Just(0x480), Just(0x478), Just(0x40380), any::<u32>()],
        tail in proptest::collection::vec(any::<u8>(), 0..96),
        logon_flags in any::<u8>(),
    ) {
        let id = REQUEST_ROP_IDS.iter().chain(RESPONSE_ONLY_ROP_IDS).copied().nth(i).unwrap();
        let mut b = vec![id];
        if !RESPONSE_ONLY_ROP_IDS.contains(&id) {
            b.push(tail.first().copied().unwrap_or(0));
            b.extend(rc.to_le_bytes());
        }
        b.extend(tail);
        let cols = [PropTag(0x0001_0003), PropTag(0x0002_001F), PropTag(0x0003_0102)];
        let ctx = ResponseContext {
            columns: Some(&cols),
            property_tags: Some(&cols),
            logon_flags: Some(logon_flags),
            ..Default::default()
        };
        let mut r = Reader::new(&b);
        if let Ok(rop) = RopResponse::read(&mut r, &ctx) {
            let used = r.offset();
            let mut out = Vec::new();
            rop.write(&mut out).unwrap();
            prop_assert_eq!(&out[..], &b[..used]);
        }
    }
}

/// A CommentRestriction's RestrictionPresent is 0x00 or 0x01 (MS-OXCDATA 2.12.11): another
/// value is refused rather than read as "present" and written back as 0x01. The bytes are a
/// CommentRestriction with no tagged values, RestrictionPresent 0x0A and an empty
/// AndRestriction (16-bit count in ROP buffers).
#[test]
fn comment_restriction_present_flag_is_zero_or_one() {
    let bad = [0x0A, 0x00, 0x0A, 0x00, 0x00, 0x00];
    let e = Restriction::decode(&bad, Encoding::ROP).unwrap_err();
    assert!(
        matches!(
            e,
            oxwire_mapi_rop::rop::RopError::Invalid {
                what: "CommentRestriction.RestrictionPresent",
                offset: 2,
                ..
            }
        ),
        "{e:?}"
    );
    let good = [0x0A, 0x00, 0x01, 0x00, 0x00, 0x00];
    let (r, n) = Restriction::decode(&good, Encoding::ROP).unwrap();
    assert_eq!(n, good.len());
    assert_eq!(
        r,
        Restriction::Comment {
            values: vec![],
            restriction: Some(Box::new(Restriction::And(vec![]))),
        }
    );
}
