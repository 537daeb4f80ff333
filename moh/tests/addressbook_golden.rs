//! Address book bodies built octet by octet from the structure tables of MS-OXCMAPIHTTP
//! 2.2.5 (section 4 of the specification shows no address book body octets), with the
//! offset of every field noted. Each body must decode to the values written into it and
//! encode back to the same octets.

use std::borrow::Cow;

use oxwire_mapi_rop::prop::{PropTag, PropertyValue, Restriction, TaggedPropertyValue, WString};
use oxwire_moh::addressbook::*;
use oxwire_moh::{Error, Limits, RequestType};
use oxwire_nspi::moh::{AbRowValue, AbValue, AddressBookPropertyValue};
use oxwire_nspi::{FlatUid, Stat};

/// The STAT a client binds with in MS-OXNSPI's example: display-name order, the Global
/// Address List, beginning of table, code page 1252, locales 0x409.
fn default_stat() -> Stat {
    Stat {
        code_page: 1252,
        template_locale: 0x409,
        sort_locale: 0x409,
        ..Stat::default()
    }
}

fn stat_octets(s: &Stat) -> Vec<u8> {
    [
        s.sort_type,
        s.container_id,
        s.current_rec,
        s.delta as u32,
        s.num_pos,
        s.total_recs,
        s.code_page,
        s.template_locale,
        s.sort_locale,
    ]
    .iter()
    .flat_map(|v| v.to_le_bytes())
    .collect()
}

fn le(v: u32) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

fn utf16z(s: &str) -> Vec<u8> {
    let mut v: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    v.extend_from_slice(&[0, 0]);
    v
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Every proper prefix of a body fails, and an extra octet is reported as trailing.
fn hostile(body: &[u8], decode: impl Fn(&[u8]) -> Option<Error>) {
    for n in 0..body.len() {
        assert!(
            decode(&body[..n]).is_some(),
            "prefix of {n} octets accepted"
        );
    }
    let mut long = body.to_vec();
    long.push(0);
    assert!(matches!(
        decode(&long),
        Some(Error::TrailingBytes { count: 1, .. })
    ));
}

fn req_roundtrip(t: RequestType, body: &[u8]) -> AddressBookRequest<'_> {
    hostile(body, |b| decode_request(t, b, &Limits::default()).err());
    let r = decode_request(t, body, &Limits::default()).unwrap();
    assert_eq!(r.request_type(), t);
    assert_eq!(r.to_vec().unwrap(), body, "{t} request re-encodes");
    r
}

fn resp_roundtrip(t: RequestType, body: &[u8]) -> AddressBookResponse<'_> {
    hostile(body, |b| decode_response(t, b, &Limits::default()).err());
    let r = decode_response(t, body, &Limits::default()).unwrap();
    assert_eq!(r.to_vec().unwrap(), body, "{t} response re-encodes");
    r
}

#[test]
fn bind_request_and_response() {
    let mut b = Vec::new();
    b.extend(le(0)); // 0: Flags
    b.push(0xFF); // 4: HasState
    b.extend(stat_octets(&default_stat())); // 5..41: State
    b.extend(le(0)); // 41: AuxiliaryBufferSize
    assert_eq!(b.len(), 45);
    let AddressBookRequest::Bind(r) = req_roundtrip(RequestType::Bind, &b) else {
        panic!()
    };
    assert_eq!(r.flags, 0);
    assert_eq!(r.state, Some(default_stat()));
    assert!(r.auxiliary_buffer.bytes.is_empty());

    let guid: [u8; 16] = core::array::from_fn(|i| i as u8 + 1);
    let mut b = Vec::new();
    b.extend(le(0)); // 0: StatusCode
    b.extend(le(0)); // 4: ErrorCode (Success)
    b.extend(guid); // 8..24: ServerGuid
    b.extend(le(0)); // 24: AuxiliaryBufferSize
    let AddressBookResponse::Bind(r) = resp_roundtrip(RequestType::Bind, &b) else {
        panic!()
    };
    assert_eq!(r.error_code, 0);
    assert_eq!(r.server_guid, FlatUid(guid));
}

