//! Golden vectors from specification examples, RopSession behaviour, and hostile input.

mod common;

use common::unhex;
use oxwire_mapi_rop::prop::{PropTag, PropertyValue};
use oxwire_mapi_rop::rop::{
    LogonKinds, ResponseContext, RopError, RopRequest, RopRequestBuffer, RopResponse,
    RopResponseBuffer,
};
use oxwire_mapi_rop::session::RopSession;

fn wrap(rops: &[u8], handles: &[u32]) -> Vec<u8> {
    let mut b = ((rops.len() + 2) as u16).to_le_bytes().to_vec();
    b.extend_from_slice(rops);
    for h in handles {
        b.extend(h.to_le_bytes());
    }
    b
}

/// MS-OXCTABL 4.5.3.1: RopQueryRows request, 50 rows forward.
#[test]
fn oxctabl_query_rows_request() {
    let rops = unhex("15000000013200");
    let buf = wrap(&rops, &[1]);
    let b = RopRequestBuffer::decode(&buf, &LogonKinds::default()).unwrap();
    let RopRequest::QueryRows(q) = &b.rops[0] else {
        panic!()
    };
    assert_eq!(
        (q.query_rows_flags, q.forward_read, q.row_count),
        (0, 1, 0x32)
    );
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf);
}

/// MS-OXCMSG 4.8.1: RopSaveChangesMessage request `0c 00 00 01 0a` (ResponseHandleIndex 0,
/// InputHandleIndex 1, SaveFlags 0x0A).
#[test]
fn oxcmsg_save_changes_message_request() {
    let buf = wrap(&unhex("0c0000010a"), &[1, 2]);
    let b = RopRequestBuffer::decode(&buf, &LogonKinds::default()).unwrap();
    let RopRequest::SaveChangesMessage(q) = &b.rops[0] else {
        panic!()
    };
    assert_eq!(
        (
            q.logon_id,
            q.response_handle_index,
            q.input_handle_index,
            q.save_flags
        ),
        (0, 0, 1, 0x0A)
    );
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf);
}

/// MS-OXCFOLD 4.5.1: RopMoveFolder request, 30 bytes: SourceHandleIndex 1, DestHandleIndex 2,
/// WantAsynchronous and UseUnicode set, FolderId 0001-00000E8EDF36, NewFolderName "Folder1".
#[test]
fn oxcfold_move_folder_request() {
    let rops = unhex(concat!(
        "350001020101010000000e8edf36",
        "46006f006c006400650072003100",
        "0000"
    ));
    assert_eq!(rops.len(), 30);
    let buf = wrap(&rops, &[1, 2, 3]);
    let b = RopRequestBuffer::decode(&buf, &LogonKinds::default()).unwrap();
    let RopRequest::MoveFolder(q) = &b.rops[0] else {
        panic!()
    };
    assert_eq!(
        (
            q.logon_id,
            q.input_handle_index,
            q.dest_handle_index,
            q.want_asynchronous,
            q.use_unicode
        ),
        (0, 1, 2, 1, 1)
    );
    assert_eq!(q.folder_id.replica_id, 1);
    assert_eq!(q.folder_id.global_counter, [0, 0, 0x0e, 0x8e, 0xdf, 0x36]);
    let oxwire_mapi_rop::rop::TString::W(name) = &q.new_folder_name else {
        panic!()
    };
    assert_eq!(String::from_utf16(&name.0).unwrap(), "Folder1");
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf);
}

/// MS-OXORULE 4.2.2: RopGetRulesTable, RopSetColumns and RopQueryRows responses. The rules
/// table columns are PidTagRuleId (0x66740014), PidTagRuleIds (0x66750102) and
/// PidTagRuleName (0x6682001F); the example's row holds rule id 0x56F83F0100000001, a
/// 16-byte PidTagRuleIds and the name "Project X".
#[test]
fn oxorule_rules_table_responses() {
    let rops = unhex(concat!(
        "3f0100000000",
        "12010000000000",
        "150100000000020100",
        "0001000000013ff856100001000000010000005555555",
        "5d144e340500072006f006a0065006300740020005800",
        "0000"
    ));
    let buf = wrap(&rops, &[0x10, 0x20]);
    let cols = [
        PropTag(0x6674_0014),
        PropTag(0x6675_0102),
        PropTag(0x6682_001F),
    ];
    let ctx = ResponseContext {
        columns: Some(&cols),
        ..Default::default()
    };
    let b = RopResponseBuffer::decode(&buf, &ctx).unwrap();
    assert_eq!(b.rops.len(), 3);
    let RopResponse::QueryRows(q) = &b.rops[2] else {
        panic!()
    };
    assert_eq!((q.handle_index, q.return_code), (1, 0));
    let body = q.body.as_ref().unwrap();
    assert_eq!(body.origin, 2);
    assert_eq!(body.rows.len(), 1);
    let row = &body.rows[0];
    assert_eq!(
        row.value(0),
        Some(&PropertyValue::Integer64(0x56F8_3F01_0000_0001))
    );
    let PropertyValue::Binary(ids) = row.value(1).unwrap() else {
        panic!()
    };
    assert_eq!(ids.len(), 16);
    assert_eq!(
        row.value(2),
        Some(&PropertyValue::String("Project X".into()))
    );
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf);
}

