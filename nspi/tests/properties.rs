//! Round trips of NSPI types built from random values, and hostile stubs.

use oxwire_msrpc::ndr::{ConformantArray, ContextHandle, NdrSyntax, Unique};
use oxwire_nspi::calls::*;
use oxwire_nspi::moh::{
    AbRowValue, AbValue, AddressBookPropertyRow, AddressBookPropertyValue, LeReader,
};
use oxwire_nspi::*;
use proptest::prelude::*;

fn ansi() -> impl Strategy<Value = AnsiStr<'static>> {
    "[a-zA-Z0-9 /=@.]{0,12}".prop_map(|s| AnsiStr::new(s.as_bytes()))
}

fn wide() -> impl Strategy<Value = Utf16Str<'static>> {
    "\\PC{0,8}".prop_map(|s| Utf16Str::new(&s))
}

fn uid() -> impl Strategy<Value = FlatUid> {
    any::<[u8; 16]>().prop_map(FlatUid)
}

fn ft() -> impl Strategy<Value = FileTime> {
    any::<u64>().prop_map(FileTime::from_value)
}

fn bytes() -> impl Strategy<Value = &'static [u8]> {
    prop::collection::vec(any::<u8>(), 0..24).prop_map(|v| &*Box::leak(v.into_boxed_slice()))
}

fn value() -> impl Strategy<Value = PropValue<'static>> {
    prop_oneof![
        any::<i16>().prop_map(PropValue::I16),
        any::<i32>().prop_map(PropValue::I32),
        (0u16..2).prop_map(PropValue::Bool),
        prop::option::of(ansi()).prop_map(|s| PropValue::String8(Unique::new(s))),
        bytes().prop_map(|b| PropValue::Binary(Binary::new(b))),
        prop::option::of(wide()).prop_map(|s| PropValue::Unicode(Unique::new(s))),
        prop::option::of(uid()).prop_map(|g| PropValue::Guid(Unique::new(g))),
        ft().prop_map(PropValue::Time),
        any::<i32>().prop_map(PropValue::Error),
        prop::collection::vec(any::<i16>(), 0..5).prop_map(|v| PropValue::MvI16(MvArray::new(v))),
        prop::collection::vec(any::<i32>(), 0..5).prop_map(|v| PropValue::MvI32(MvArray::new(v))),
        prop::collection::vec(ansi().prop_map(Unique::some), 0..4)
            .prop_map(|v| PropValue::MvString8(MvArray::new(v))),
        prop::collection::vec(bytes().prop_map(Binary::new), 0..4)
            .prop_map(|v| PropValue::MvBinary(MvArray::new(v))),
        prop::collection::vec(uid().prop_map(Unique::some), 0..4)
            .prop_map(|v| PropValue::MvGuid(MvArray::new(v))),
        prop::collection::vec(wide().prop_map(Unique::some), 0..4)
            .prop_map(|v| PropValue::MvUnicode(MvArray::new(v))),
        prop::collection::vec(ft(), 0..4).prop_map(|v| PropValue::MvTime(MvArray::new(v))),
        (prop_oneof![Just(1u32), Just(0xD)], any::<i32>()).prop_map(|(discriminant, value)| {
            PropValue::Reserved {
                discriminant,
                value,
            }
        }),
    ]
}

fn prop_value() -> impl Strategy<Value = PropertyValue<'static>> {
    (any::<u16>(), value()).prop_map(|(id, v)| {
        let tag = (u32::from(id) << 16) | v.discriminant();
        PropertyValue::new(tag, v)
    })
}

fn restriction() -> impl Strategy<Value = Restriction<'static>> {
    let leaf = prop_oneof![
        (any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(a, b, c)| RestrictionKind::Size {
            relop: a,
            prop_tag: b,
            cb: c
        }),
        (any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(a, b, c)| {
            RestrictionKind::BitMask {
                rel_bmr: a,
                prop_tag: b,
                mask: c,
            }
        }),
        (any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(a, b, c)| {
            RestrictionKind::CompareProps {
                relop: a,
                prop_tag1: b,
                prop_tag2: c,
            }
        }),
        (any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(a, b, c)| {
            RestrictionKind::Exist {
                reserved1: a,
                prop_tag: b,
                reserved2: c,
            }
        }),
        (any::<u32>(), prop_value()).prop_map(|(f, p)| RestrictionKind::Content {
            fuzzy_level: f,
            prop_tag: p.prop_tag,
            prop: Unique::some(Box::new(p)),
        }),
        (any::<u32>(), prop::option::of(prop_value())).prop_map(|(r, p)| {
            RestrictionKind::Property {
                relop: r,
                prop_tag: p.as_ref().map_or(0, |p| p.prop_tag),
                prop: Unique::new(p.map(Box::new)),
            }
        }),
    ]
    .prop_map(Restriction::new);
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| Restriction::new(RestrictionKind::And(AndOr::new(v)))),
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| Restriction::new(RestrictionKind::Or(AndOr::new(v)))),
            inner
                .clone()
                .prop_map(|r| Restriction::new(RestrictionKind::Not(Unique::some(Box::new(r))))),
            (any::<u32>(), inner).prop_map(|(s, r)| Restriction::new(RestrictionKind::Sub {
                sub_object: s,
                res: Unique::some(Box::new(r)),
            })),
        ]
    })
}