#[test]
fn failure_response_is_status_and_auxiliary_buffer_only() {
    // StatusCode 0x80004005 (a failure), AuxiliaryBufferSize 0: 2.2.2.2 leaves out the rest.
    let mut b = Vec::new();
    b.extend(le(0x8000_4005));
    b.extend(le(0));
    for t in [
        RequestType::Bind,
        RequestType::QueryRows,
        RequestType::GetMailboxUrl,
    ] {
        let r = resp_roundtrip(t, &b);
        assert_eq!(r.status_code(), 0x8000_4005);
        assert_eq!(r.error_code(), None);
        assert_eq!(r.request_type(), t);
        assert!(matches!(r, AddressBookResponse::Failure(_, _)));
    }
    // A failure built with StatusCode 0 cannot be written: the peer would read a full body.
    let bad = AddressBookResponse::Failure(
        RequestType::Bind,
        FailureResponse {
            status_code: 0,
            auxiliary_buffer: Default::default(),
        },
    );
    assert!(matches!(bad.to_vec(), Err(Error::Invalid { .. })));
}

#[test]
fn unbind_and_compare_mids() {
    let b = [le(0), le(0)].concat(); // Reserved, AuxiliaryBufferSize
    let AddressBookRequest::Unbind(r) = req_roundtrip(RequestType::Unbind, &b) else {
        panic!()
    };
    assert_eq!(r.reserved, 0);

    let mut b = Vec::new();
    b.extend(le(0)); // 0: Reserved
    b.push(0x00); // 4: HasState (no State follows)
    b.extend(le(0x11)); // 5: MinimalId1
    b.extend(le(0x22)); // 9: MinimalId2
    b.extend(le(0)); // 13: AuxiliaryBufferSize
    let AddressBookRequest::CompareMIds(r) = req_roundtrip(RequestType::CompareMIds, &b) else {
        panic!()
    };
    assert_eq!((r.state, r.min_id1, r.min_id2), (None, 0x11, 0x22));

    let b = [le(0), le(0), le(-1i32 as u32), le(0)].concat();
    // StatusCode, ErrorCode, Result -1, AuxiliaryBufferSize
    let AddressBookResponse::CompareMIds(r) = resp_roundtrip(RequestType::CompareMIds, &b) else {
        panic!()
    };
    assert_eq!(r.result, -1);
}

#[test]
fn dn_to_mid() {
    let mut b = Vec::new();
    b.extend(le(0)); // 0: Reserved
    b.push(0xFF); // 4: HasNames
    b.extend(le(2)); // 5: NameCount
    b.extend(b"/o=First\0"); // 9: NameValues[0]
    b.extend(b"/o=Second\0"); // 18: NameValues[1]
    b.extend(le(0)); // 28: AuxiliaryBufferSize
    let AddressBookRequest::DnToMId(r) = req_roundtrip(RequestType::DnToMId, &b) else {
        panic!()
    };
    let names = r.names.unwrap();
    assert_eq!(names[0].0.as_ref(), b"/o=First");
    assert_eq!(names[1].0.as_ref(), b"/o=Second");

    let mut b = Vec::new();
    b.extend(le(0)); // StatusCode
    b.extend(le(0)); // ErrorCode
    b.push(0xFF); // HasMinimalIds
    b.extend(le(2)); // MinimalIdCount
    b.extend(le(0x1000)); // MinimalIds[0]
    b.extend(le(0)); // MinimalIds[1]: unknown name
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookResponse::DnToMId(r) = resp_roundtrip(RequestType::DnToMId, &b) else {
        panic!()
    };
    assert_eq!(r.min_ids, Some(vec![0x1000, 0]));
}