/// The same responses through a session: the columns come from the RopSetColumns request.
#[test]
fn session_pairs_query_rows_with_set_columns() {
    let mut s = RopSession::new();
    // RopGetRulesTable (in 0, out 1), RopSetColumns on 1 (0x66740014, 0x66750102,
    // 0x6682001F, little-endian), RopQueryRows on 1.
    let req = wrap(
        &unhex(
            &concat!(
                "3f00000100",
                "120001000300140074660201756 61f008266",
                "15000100013200"
            )
            .replace(' ', ""),
        ),
        &[0x10, 0xffff_ffff],
    );
    s.handle_request(&req).unwrap();
    let resp = wrap(
        &unhex(concat!(
            "3f0100000000",
            "12010000000000",
            "150100000000020100",
            "0001000000013ff856100001000000010000005555555",
            "5d144e340500072006f006a0065006300740020005800",
            "0000"
        )),
        &[0x10, 0x20],
    );
    let call = s.handle_response(&resp).unwrap();
    assert_eq!(call.pairs, vec![Some(0), Some(1), Some(2)]);
    assert_eq!(
        s.columns_of(0x20),
        Some(
            &[
                PropTag(0x6674_0014),
                PropTag(0x6675_0102),
                PropTag(0x6682_001F)
            ][..]
        )
    );
    // A later call's RopQueryRows on the table handle uses the remembered columns.
    s.handle_request(&wrap(&unhex("15000000013200"), &[0x20]))
        .unwrap();
    let call = s
        .handle_response(&wrap(
            &unhex(concat!(
                "150000000000020100",
                "0001000000013ff856100001000000010000005555555",
                "5d144e340500072006f006a0065006300740020005800",
                "0000"
            )),
            &[0x20],
        ))
        .unwrap();
    let RopResponse::QueryRows(q) = &call.response.rops[0] else {
        panic!()
    };
    assert_eq!(q.body.as_ref().unwrap().rows.len(), 1);
}

#[test]
fn response_without_context_is_refused() {
    let buf = wrap(&unhex("150100000000020100"), &[]);
    // RowCount 1 but no columns known.
    let e = RopResponseBuffer::decode(&buf, &ResponseContext::default()).unwrap_err();
    assert!(matches!(e, RopError::MissingContext { .. }));
}

#[test]
fn hostile_ropsize_and_handles() {
    let good = wrap(&unhex("15000000013200"), &[1]);
    // Every RopSize value: never a panic; only the true one decodes.
    for v in 0..=u16::MAX {
        let mut b = good.clone();
        b[..2].copy_from_slice(&v.to_le_bytes());
        let r = RopRequestBuffer::decode(&b, &LogonKinds::default());
        if v as usize == 9 {
            assert!(r.is_ok());
        } else {
            assert!(r.is_err(), "RopSize {v}");
        }
    }
    // Every truncation.
    // (Cutting exactly after the RopsList leaves a valid buffer with an empty handle table.)
    for n in 0..good.len() {
        let r = RopRequestBuffer::decode(&good[..n], &LogonKinds::default());
        if n == 9 {
            assert!(r.unwrap().handles.is_empty());
        } else {
            assert!(r.is_err(), "cut at {n}");
        }
    }
    // Handle index past the table: decodes, but the session refuses it.
    let b = wrap(&unhex("15000500013200"), &[1]);
    assert!(RopRequestBuffer::decode(&b, &LogonKinds::default()).is_ok());
    let e = RopSession::new().handle_request(&b).unwrap_err();
    assert!(matches!(
        e,
        RopError::HandleIndexOutOfRange {
            index: 5,
            len: 1,
            ..
        }
    ));
}

#[test]
fn hostile_counts() {
    // RopSetColumns claiming 0xFFFF tags with four bytes present.
    let b = wrap(&unhex("12000000ffff1f000130"), &[1]);
    let e = RopRequestBuffer::decode(&b, &LogonKinds::default()).unwrap_err();
    assert!(
        matches!(e, RopError::LimitExceeded { actual: 0xFFFF, .. }),
        "{e:?}"
    );
    // A multi-valued count of 2^32-1 in a property value.
    let v = unhex("03100100ffffffff01000000");
    let e = oxwire_mapi_rop::prop::TaggedPropertyValue::decode(
        &v,
        oxwire_mapi_rop::prop::Encoding::ROP,
    )
    .unwrap_err();
    assert!(matches!(e, RopError::LimitExceeded { .. }), "{e:?}");
    // Deeply nested NOT restrictions.
    let mut r = vec![0x02u8; 10_000];
    r.push(0x08);
    r.extend([0, 0, 0, 0]);
    let e = oxwire_mapi_rop::prop::Restriction::decode(&r, oxwire_mapi_rop::prop::Encoding::ROP)
        .unwrap_err();
    assert!(matches!(e, RopError::TooDeep { .. }));
}