fn handle() -> ContextHandle {
    ContextHandle::default()
}

fn roundtrip_request(req: &Request<'_>, syntax: NdrSyntax) {
    let bytes = req.encode(syntax, true).unwrap();
    let back = Request::decode(req.opnum(), &bytes, syntax, true).unwrap();
    assert_eq!(&back, req);
    assert_eq!(back.encode(syntax, true).unwrap(), bytes);
}

fn roundtrip_response(resp: &Response<'_>, opnum: u16, syntax: NdrSyntax) {
    let bytes = resp.encode(syntax, true).unwrap();
    let back = Response::decode(opnum, &bytes, syntax, true).unwrap();
    assert_eq!(&back, resp);
    assert_eq!(back.encode(syntax, true).unwrap(), bytes);
}

proptest! {
    #[test]
    fn query_rows_response_round_trips(
        rows in prop::collection::vec(prop::collection::vec(prop_value(), 0..6), 0..5),
        stat in any::<[u32; 9]>(),
        ndr64 in any::<bool>(),
    ) {
        let stat = Stat {
            sort_type: stat[0], container_id: stat[1], current_rec: stat[2],
            delta: stat[3] as i32, num_pos: stat[4], total_recs: stat[5], code_page: stat[6],
            template_locale: stat[7], sort_locale: stat[8],
        };
        let resp = Response::QueryRows(StatRowsResponse {
            stat,
            rows: Unique::some(PropertyRowSet::new(rows.into_iter().map(PropertyRow::new).collect())),
            result: 0,
        });
        roundtrip_response(&resp, 3, if ndr64 { NdrSyntax::Ndr64 } else { NdrSyntax::Ndr20 });
    }

    #[test]
    fn get_matches_with_any_restriction_round_trips(
        filter in prop::option::of(restriction()),
        tags in prop::collection::vec(any::<u32>(), 0..8),
        name in prop::option::of((prop::option::of(uid()), any::<i32>())),
        ndr64 in any::<bool>(),
    ) {
        let req = Request::GetMatches(GetMatchesRequest {
            handle: handle(),
            reserved1: 0,
            stat: Stat::default(),
            reserved_mids: Unique::null(),
            reserved2: 0,
            filter: Unique::new(filter),
            prop_name: Unique::new(name.map(|(g, id)| PropertyName { guid: Unique::new(g), reserved: 0, id })),
            requested: 10,
            prop_tags: Unique::some(PropTagArray::new(tags)),
        });
        roundtrip_request(&req, if ndr64 { NdrSyntax::Ndr64 } else { NdrSyntax::Ndr20 });
    }

    #[test]
    fn string_requests_round_trip(
        a in prop::collection::vec(prop::option::of(ansi()), 0..5),
        w in prop::collection::vec(prop::option::of(wide()), 0..5),
        names in prop::collection::vec(prop::option::of((prop::option::of(uid()), any::<i32>())), 0..5),
    ) {
        roundtrip_request(&Request::ResolveNames(ResolveNamesRequest {
            handle: handle(), reserved: 0, stat: Stat::default(), prop_tags: Unique::null(),
            strs: StringsArray::new(a.into_iter().map(Unique::new).collect()),
        }), NdrSyntax::Ndr20);
        roundtrip_request(&Request::ResolveNamesW(ResolveNamesWRequest {
            handle: handle(), reserved: 0, stat: Stat::default(), prop_tags: Unique::null(),
            strs: WStringsArray::new(w.into_iter().map(Unique::new).collect()),
        }), NdrSyntax::Ndr20);
        let n = names.len() as u32;
        roundtrip_request(&Request::GetIdsFromNames(GetIdsFromNamesRequest {
            handle: handle(), reserved: 0, flags: 2, c_prop_names: n,
            names: ConformantArray(names.into_iter().map(|o| Unique::new(o.map(|(g, id)| PropertyName {
                guid: Unique::new(g), reserved: 0, id }))).collect()),
        }), NdrSyntax::Ndr20);
    }

    #[test]
    fn address_book_rows_round_trip(values in prop::collection::vec(prop_value(), 0..8), flagged in any::<bool>()) {
        // The MAPI over HTTP form of the same values: row of AddressBookPropertyValue or
        // AddressBookFlaggedPropertyValue over the columns the values name.
        let cols: Vec<u32> = values.iter().filter(|v| AbValue::from_ndr(&v.value).is_some()).map(|v| v.prop_tag).collect();
        let row = AddressBookPropertyRow {
            flags: flagged as u8,
            values: values.iter().filter_map(|v| {
                let ab = AbValue::from_ndr(&v.value)?;
                let pv = AddressBookPropertyValue::new(v.prop_tag as u16, ab);
                Some(if flagged { AbRowValue::Flagged(0, Some(pv)) } else { AbRowValue::Plain(pv) })
            }).collect(),
        };
        let mut out = Vec::new();
        row.write(&mut out).unwrap();
        let mut r = LeReader::new(&out);
        let back = AddressBookPropertyRow::read(&mut r, &cols).unwrap();
        prop_assert_eq!(r.remaining(), 0);
        prop_assert_eq!(back, row);
    }

    #[test]
    fn any_bytes_never_panic(opnum in 0u16..22, data in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = Request::decode(opnum, &data, NdrSyntax::Ndr20, true);
        let _ = Response::decode(opnum, &data, NdrSyntax::Ndr20, true);
        let _ = Response::decode(opnum, &data, NdrSyntax::Ndr64, false);
        let _ = rfr::Response::decode(opnum % 2, &data, NdrSyntax::Ndr20, true);
    }
}