#[test]
fn get_matches_with_a_filter() {
    let mut b = Vec::new();
    b.extend(le(0)); // 0: Reserved
    b.push(0xFF); // 4: HasState
    b.extend(stat_octets(&default_stat())); // 5: State
    b.push(0x00); // 41: HasMinimalIds
    b.extend(le(0)); // 42: InterfaceOptionFlags
    b.push(0xFF); // 46: HasFilter
                  // 47: Filter, an AndRestriction (MS-OXCDATA 2.12.1) with a 32-bit RestrictCount
    b.push(0x00); // RestrictType And
    b.extend(le(2)); // RestrictCount
    b.push(0x08); // ExistRestriction
    b.extend(le(0x3001_001F)); // PropTag PidTagDisplayName (PtypString)
    b.push(0x04); // PropertyRestriction
    b.push(0x04); // RelOp RELOP_EQ
    b.extend(le(0x3001_001F)); // PropTag
    b.extend(le(0x3001_001F)); // TaggedValue.PropertyTag
    b.extend(utf16z("Al")); // TaggedValue.PropertyValue
    b.push(0x00); // HasPropertyName
    b.extend(le(50)); // RowCount
    b.push(0xFF); // HasColumns
    b.extend(le(1)); // Columns count
    b.extend(le(0x3001_001F)); // Columns[0]
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookRequest::GetMatches(r) = req_roundtrip(RequestType::GetMatches, &b) else {
        panic!()
    };
    assert_eq!(r.row_count, 50);
    assert_eq!(r.columns, Some(vec![0x3001_001F]));
    let name = PropTag(0x3001_001F);
    assert_eq!(
        r.filter,
        Some(Restriction::And(vec![
            Restriction::Exist { tag: name },
            Restriction::Property {
                rel_op: 4,
                tag: name,
                value: TaggedPropertyValue {
                    tag: name,
                    value: PropertyValue::String(WString("Al".encode_utf16().collect())),
                },
            },
        ]))
    );

    // Named property variant: PropertyNameGuid + PropertyNameId.
    let guid: [u8; 16] = core::array::from_fn(|i| 0xA0 + i as u8);
    let mut b = Vec::new();
    b.extend(le(0)); // Reserved
    b.push(0x00); // HasState
    b.push(0xFF); // HasMinimalIds
    b.extend(le(1)); // MinimalIdCount
    b.extend(le(0x77)); // MinimalIds[0]
    b.extend(le(0)); // InterfaceOptionFlags
    b.push(0x00); // HasFilter
    b.push(0xFF); // HasPropertyName
    b.extend(guid); // PropertyNameGuid
    b.extend(le(0x8005)); // PropertyNameId
    b.extend(le(10)); // RowCount
    b.push(0x00); // HasColumns
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookRequest::GetMatches(r) = req_roundtrip(RequestType::GetMatches, &b) else {
        panic!()
    };
    assert_eq!(r.min_ids, Some(vec![0x77]));
    assert_eq!(
        r.property_name,
        Some(PropertyNameRef {
            guid: FlatUid(guid),
            id: 0x8005
        })
    );
}

/// A response row set: Columns (PidTagDisplayName PtypString, PidTagDisplayType
/// PtypInteger32), RowCount 2, one plain row and one flagged row.
fn row_set_octets() -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(le(2)); // Columns count
    b.extend(le(0x3001_001F)); // PidTagDisplayName
    b.extend(le(0x3900_0003)); // PidTagDisplayType
    b.extend(le(2)); // RowCount
    b.push(0x00); // row 0 Flags: AddressBookPropertyValue per column
    b.push(0xFF); // HasValue
    b.extend(utf16z("Ann")); // PtypString
    b.extend(le(0)); // PtypInteger32 DT_MAILUSER
    b.push(0x01); // row 1 Flags: AddressBookFlaggedPropertyValue per column
    b.push(0x01); // Flag 1: no value
    b.push(0x0A); // Flag 0xA: PtypErrorCode value follows
    b.extend(le(0x8004_010F)); // MAPI_E_NOT_FOUND
    b
}

fn check_row_set(rows: &RowSet<'_>) {
    assert_eq!(rows.columns, vec![0x3001_001F, 0x3900_0003]);
    assert_eq!(rows.rows.len(), 2);
    assert_eq!(
        rows.rows[0].values[0],
        AbRowValue::Plain(AddressBookPropertyValue {
            has_value: Some(0xFF),
            value: Some(AbValue::Unicode(Cow::Owned(utf16("Ann")))),
        })
    );
    assert_eq!(
        rows.rows[1].values[1],
        AbRowValue::Flagged(
            0x0A,
            Some(AddressBookPropertyValue {
                has_value: None,
                value: Some(AbValue::Error(0x8004_010F)),
            })
        )
    );
}