/// MS-OXCROPS 2.2.15.1: RopBufferTooSmall carries SizeNeeded and the unprocessed request
/// ROPs without a RopSize; here the MS-OXCTABL 4.5.3.1 RopQueryRows request comes back.
#[test]
fn buffer_too_small_request_buffers() {
    use oxwire_mapi_rop::rop::control::RequestBuffers;
    let buf = wrap(&unhex("ff0010" /* SizeNeeded 0x1000 */), &[]);
    let mut with_rops = buf[2..].to_vec();
    with_rops.extend(unhex("15000000013200"));
    let buf = wrap(&with_rops, &[1]);
    let b = RopResponseBuffer::decode(&buf, &ResponseContext::default()).unwrap();
    let RopResponse::BufferTooSmall(x) = &b.rops[0] else {
        panic!()
    };
    assert_eq!(x.size_needed, 0x1000);
    let RequestBuffers::Decoded(rops) = &x.request_buffers else {
        panic!("{:?}", x.request_buffers)
    };
    let RopRequest::QueryRows(q) = &rops[0] else {
        panic!()
    };
    assert_eq!((q.forward_read, q.row_count), (1, 0x32));
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf);

    // A RopQueryRows cut short is no whole request: the bytes stay as sent.
    let buf = wrap(&unhex("ff00101500000001"), &[1]);
    let b = RopResponseBuffer::decode(&buf, &ResponseContext::default()).unwrap();
    let RopResponse::BufferTooSmall(x) = &b.rops[0] else {
        panic!()
    };
    assert_eq!(x.request_buffers, RequestBuffers::Raw(unhex("1500000001")));
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf);
}

/// MS-OXCNOTIF 2.2.1.4.1.2: a TableModified RopNotify (flags 0x0100, TABLE_ROW_ADDED 0x0003,
/// TableRowFolderID, InsertAfterTableRowFolderID, TableRowDataSize, TableRowData) is read with
/// the columns the session saw in RopSetColumns for the table handle it names; a
/// notification for a table of unknown columns keeps its row raw.
#[test]
fn session_reads_notification_rows_with_table_columns() {
    use oxwire_mapi_rop::rop::notification::TableRowData;
    let mut s = RopSession::new();
    // RopSetColumns on handle 0x20: PidTagDisplayName (0x3001001F).
    s.handle_request(&wrap(&unhex("1200000001001f000130"), &[0x20]))
        .unwrap();
    s.handle_response(&wrap(&unhex("12000000000000"), &[0x20]))
        .unwrap();
    let notify = |handle: &str| {
        format!(
            "2a{handle}00{}",
            concat!(
                "0001",             // NotificationFlags: TableModified
                "0300",             // TableEventType: TABLE_ROW_ADDED
                "0100000000000042", // TableRowFolderID
                "0100000000000041", // InsertAfterTableRowFolderID
                "0500",             // TableRowDataSize
                "0041000000",       // standard PropertyRow: "A"
            )
        )
    };
    let rops = unhex(&(notify("20000000") + &notify("99000000")));
    s.handle_request(&wrap(&[], &[])).unwrap();
    let resp = wrap(&rops, &[]);
    let call = s.handle_response(&resp).unwrap();
    assert_eq!(call.pairs, vec![None, None]);
    let RopResponse::Notify(n) = &call.response.rops[0] else {
        panic!()
    };
    assert_eq!(n.data.table_event_type, Some(3));
    let Some(TableRowData::Row(row)) = &n.data.table_row_data else {
        panic!("{:?}", n.data.table_row_data)
    };
    assert_eq!(row.value(0), Some(&PropertyValue::String("A".into())));
    let RopResponse::Notify(n) = &call.response.rops[1] else {
        panic!()
    };
    assert_eq!(
        n.data.table_row_data,
        Some(TableRowData::Raw(unhex("0041000000")))
    );
    let mut out = Vec::new();
    call.response.encode(&mut out).unwrap();
    assert_eq!(out, resp);
}

/// MS-OXCPRPT section 4, "Setting Properties", client request buffer: RopSetProperties with
/// PropertyValueSize 0x24 and two values, PidTagSubjectPrefix (0x003D001F) empty and
/// PidTagNormalizedSubject (0x0E1D001F) "Hello World".
#[test]
fn oxcprpt_set_properties_request() {
    let rops = unhex(concat!(
        "0a000024000200",
        "1f003d000000",
        "1f001d0e48006500",
        "6c006c006f002000",
        "57006f0072006c00",
        "640000",
        "00"
    ));
    assert_eq!(rops.len(), 0x29);
    let buf = wrap(&rops, &[1]);
    let b = RopRequestBuffer::decode(&buf, &LogonKinds::default()).unwrap();
    let RopRequest::SetProperties(q) = &b.rops[0] else {
        panic!()
    };
    assert_eq!((q.logon_id, q.input_handle_index), (0, 0));
    let v = &q.property_values.0;
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].tag, PropTag(0x003D_001F));
    assert_eq!(v[0].value, PropertyValue::String("".into()));
    assert_eq!(v[1].tag, PropTag(0x0E1D_001F));
    assert_eq!(v[1].value, PropertyValue::String("Hello World".into()));
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf);
}
