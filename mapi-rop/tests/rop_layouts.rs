//! Field order, widths and presence conditions of ROP buffers, each checked against the
//! MS-OXCROPS section 2.2 page (or the protocol page refining it) named on the test. The
//! buffers are written field by field from those pages' tables.

mod common;

use common::unhex;
use oxwire_mapi_rop::rop::{
    LogonKinds, ResponseContext, RopRequest, RopRequestBuffer, RopResponse, RopResponseBuffer,
};

fn wrap(rops: &[u8], handles: &[u32]) -> Vec<u8> {
    let mut b = ((rops.len() + 2) as u16).to_le_bytes().to_vec();
    b.extend_from_slice(rops);
    for h in handles {
        b.extend(h.to_le_bytes());
    }
    b
}

fn request(rops: &str, logons: &LogonKinds) -> RopRequest {
    let buf = wrap(&unhex(rops), &[1, 2, 3]);
    let b = RopRequestBuffer::decode(&buf, logons).unwrap();
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf, "re-encoding {rops}");
    assert_eq!(b.rops.len(), 1);
    b.rops.into_iter().next().unwrap()
}

fn response(rops: &str, ctx: &ResponseContext<'_>) -> RopResponse {
    let buf = wrap(&unhex(rops), &[1, 2, 3]);
    let b = RopResponseBuffer::decode(&buf, ctx).unwrap();
    let mut out = Vec::new();
    b.encode(&mut out).unwrap();
    assert_eq!(out, buf, "re-encoding {rops}");
    assert_eq!(b.rops.len(), 1, "one ROP in {rops}");
    b.rops.into_iter().next().unwrap()
}

/// MS-OXCROPS 2.2.6.3.1: RopId, LogonId, ResponseHandleIndex, InputHandleIndex, SaveFlags.
/// 2.2.6.3.2: the success response repeats InputHandleIndex before MessageId.
#[test]
fn save_changes_message_handle_order() {
    let RopRequest::SaveChangesMessage(q) = request("0c00020109", &LogonKinds::default()) else {
        panic!()
    };
    assert_eq!(
        (q.response_handle_index, q.input_handle_index, q.save_flags),
        (2, 1, 9)
    );
    let RopResponse::SaveChangesMessage(p) = response(
        "0c0200000000010100000000000002",
        &ResponseContext::default(),
    ) else {
        panic!()
    };
    assert_eq!(p.handle_index, 2);
    let body = p.body.unwrap();
    assert_eq!(body.input_handle_index, 1);
}

/// MS-OXCROPS 2.2.6.15.1: RopSaveChangesAttachment has ResponseHandleIndex before
/// InputHandleIndex, like RopSaveChangesMessage.
#[test]
fn save_changes_attachment_handle_order() {
    let RopRequest::SaveChangesAttachment(q) = request("2500020102", &LogonKinds::default()) else {
        panic!()
    };
    assert_eq!(
        (q.response_handle_index, q.input_handle_index, q.save_flags),
        (2, 1, 2)
    );
}

/// MS-OXCROPS 2.2.6.11.1: LogonId, ResponseHandleIndex, InputHandleIndex, ReadFlags, and the
/// 24-byte ClientData only when the logon is a public-folder logon.
#[test]
fn set_message_read_flag_request() {
    let RopRequest::SetMessageReadFlag(q) = request("1100020104", &LogonKinds::default()) else {
        panic!()
    };
    assert_eq!(
        (q.response_handle_index, q.input_handle_index, q.read_flags),
        (2, 1, 4)
    );
    assert_eq!(q.client_data, None);

    let mut public = LogonKinds::default();
    public.set_public(0, true);
    let client_data = "000102030405060708090a0b0c0d0e0f1011121314151617";
    let RopRequest::SetMessageReadFlag(q) = request(&format!("1100020104{client_data}"), &public)
    else {
        panic!()
    };
    assert_eq!(q.client_data.unwrap().to_vec(), unhex(client_data));
}

/// MS-OXCROPS 2.2.6.11.2: on success ReadStatusChanged, then LogonId and ClientData when it
/// is nonzero; 2.2.6.11.3: a failure ends at ReturnValue.
#[test]
fn set_message_read_flag_response_shapes() {
    let ctx = ResponseContext::default();
    let RopResponse::SetMessageReadFlag(p) = response("11020000000000", &ctx) else {
        panic!()
    };
    let body = p.body.unwrap();
    assert_eq!((body.read_status_changed, body.changed), (0, None));

    let client_data = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7";
    let RopResponse::SetMessageReadFlag(p) =
        response(&format!("1102000000000100{client_data}"), &ctx)
    else {
        panic!()
    };
    let (logon, data) = p.body.unwrap().changed.unwrap();
    assert_eq!((logon, data.to_vec()), (0, unhex(client_data)));

    // ecAccessDenied (0x80070005): nothing after ReturnValue.
    let RopResponse::SetMessageReadFlag(p) = response("110205000780", &ctx) else {
        panic!()
    };
    assert_eq!((p.return_code, p.body), (0x8007_0005, None));
}