#[test]
fn query_rows_and_its_row_set() {
    let mut b = Vec::new();
    b.extend(le(0)); // 0: Flags
    b.push(0xFF); // 4: HasState
    b.extend(stat_octets(&default_stat())); // 5: State
    b.extend(le(0)); // 41: ExplicitTableCount (no HasExplicitTable octet here)
    b.extend(le(20)); // 45: RowCount
    b.push(0xFF); // 49: HasColumns
    b.extend(le(2)); // 50: Columns count
    b.extend(le(0x3001_001F));
    b.extend(le(0x3900_0003));
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookRequest::QueryRows(r) = req_roundtrip(RequestType::QueryRows, &b) else {
        panic!()
    };
    assert!(r.explicit_table.is_empty());
    assert_eq!(r.row_count, 20);

    let mut stat = default_stat();
    stat.current_rec = 0x2;
    stat.num_pos = 2;
    stat.total_recs = 2;
    let mut b = Vec::new();
    b.extend(le(0)); // StatusCode
    b.extend(le(0)); // ErrorCode
    b.push(0xFF); // HasState
    b.extend(stat_octets(&stat)); // State
    b.push(0xFF); // HasColsAndRows
    b.extend(row_set_octets());
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookResponse::QueryRows(r) = resp_roundtrip(RequestType::QueryRows, &b) else {
        panic!()
    };
    assert_eq!(r.state, Some(stat));
    check_row_set(r.rows.as_ref().unwrap());
}

#[test]
fn get_matches_resolve_names_and_seek_entries_responses() {
    let mut b = Vec::new();
    b.extend(le(0)); // StatusCode
    b.extend(le(0)); // ErrorCode
    b.push(0x00); // HasState
    b.push(0xFF); // HasMinimalIds
    b.extend(le(2)); // MinimalIdCount
    b.extend(le(0x10));
    b.extend(le(0x11));
    b.push(0xFF); // HasColsAndRows
    b.extend(row_set_octets());
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookResponse::GetMatches(r) = resp_roundtrip(RequestType::GetMatches, &b) else {
        panic!()
    };
    assert_eq!(r.min_ids, Some(vec![0x10, 0x11]));
    check_row_set(r.rows.as_ref().unwrap());

    let mut b = Vec::new();
    b.extend(le(0)); // StatusCode
    b.extend(le(0)); // ErrorCode
    b.extend(le(1200)); // CodePage (only the ResolveNames response has it here)
    b.push(0xFF); // HasMinimalIds
    b.extend(le(1)); // MinimalIdCount
    b.extend(le(0x10)); // MinimalIds[0]
    b.push(0xFF); // HasRowsAndCols
    b.extend(row_set_octets());
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookResponse::ResolveNames(r) = resp_roundtrip(RequestType::ResolveNames, &b) else {
        panic!()
    };
    assert_eq!(r.code_page, 1200);
    check_row_set(r.rows.as_ref().unwrap());

    let mut b = Vec::new();
    b.extend(le(0)); // StatusCode
    b.extend(le(0)); // ErrorCode
    b.push(0xFF); // HasState
    b.extend(stat_octets(&default_stat()));
    b.push(0x00); // HasColsAndRows
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookResponse::SeekEntries(r) = resp_roundtrip(RequestType::SeekEntries, &b) else {
        panic!()
    };
    assert_eq!(r.rows, None);
}