/// A QueryRows response with one row of one value, as NDR20.
fn small_rows() -> Vec<u8> {
    Response::QueryRows(StatRowsResponse {
        stat: Stat::default(),
        rows: Unique::some(PropertyRowSet::new(vec![PropertyRow::new(vec![
            PropertyValue::new(
                0x3001_001f,
                PropValue::Unicode(Unique::some(Utf16Str::new("x"))),
            ),
        ])])),
        result: 0,
    })
    .encode(NdrSyntax::Ndr20, true)
    .unwrap()
}

#[test]
fn every_truncation_is_an_error() {
    let stub = small_rows();
    for cut in 0..stub.len() {
        assert!(
            Response::decode(3, &stub[..cut], NdrSyntax::Ndr20, true).is_err(),
            "cut {cut}"
        );
    }
    assert!(Response::decode(3, &stub, NdrSyntax::Ndr20, true).is_ok());
}

#[test]
fn huge_conformance_counts_are_refused_before_allocating() {
    let mut stub = small_rows();
    // Offsets: STAT 36, ppRows referent id 4, then the row set's conformance.
    stub[40..44].copy_from_slice(&u32::MAX.to_le_bytes());
    let e = Response::decode(3, &stub, NdrSyntax::Ndr20, true).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Ndr {
                call: "NspiQueryRows",
                ..
            }
        ),
        "{e}"
    );

    // A PropertyTagArray_r claiming 2^31 tags in a 40-octet stub.
    let mut t = Vec::new();
    t.extend_from_slice(&1u32.to_le_bytes()); // referent id
    t.extend_from_slice(&0x8000_0001u32.to_le_bytes()); // max_count
    t.extend_from_slice(&0x8000_0000u32.to_le_bytes()); // cValues
    t.extend_from_slice(&0u32.to_le_bytes()); // offset
    t.extend_from_slice(&0x8000_0000u32.to_le_bytes()); // actual_count
    t.extend_from_slice(&0u32.to_le_bytes()); // return value
    assert!(Response::decode(16, &t, NdrSyntax::Ndr20, true).is_err());
}

#[test]
fn pointers_past_the_end_are_errors() {
    // NspiGetProps response whose row claims 3 values but the stub ends after the row header.
    let mut t = Vec::new();
    t.extend_from_slice(&0x0002_0000u32.to_le_bytes()); // ppRows referent
    t.extend_from_slice(&0u32.to_le_bytes()); // Reserved
    t.extend_from_slice(&3u32.to_le_bytes()); // cValues
    t.extend_from_slice(&0x0002_0004u32.to_le_bytes()); // lpProps referent
    t.extend_from_slice(&3u32.to_le_bytes()); // conformance, then nothing
    assert!(Response::decode(9, &t, NdrSyntax::Ndr20, true).is_err());
}

#[test]
fn deep_restriction_nesting_is_bounded() {
    // Not(Not(Not(...))) 10000 deep: each level is rt, discriminant, referent id.
    let mut r = Vec::new();
    for _ in 0..10_000 {
        r.extend_from_slice(&2u32.to_le_bytes());
        r.extend_from_slice(&2u32.to_le_bytes());
        r.extend_from_slice(&0x0002_0000u32.to_le_bytes());
    }
    let mut stub = vec![0u8; 20 + 4 + 36 + 4 + 4]; // handle, Reserved1, STAT, pReserved, Reserved2
    stub.extend_from_slice(&0x0002_0000u32.to_le_bytes()); // Filter referent
    stub.extend_from_slice(&r);
    let e = Request::decode(5, &stub, NdrSyntax::Ndr20, true).unwrap_err();
    assert!(e.to_string().contains("limit"), "{e}");
}

#[test]
fn opnum_15_is_reported_as_not_used_on_the_wire() {
    assert_eq!(
        Request::decode(15, &[], NdrSyntax::Ndr20, true).unwrap_err(),
        Error::NotUsedOnWire {
            opnum: 15,
            name: "Opnum15NotUsedOnWire"
        }
    );
    assert_eq!(opnum_name(15), Some("Opnum15NotUsedOnWire"));
    assert!(matches!(
        Response::decode(21, &[], NdrSyntax::Ndr20, true),
        Err(Error::UnknownOpnum { .. })
    ));
}