fn notification(data: &str) -> oxwire_mapi_rop::rop::notification::NotificationData {
    // RopNotify (MS-OXCROPS 2.2.14.2): RopId, NotificationHandle, LogonId, NotificationData.
    let RopResponse::Notify(n) =
        response(&format!("2a7856341200{data}"), &ResponseContext::default())
    else {
        panic!()
    };
    assert_eq!((n.notification_handle, n.logon_id), (0x1234_5678, 0));
    n.data
}

const FID: &str = "0001000000000011";
const MID: &str = "0001000000000022";
const PARENT: &str = "0001000000000033";

/// MS-OXCNOTIF 2.2.1.4.1.2: FolderId is present for every NotificationType but
/// TableModified (0x0100) and Extended (0x0400), StatusObjectModified (0x0200) included.
#[test]
fn notify_status_object_modified_has_folder_id() {
    let d = notification(&format!("0002{FID}"));
    assert_eq!(d.folder_id.unwrap().global_counter[5], 0x11);
    assert_eq!(d.message_id, None);
}

/// MS-OXCNOTIF 2.2.1.4.1.2: Extended (0x0400) carries no FolderId or MessageId; the counts
/// of T (0x1000) and U (0x2000) still follow.
#[test]
fn notify_extended_has_no_ids() {
    let d = notification("00340500000003000000");
    assert_eq!(d.folder_id, None);
    assert_eq!(
        (d.total_message_count, d.unread_message_count),
        (Some(5), Some(3))
    );
}

/// MS-OXCNOTIF 2.2.1.4.1.2: ParentFolderId follows for created, deleted, moved and copied
/// objects when S (0x4000) and M (0x8000) are both set (a message in a search folder) or
/// both clear (a folder), not for a message in an ordinary folder.
#[test]
fn notify_parent_folder_id_presence() {
    // ObjectCreated on a message of a search folder: FolderId, MessageId, ParentFolderId,
    // TagCount 0.
    let d = notification(&format!("04c0{FID}{MID}{PARENT}0000"));
    assert!(d.message_id.is_some());
    assert_eq!(d.parent_folder_id.unwrap().global_counter[5], 0x33);
    assert_eq!(d.tag_count, Some(0));

    // ObjectDeleted on a message of an ordinary folder: FolderId, MessageId only.
    let d = notification(&format!("0880{FID}{MID}"));
    assert_eq!(d.parent_folder_id, None);

    // ObjectDeleted on a folder: FolderId, ParentFolderId.
    let d = notification(&format!("0800{FID}{PARENT}"));
    assert!(d.parent_folder_id.is_some());
    assert_eq!(d.message_id, None);

    // ObjectMoved on a message of a search folder: FolderId, MessageId, ParentFolderId,
    // OldFolderId, OldMessageId.
    let d = notification(&format!("20c0{FID}{MID}{PARENT}{FID}{MID}"));
    assert!(d.parent_folder_id.is_some() && d.old_message_id.is_some());
    assert_eq!(d.old_parent_folder_id, None);
}

/// MS-OXCDATA 2.11.1.4: PtypServerId is Ours (1 byte), then with Ours 0x01 FolderId (8),
/// MessageId (8) and Instance (4); otherwise client data. A TaggedPropertyValue of type
/// 0x00FB carries it behind a 16-bit COUNT in ROP buffers.
#[test]
fn server_id_layout() {
    use oxwire_mapi_rop::prop::ServerId;
    let bytes = unhex(concat!(
        "01",
        "0001000000000a0b",
        "0001000000000c0d",
        "02000000"
    ));
    let ServerId::Ours {
        folder_id,
        message_id,
        instance,
    } = ServerId::decode(&bytes).unwrap()
    else {
        panic!()
    };
    assert_eq!(folder_id.replica_id, 0x0100);
    assert_eq!(folder_id.global_counter, [0, 0, 0, 0, 0x0a, 0x0b]);
    assert_eq!(message_id.global_counter, [0, 0, 0, 0, 0x0c, 0x0d]);
    assert_eq!(instance, 2);
    let back = ServerId::Ours {
        folder_id,
        message_id,
        instance,
    };
    assert_eq!(back.encode(), bytes);
    assert!(ServerId::decode(&bytes[..20]).is_err());
    let client = ServerId::decode(&[0, 9, 8]).unwrap();
    assert_eq!(
        client,
        ServerId::Client {
            ours: 0,
            client_data: vec![9, 8]
        }
    );
    assert_eq!(client.encode(), vec![0, 9, 8]);
}