#[test]
fn property_value_lists() {
    // GetProps response: CodePage, HasPropertyValues, an AddressBookPropertyValueList.
    let mut b = Vec::new();
    b.extend(le(0)); // 0: StatusCode
    b.extend(le(0)); // 4: ErrorCode
    b.extend(le(1252)); // 8: CodePage
    b.push(0xFF); // 12: HasPropertyValues
    b.extend(le(3)); // 13: PropertyValueCount
    b.extend([0x1E, 0x00, 0x01, 0x30]); // PropertyType PtypString8, PropertyId 0x3001
    b.push(0xFF); // HasValue
    b.extend(b"Ann\0");
    b.extend([0x03, 0x00, 0x00, 0x39]); // PtypInteger32, PidTagDisplayType
    b.extend(le(6)); // DT_REMOTE_MAILUSER
    b.extend([0x02, 0x01, 0xFF, 0x0F]); // PtypBinary, PidTagEntryId
    b.push(0x00); // HasValue 0: no value
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookResponse::GetProps(r) = resp_roundtrip(RequestType::GetProps, &b) else {
        panic!()
    };
    let v = r.values.unwrap();
    assert_eq!(v.len(), 3);
    assert_eq!(v[0].prop_tag, 0x3001_001E);
    assert_eq!(
        v[0].value.value,
        Some(AbValue::String8(Cow::Owned(b"Ann".to_vec())))
    );
    assert_eq!(v[1].value.value, Some(AbValue::I32(6)));
    assert_eq!(v[2].value.has_value, Some(0));
    assert_eq!(v[2].value.value, None);

    // GetSpecialTable response: Version present, two rows of one value each.
    let mut b = Vec::new();
    b.extend(le(0)); // StatusCode
    b.extend(le(0)); // ErrorCode
    b.extend(le(1252)); // CodePage
    b.push(0xFF); // HasVersion
    b.extend(le(7)); // Version
    b.push(0xFF); // HasRows
    b.extend(le(2)); // RowsCount
    for id in [1u32, 2] {
        b.extend(le(1)); // PropertyValueCount
        b.extend(le(0x3A06_0003)); // a PtypInteger32 tag
        b.extend(le(id));
    }
    b.extend(le(0)); // AuxiliaryBufferSize
    let AddressBookResponse::GetSpecialTable(r) = resp_roundtrip(RequestType::GetSpecialTable, &b)
    else {
        panic!()
    };
    assert_eq!(r.version, Some(7));
    assert_eq!(r.rows.unwrap().len(), 2);
}

#[test]
fn requests_with_strings_entry_ids_and_targets() {
    // GetTemplateInfo: Flags, DisplayType, HasTemplateDn, TemplateDn, CodePage, LocaleId.
    let mut b = Vec::new();
    b.extend(le(0x1)); // TI_TEMPLATE
    b.extend(le(0)); // DT_MAILUSER
    b.push(0xFF);
    b.extend(b"/o=T\0");
    b.extend(le(1252));
    b.extend(le(0x409));
    b.extend(le(0));
    let AddressBookRequest::GetTemplateInfo(r) = req_roundtrip(RequestType::GetTemplateInfo, &b)
    else {
        panic!()
    };
    assert_eq!(r.template_dn.unwrap().0.as_ref(), b"/o=T");
    assert_eq!(r.locale_id, 0x409);

    // ModLinkAtt: Flags, PropertyTag, MinimalId, HasEntryIds, EntryIdCount, EntryIds.
    let mut b = Vec::new();
    b.extend(le(0)); // add
    b.extend(le(0x8009_101E)); // PidTagAddressBookMember
    b.extend(le(0x42));
    b.push(0xFF);
    b.extend(le(1));
    b.extend(le(4)); // entry ID size
    b.extend([0x87, 0, 0, 0]); // first octets of an ephemeral entry ID
    b.extend(le(0));
    let AddressBookRequest::ModLinkAtt(r) = req_roundtrip(RequestType::ModLinkAtt, &b) else {
        panic!()
    };
    assert_eq!(r.entry_ids.unwrap()[0].0.as_ref(), [0x87, 0, 0, 0]);

    // ResolveNames: names as a WStringArray_r.
    let mut b = Vec::new();
    b.extend(le(0)); // Reserved
    b.push(0x00); // HasState
    b.push(0x00); // HasPropertyTags
    b.push(0xFF); // HasNames
    b.extend(le(1)); // count
    b.extend(utf16z("ann"));
    b.extend(le(0));
    let AddressBookRequest::ResolveNames(r) = req_roundtrip(RequestType::ResolveNames, &b) else {
        panic!()
    };
    assert_eq!(r.names.unwrap()[0].to_string_lossy(), "ann");

    // SeekEntries: Target is an AddressBookTaggedPropertyValue.
    let mut b = Vec::new();
    b.extend(le(0)); // Reserved
    b.push(0xFF); // HasState
    b.extend(stat_octets(&default_stat()));
    b.push(0xFF); // HasTarget
    b.extend([0x1F, 0x00, 0x01, 0x30]); // PtypString, PidTagDisplayName
    b.push(0xFF); // HasValue
    b.extend(utf16z("B"));
    b.push(0x00); // HasExplicitTable
    b.push(0xFF); // HasColumns
    b.extend(le(1));
    b.extend(le(0x3001_001F));
    b.extend(le(0));
    let AddressBookRequest::SeekEntries(r) = req_roundtrip(RequestType::SeekEntries, &b) else {
        panic!()
    };
    assert_eq!(r.target.unwrap().prop_tag, 0x3001_001F);

    // ModProps: PropertyTagsToRemove absent, one value to set.
    let mut b = Vec::new();
    b.extend(le(0)); // Reserved
    b.push(0x00); // HasState
    b.push(0x00); // HasPropertyTags
    b.push(0xFF); // HasPropertyValues
    b.extend(le(1));
    b.extend([0x03, 0x00, 0x00, 0x39]);
    b.extend(le(0));
    b.extend(le(0));
    let AddressBookRequest::ModProps(r) = req_roundtrip(RequestType::ModProps, &b) else {
        panic!()
    };
    assert_eq!(r.values.unwrap().len(), 1);
}

#[test]
fn small_bodies() {
    // GetPropList: Flags, MinimalId, CodePage.
    let b = [le(1), le(0x42), le(1252), le(0)].concat();
    let AddressBookRequest::GetPropList(r) = req_roundtrip(RequestType::GetPropList, &b) else {
        panic!()
    };
    assert_eq!((r.flags, r.min_id, r.code_page), (1, 0x42, 1252));
    // GetPropList response with two tags.
    let b = [
        le(0),
        le(0),
        vec![0xFF],
        le(2),
        le(0x3001_001F),
        le(0x0FFF_0102),
        le(0),
    ]
    .concat();
    let AddressBookResponse::GetPropList(r) = resp_roundtrip(RequestType::GetPropList, &b) else {
        panic!()
    };
    assert_eq!(r.prop_tags, Some(vec![0x3001_001F, 0x0FFF_0102]));
    // QueryColumns: Reserved, MapiFlags NspiUnicodeProptypes.
    let b = [le(0), le(0x8000_0000), le(0)].concat();
    let AddressBookRequest::QueryColumns(r) = req_roundtrip(RequestType::QueryColumns, &b) else {
        panic!()
    };
    assert_eq!(r.mapi_flags, 0x8000_0000);
    // GetSpecialTable request: HasState 0, HasVersion 0xFF, Version.
    let b = [le(0x4), vec![0x00, 0xFF], le(3), le(0)].concat();
    let AddressBookRequest::GetSpecialTable(r) = req_roundtrip(RequestType::GetSpecialTable, &b)
    else {
        panic!()
    };
    assert_eq!(r.version, Some(3));
    // ResortRestriction response.
    let b = [le(0), le(0), vec![0x00, 0xFF], le(1), le(9), le(0)].concat();
    let AddressBookResponse::ResortRestriction(r) =
        resp_roundtrip(RequestType::ResortRestriction, &b)
    else {
        panic!()
    };
    assert_eq!(r.min_ids, Some(vec![9]));
    // UpdateStat request and response (Delta -1).
    let b = [le(0), vec![0x00, 0xFF], le(0)].concat();
    let AddressBookRequest::UpdateStat(r) = req_roundtrip(RequestType::UpdateStat, &b) else {
        panic!()
    };
    assert!(r.delta_requested);
    let b = [
        le(0),
        le(0),
        vec![0x00, 0xFF],
        (-1i32).to_le_bytes().to_vec(),
        le(0),
    ]
    .concat();
    let AddressBookResponse::UpdateStat(r) = resp_roundtrip(RequestType::UpdateStat, &b) else {
        panic!()
    };
    assert_eq!(r.delta, Some(-1));
    // ModLinkAtt, ModProps and Unbind responses: ErrorCode only.
    let b = [le(0), le(0x8004_0102), le(0)].concat();
    for t in [
        RequestType::ModLinkAtt,
        RequestType::ModProps,
        RequestType::Unbind,
    ] {
        assert_eq!(resp_roundtrip(t, &b).error_code(), Some(0x8004_0102));
    }
}

#[test]
fn url_requests() {
    let dn = "/o=Org/cn=Servers/cn=EX1";
    let b = [le(0), utf16z(dn), le(0).to_vec()].concat();
    let AddressBookRequest::GetMailboxUrl(r) = req_roundtrip(RequestType::GetMailboxUrl, &b) else {
        panic!()
    };
    assert_eq!(r.server_dn.to_string_lossy(), dn);
    let AddressBookRequest::GetAddressBookUrl(r) =
        req_roundtrip(RequestType::GetAddressBookUrl, &b)
    else {
        panic!()
    };
    assert_eq!(r.user_dn.to_string_lossy(), dn);
    let url = "https://mail.example.com/mapi/emsmdb/?MailboxId=x@example.com";
    let b = [le(0), le(0), utf16z(url), le(0).to_vec()].concat();
    let AddressBookResponse::GetMailboxUrl(r) = resp_roundtrip(RequestType::GetMailboxUrl, &b)
    else {
        panic!()
    };
    assert_eq!(r.server_url.to_string_lossy(), url);
    let AddressBookResponse::GetAddressBookUrl(r) =
        resp_roundtrip(RequestType::GetAddressBookUrl, &b)
    else {
        panic!()
    };
    assert_eq!(r.server_url, UnicodeString::from_text(url));
}

#[test]
fn mailbox_request_types_are_refused() {
    for t in [
        RequestType::Execute,
        RequestType::Connect,
        RequestType::Ping,
    ] {
        assert!(matches!(
            decode_request(t, &[0; 8], &Limits::default()),
            Err(Error::Header { .. })
        ));
        assert!(matches!(
            decode_response(t, &[0; 8], &Limits::default()),
            Err(Error::Header { .. })
        ));
    }
}

#[test]
fn presence_octets_other_than_0_and_ff_are_refused() {
    let mut b = vec![0, 0, 0, 0, 0x01]; // Flags, HasState 0x01
    b.extend(stat_octets(&default_stat()));
    b.extend(le(0));
    assert_eq!(
        decode_request(RequestType::Bind, &b, &Limits::default()),
        Err(Error::Invalid {
            what: "Bind request.HasState",
            offset: 4,
            value: 1
        })
    );
    // DeltaRequested is a Boolean octet held to the same two values.
    let b = [le(0), vec![0x00, 0x02], le(0)].concat();
    assert!(matches!(
        decode_request(RequestType::UpdateStat, &b, &Limits::default()),
        Err(Error::Invalid {
            what: "UpdateStat request.DeltaRequested",
            offset: 5,
            ..
        })
    ));
}

#[test]
fn counts_beyond_the_body_fail_before_allocating() {
    // DNToMId with NameCount 0xFFFFFFFF and nothing after it.
    let b = [le(0), vec![0xFF], le(u32::MAX), le(0)].concat();
    assert!(matches!(
        decode_request(RequestType::DnToMId, &b, &Limits::default()),
        Err(Error::Truncated { offset: 5, .. })
    ));
    // QueryRows request with an ExplicitTableCount above the octets left.
    let b = [le(0), vec![0x00], le(1 << 30), le(0), vec![0], le(0)].concat();
    assert!(matches!(
        decode_request(RequestType::QueryRows, &b, &Limits::default()),
        Err(Error::Truncated { offset: 5, .. })
    ));
}

#[test]
fn row_sets_of_empty_cells_are_bounded() {
    // 2048 PtypNull columns take no octets per value, so 1024 one-octet rows would be
    // two million cells from a 12 KiB body.
    let mut b = [le(0), le(0), vec![0x00, 0xFF], le(2048)].concat();
    for _ in 0..2048 {
        b.extend(le(0x0001_0001));
    }
    b.extend(le(1024));
    b.extend(std::iter::repeat_n(0u8, 1024));
    b.extend(le(0));
    assert!(matches!(
        decode_response(RequestType::QueryRows, &b, &Limits::default()),
        Err(Error::LimitExceeded {
            what: "QueryRows response.RowData",
            value: 2_097_152,
            ..
        })
    ));
}

#[test]
fn oversized_bodies_and_auxiliary_buffers_are_refused() {
    let limits = Limits::default();
    let big = vec![0u8; limits.max_body + 1];
    assert!(matches!(
        decode_request(RequestType::Unbind, &big, &limits),
        Err(Error::LimitExceeded { .. })
    ));
    let b = [le(0), le(0x10_0000)].concat();
    assert!(matches!(
        decode_request(RequestType::Unbind, &b, &limits),
        Err(Error::LimitExceeded {
            what: "AuxiliaryBufferSize",
            offset: 4,
            ..
        })
    ));
}
