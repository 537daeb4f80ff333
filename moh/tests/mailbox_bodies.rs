//! Mailbox endpoint bodies (MS-OXCMAPIHTTP 2.2.4) against vectors assembled by hand from the
//! structure tables, field by field with each offset written down.
//!
//! Section 4 of MS-OXCMAPIHTTP shows the HTTP headers and meta-tags of its examples but no
//! body octets, so the field values come from the EMSMDB examples the bodies mirror where
//! there is one: MS-OXCRPC 4.1 (EcDoConnectEx: `szUserDN`
//! "/o=First Organization/ou=First Administrative Group/CN=recipients/CN=janedow",
//! `ulFlags` 0) and MS-OXCRPC 4.2 (EcDoRpcExt2: `pulFlags` 0x00000003, one RPC_HEADER_EXT
//! {Version 0, Flags 0x0004, Size 0x0152, SizeActual 0x0152}, RopSize 0x0142, 320 octets of
//! ROPs, a 16-octet handle table, `cbIn` 0x015A, `pcbOut` 0x00018008). Other values are
//! picked for the test and written out in the vectors.

use std::borrow::Cow;
use std::num::NonZeroU32;

use oxwire_mapi_rop::aux_block;
use oxwire_moh::aux_buffer::AuxiliaryBuffer;
use oxwire_moh::mailbox::{
    self, ConnectRequest, ConnectResponse, ConnectSuccess, DisconnectRequest, DisconnectResponse,
    DisconnectSuccess, ExecuteFlags, ExecuteRequest, ExecuteResponse, ExecuteSuccess,
    FailureResponse, MailboxRequest, MailboxResponse, NotificationWaitRequest,
    NotificationWaitResponse, NotificationWaitSuccess,
};
use oxwire_moh::{Error, Limits, RequestType};
use proptest::prelude::*;

const USER_DN: &[u8] =
    b"/o=First Organization/ou=First Administrative Group/CN=recipients/CN=janedow";
const DN_PREFIX: &[u8] = b"/o=First Organization/ou=First Administrative Group";

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn connect_request_bytes() -> Vec<u8> {
    cat(&[
        USER_DN,                   // 0: UserDn (76 octets)
        &[0x00],                   // 76: its terminator
        &[0x00, 0x00, 0x00, 0x00], // 77: Flags 0 (regular user access)
        &[0xe4, 0x04, 0x00, 0x00], // 81: DefaultCodePage 1252
        &[0x09, 0x04, 0x00, 0x00], // 85: LcidSort 0x0409
        &[0x09, 0x04, 0x00, 0x00], // 89: LcidString 0x0409
        &[0x00, 0x00, 0x00, 0x00], // 93: AuxiliaryBufferSize 0
    ]) // 97 octets
}

fn connect_success_bytes() -> Vec<u8> {
    cat(&[
        &[0x00, 0x00, 0x00, 0x00], // 0: StatusCode 0
        &[0x00, 0x00, 0x00, 0x00], // 4: ErrorCode 0
        &[0x60, 0xea, 0x00, 0x00], // 8: MaxPollingInterval 60000 ms
        &[0x06, 0x00, 0x00, 0x00], // 12: MaxRetryCount 6
        &[0x10, 0x27, 0x00, 0x00], // 16: RetryDelay 10000 ms
        DN_PREFIX,                 // 20: DnPrefix (51 octets)
        &[0x00],                   // 71: its terminator
        // 72: DisplayName "Jane Dow" in UTF-16LE
        &[
            0x4a, 0x00, 0x61, 0x00, 0x6e, 0x00, 0x65, 0x00, 0x20, 0x00, 0x44, 0x00, 0x6f, 0x00,
            0x77, 0x00,
        ],
        &[0x00, 0x00],             // 88: its terminator
        &[0x00, 0x00, 0x00, 0x00], // 90: AuxiliaryBufferSize 0
    ]) // 94 octets
}

/// 0x80040111 (ecLoginFailure) as a failure `StatusCode`.
fn failure_bytes() -> Vec<u8> {
    cat(&[
        &[0x11, 0x01, 0x04, 0x80], // 0: StatusCode 0x80040111
        &[0x00, 0x00, 0x00, 0x00], // 4: AuxiliaryBufferSize 0
    ])
}

/// The ROP payload of the MS-OXCRPC 4.2 example; the example gives sizes, not the ROP octets,
/// so those are filler.
fn oxcrpc_4_2_payload() -> Vec<u8> {
    let mut p = vec![0x42, 0x01]; // RopSize 0x0142 (itself and the 320 ROP octets)
    p.extend(std::iter::repeat_n(0xaa, 320)); // ROPs
    p.extend(std::iter::repeat_n(0xff, 16)); // server object handle table, 4 handles
    p
}

fn execute_request_bytes() -> Vec<u8> {
    cat(&[
        &[0x03, 0x00, 0x00, 0x00], // 0: Flags NoCompression | NoXorMagic
        &[0x5a, 0x01, 0x00, 0x00], // 4: RopBufferSize 0x015A
        // 8: RPC_HEADER_EXT Version 0, Flags Last, Size 0x0152, SizeActual 0x0152
        &[0x00, 0x00, 0x04, 0x00, 0x52, 0x01, 0x52, 0x01],
        &oxcrpc_4_2_payload(),     // 16: payload, 0x152 octets
        &[0x08, 0x80, 0x01, 0x00], // 354: MaxRopOut 0x00018008
        &[0x00, 0x00, 0x00, 0x00], // 358: AuxiliaryBufferSize 0
    ]) // 362 octets
}

fn execute_success_bytes() -> Vec<u8> {
    cat(&[
        &[0x00, 0x00, 0x00, 0x00], // 0: StatusCode 0
        &[0x00, 0x00, 0x00, 0x00], // 4: ErrorCode 0
        &[0x00, 0x00, 0x00, 0x00], // 8: Flags (reserved) 0
        &[0x1b, 0x00, 0x00, 0x00], // 12: RopBufferSize 27
        // 16: first RPC_HEADER_EXT: Flags 0 (more follow), Size 5, SizeActual 5
        &[0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x05, 0x00],
        b"abcde", // 24: its payload
        // 29: second RPC_HEADER_EXT: Flags XorMagic | Last, Size 6, SizeActual 6
        &[0x00, 0x00, 0x06, 0x00, 0x06, 0x00, 0x06, 0x00],
        // 37: "uvwxyz" XORed with 0xA5
        &[0xd0, 0xd3, 0xd2, 0xdd, 0xdc, 0xdf],
        &[0x00, 0x00, 0x00, 0x00], // 43: AuxiliaryBufferSize 0
    ]) // 47 octets
}

/// An auxiliary buffer with one AUX_PERF_REQUESTID block (MS-OXCRPC 2.2.2.2.1 and
/// 2.2.2.2.4) in an uncompressed RPC_HEADER_EXT.
fn aux_bytes() -> Vec<u8> {
    cat(&[
        &[0x00, 0x00, 0x04, 0x00, 0x08, 0x00, 0x08, 0x00], // RPC_HEADER_EXT, Last, 8 octets
        &[0x08, 0x00, 0x01, 0x01], // AUX_HEADER Size 8, Version 1, Type 1 (PERF_REQUESTID)
        &[0x01, 0x00, 0x02, 0x00], // SessionID 1, RequestID 2
    ])
}

fn disconnect_request_bytes() -> Vec<u8> {
    let mut b = vec![0x10, 0x00, 0x00, 0x00]; // 0: AuxiliaryBufferSize 16
    b.extend(aux_bytes()); // 4: AuxiliaryBuffer
    b
}

fn all_vectors() -> Vec<(RequestType, bool, Vec<u8>)> {
    vec![
        (RequestType::Connect, true, connect_request_bytes()),
        (RequestType::Connect, false, connect_success_bytes()),
        (RequestType::Connect, false, failure_bytes()),
        (RequestType::Execute, true, execute_request_bytes()),
        (RequestType::Execute, false, execute_success_bytes()),
        (RequestType::Execute, false, failure_bytes()),
        (RequestType::Disconnect, true, disconnect_request_bytes()),
        (
            RequestType::Disconnect,
            false,
            vec![0, 0, 0, 0, 0x05, 0, 0, 0, 0, 0, 0, 0], // StatusCode 0, ErrorCode 5, aux 0
        ),
        (RequestType::Disconnect, false, failure_bytes()),
        (RequestType::NotificationWait, true, vec![0; 8]), // Flags 0, aux 0
        (
            RequestType::NotificationWait,
            false,
            // StatusCode 0, ErrorCode 0, EventPending 1, aux 0
            vec![0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
        ),
        (RequestType::NotificationWait, false, failure_bytes()),
    ]
}

fn decode(t: RequestType, req: bool, b: &[u8], l: &Limits) -> Result<Vec<u8>, Error> {
    if req {
        mailbox::decode_request(t, b, l)?.to_bytes()
    } else {
        mailbox::decode_response(t, b, l)?.to_bytes()
    }
}

#[test]
fn connect_request_fields() {
    let b = connect_request_bytes();
    assert_eq!(b.len(), 97);
    let MailboxRequest::Connect(c) =
        mailbox::decode_request(RequestType::Connect, &b, &Limits::default()).unwrap()
    else {
        panic!("not Connect")
    };
    assert_eq!(&*c.user_dn, USER_DN);
    assert_eq!(
        c.user_dn_str(),
        Some("/o=First Organization/ou=First Administrative Group/CN=recipients/CN=janedow")
    );
    assert!(matches!(c.user_dn, Cow::Borrowed(_)), "UserDn is borrowed");
    assert_eq!(
        (c.flags, c.default_code_page, c.lcid_sort, c.lcid_string),
        (0, 1252, 0x0409, 0x0409)
    );
    assert_eq!(c.aux, AuxiliaryBuffer::empty());
    assert_eq!(c.encoded_len(), 97);
    assert_eq!(c.to_bytes().unwrap(), b);
}

#[test]
fn connect_success_fields() {
    let b = connect_success_bytes();
    let ConnectResponse::Success(s) = ConnectResponse::decode(&b, &Limits::default()).unwrap()
    else {
        panic!("not a success body")
    };
    assert_eq!(s.error_code, 0);
    assert_eq!(
        (s.max_polling_interval, s.max_retry_count, s.retry_delay),
        (60000, 6, 10000)
    );
    assert_eq!(&*s.dn_prefix, DN_PREFIX);
    assert_eq!(s.display_name_string(), "Jane Dow");
    assert_eq!(&*s.display_name, &mailbox::utf16le("Jane Dow")[..]);
    assert_eq!(s.encoded_len(), 94);
    let owned = ConnectResponse::Success(s).into_owned();
    assert_eq!(owned.to_bytes().unwrap(), b);
}

#[test]
fn failure_bodies_are_their_own_variant() {
    let b = failure_bytes();
    let l = Limits::default();
    let code = NonZeroU32::new(0x8004_0111).unwrap();
    let expected = FailureResponse {
        status_code: code,
        aux: AuxiliaryBuffer::empty(),
    };
    for t in [
        RequestType::Connect,
        RequestType::Execute,
        RequestType::Disconnect,
        RequestType::NotificationWait,
    ] {
        let r = mailbox::decode_response(t, &b, &l).unwrap();
        assert_eq!(r.status_code(), 0x8004_0111);
        assert_eq!(r.request_type(), t);
        let f = match &r {
            MailboxResponse::Connect(ConnectResponse::Failure(f))
            | MailboxResponse::Execute(ExecuteResponse::Failure(f))
            | MailboxResponse::Disconnect(DisconnectResponse::Failure(f))
            | MailboxResponse::NotificationWait(NotificationWaitResponse::Failure(f)) => f,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(f, &expected);
        assert_eq!(r.to_bytes().unwrap(), b);
    }
    // A failure StatusCode followed by what a success body would hold is not a failure body.
    let mut longer = b.clone();
    longer.extend([0, 0, 0, 0]);
    assert_eq!(
        mailbox::decode_response(RequestType::Disconnect, &longer, &l),
        Err(Error::TrailingBytes {
            what: "Disconnect response",
            count: 4
        })
    );
}

#[test]
fn execute_request_from_the_oxcrpc_example() {
    let b = execute_request_bytes();
    assert_eq!(b.len(), 362);
    let e = ExecuteRequest::decode(&b, &Limits::default()).unwrap();
    assert_eq!(e.flags, ExecuteFlags(3));
    assert!(e
        .flags
        .contains(ExecuteFlags::NO_COMPRESSION | ExecuteFlags::NO_XOR_MAGIC));
    assert!(!e.flags.contains(ExecuteFlags::CHAIN));
    assert_eq!(e.rop_buffer.len(), 0x15a);
    assert_eq!(e.max_rop_out, 0x0001_8008);
    assert_eq!(
        e.rop_payloads(&Default::default()).unwrap(),
        vec![oxcrpc_4_2_payload()]
    );
    assert_eq!(e.to_bytes().unwrap(), b);

    // The same payload through the constructor gives the same body but for Flags and
    // MaxRopOut, which it sets itself.
    let mut built = ExecuteRequest::from_rop_buffer(
        &oxcrpc_4_2_payload(),
        oxwire_mapi_rop::ext_buffer::Flags::LAST,
        0x0001_8008,
    )
    .unwrap();
    assert_eq!(built.flags, ExecuteFlags(0));
    built.flags = ExecuteFlags(3);
    assert_eq!(built.to_bytes().unwrap(), b);
}

#[test]
fn execute_response_with_a_chain() {
    let b = execute_success_bytes();
    let ExecuteResponse::Success(s) = ExecuteResponse::decode(&b, &Limits::default()).unwrap()
    else {
        panic!("not a success body")
    };
    assert_eq!((s.error_code, s.flags), (0, 0));
    assert_eq!(s.rop_buffer.len(), 27);
    assert_eq!(
        s.rop_payloads(&Default::default()).unwrap(),
        vec![b"abcde".to_vec(), b"uvwxyz".to_vec()]
    );
    assert_eq!(ExecuteResponse::Success(s).to_bytes().unwrap(), b);
}

#[test]
fn disconnect_request_carries_aux_blocks() {
    let b = disconnect_request_bytes();
    let d = DisconnectRequest::decode(&b, &Limits::default()).unwrap();
    assert_eq!(&*d.aux.bytes, &aux_bytes()[..]);
    let payloads = d.aux.payloads(&Default::default()).unwrap();
    assert_eq!(payloads, vec![aux_bytes()[8..].to_vec()]);
    let blocks = aux_block::decode_blocks(&payloads[0]).unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!((blocks[0].version, blocks[0].type_), (1, 1));
    assert_eq!(d.to_bytes().unwrap(), b);
}

#[test]
fn notification_wait_and_disconnect_success_fields() {
    let l = Limits::default();
    let v = all_vectors();
    let MailboxResponse::NotificationWait(NotificationWaitResponse::Success(n)) =
        mailbox::decode_response(RequestType::NotificationWait, &v[10].2, &l).unwrap()
    else {
        panic!()
    };
    assert_eq!((n.error_code, n.event_pending), (0, 1));
    assert!(n.is_event_pending());
    let MailboxResponse::Disconnect(DisconnectResponse::Success(d)) =
        mailbox::decode_response(RequestType::Disconnect, &v[7].2, &l).unwrap()
    else {
        panic!()
    };
    assert_eq!(d.error_code, 5);
    let MailboxRequest::NotificationWait(w) =
        mailbox::decode_request(RequestType::NotificationWait, &v[9].2, &l).unwrap()
    else {
        panic!()
    };
    assert_eq!(w.flags, 0);
}

#[test]
fn every_vector_round_trips_and_every_truncation_fails() {
    let l = Limits::default();
    for (t, req, b) in all_vectors() {
        assert_eq!(decode(t, req, &b, &l).unwrap(), b, "{t} request={req}");
        for cut in 0..b.len() {
            match decode(t, req, &b[..cut], &l) {
                Err(Error::Truncated { .. }) => {}
                other => panic!("{t} request={req} cut at {cut}: {other:?}"),
            }
        }
        let mut longer = b.clone();
        longer.push(0x5a);
        assert!(
            matches!(
                decode(t, req, &longer, &l),
                Err(Error::TrailingBytes { count: 1, .. })
            ),
            "{t} request={req}: one trailing octet"
        );
    }
}

#[test]
fn rop_buffer_sizes_are_checked_before_use() {
    let l = Limits::default();
    // RopBufferSize claims more than the body holds.
    let mut b = execute_request_bytes();
    b[4..8].copy_from_slice(&0x1000u32.to_le_bytes());
    assert_eq!(
        ExecuteRequest::decode(&b, &l),
        Err(Error::Truncated {
            what: "Execute request.RopBuffer",
            offset: 8,
            needed: 0x1000 - (362 - 8)
        })
    );
    // RopBufferSize above the limit is refused without looking further.
    b[4..8].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
    assert_eq!(
        ExecuteRequest::decode(&b, &l),
        Err(Error::LimitExceeded {
            what: "Execute request.RopBufferSize",
            offset: 4,
            value: 0xffff_fff0,
            limit: 0x40000
        })
    );
    let mut small = Limits::default();
    small.max_rop_buffer = 0x100;
    assert!(matches!(
        ExecuteRequest::decode(&execute_request_bytes(), &small),
        Err(Error::LimitExceeded {
            value: 0x15a,
            limit: 0x100,
            ..
        })
    ));
    let mut r = execute_success_bytes();
    r[12..16].copy_from_slice(&0x0004_0001u32.to_le_bytes());
    assert!(matches!(
        ExecuteResponse::decode(&r, &l),
        Err(Error::LimitExceeded {
            what: "Execute response.RopBufferSize",
            offset: 12,
            ..
        })
    ));
    // The body as a whole.
    let mut tiny = Limits::default();
    tiny.max_body = 16;
    assert!(matches!(
        mailbox::decode_request(RequestType::Connect, &connect_request_bytes(), &tiny),
        Err(Error::LimitExceeded {
            value: 97,
            limit: 16,
            ..
        })
    ));
}

#[test]
fn unknown_and_reserved_flags_are_kept() {
    let l = Limits::default();
    let mut b = execute_request_bytes();
    b[0..4].copy_from_slice(&0xf000_0007u32.to_le_bytes());
    let e = ExecuteRequest::decode(&b, &l).unwrap();
    assert_eq!(e.flags.unknown(), 0xf000_0000);
    assert!(e.flags.contains(ExecuteFlags::CHAIN));
    assert_eq!(e.to_bytes().unwrap(), b);

    let mut r = execute_success_bytes();
    r[8..12].copy_from_slice(&0x1234_5678u32.to_le_bytes());
    let ExecuteResponse::Success(s) = ExecuteResponse::decode(&r, &l).unwrap() else {
        panic!()
    };
    assert_eq!(s.flags, 0x1234_5678);
    assert_eq!(ExecuteResponse::Success(s).to_bytes().unwrap(), r);

    let w = [0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0];
    let n = NotificationWaitRequest::decode(&w, &l).unwrap();
    assert_eq!(n.flags, 0xdead_beef);
    assert_eq!(n.to_bytes().unwrap(), w);
}

#[test]
fn ping_has_no_body_and_address_book_types_are_refused() {
    let l = Limits::default();
    assert_eq!(
        mailbox::decode_request(RequestType::Ping, &[], &l),
        Ok(MailboxRequest::Ping)
    );
    assert_eq!(
        mailbox::decode_response(RequestType::Ping, &[], &l),
        Ok(MailboxResponse::Ping)
    );
    assert!(matches!(
        mailbox::decode_response(RequestType::Ping, &[0], &l),
        Err(Error::TrailingBytes { count: 1, .. })
    ));
    assert_eq!(MailboxRequest::Ping.to_bytes().unwrap(), Vec::<u8>::new());
    assert_eq!(
        mailbox::decode_request(RequestType::Bind, &[0; 8], &l),
        Err(Error::WrongEndpoint {
            request_type: "Bind",
            endpoint: "mailbox"
        })
    );
}

#[test]
fn hostile_aux_and_strings() {
    let l = Limits::default();
    // AuxiliaryBufferSize above the limit in a Disconnect request.
    assert!(matches!(
        DisconnectRequest::decode(&[0x01, 0x20, 0x00, 0x00], &l),
        Err(Error::LimitExceeded {
            what: "AuxiliaryBufferSize",
            offset: 0,
            ..
        })
    ));
    // A DisplayName whose terminator is misaligned by an odd DnPrefix length still needs a
    // whole null code unit: "A\0" then 'B' 0x00 0x00 (odd) and no terminator after it.
    let mut b = vec![0u8; 20];
    b.extend(b"A\0");
    b.extend([b'B', 0x00, 0x00]);
    assert!(matches!(
        ConnectResponse::decode(&b, &l),
        Err(Error::Truncated { .. })
    ));
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..max)
}

fn aux() -> impl Strategy<Value = AuxiliaryBuffer<'static>> {
    bytes(48).prop_map(|b| AuxiliaryBuffer {
        bytes: Cow::Owned(b),
    })
}

fn cstr() -> impl Strategy<Value = Cow<'static, [u8]>> {
    prop::collection::vec(1u8..=255, 0..40).prop_map(Cow::Owned)
}

fn wstr() -> impl Strategy<Value = Cow<'static, [u8]>> {
    prop::collection::vec(1u16..=u16::MAX, 0..20)
        .prop_map(|u| Cow::Owned(u.into_iter().flat_map(u16::to_le_bytes).collect()))
}

fn failure() -> impl Strategy<Value = FailureResponse<'static>> {
    (1u32..=u32::MAX, aux()).prop_map(|(c, aux)| FailureResponse {
        status_code: NonZeroU32::new(c).unwrap(),
        aux,
    })
}

fn request() -> impl Strategy<Value = MailboxRequest<'static>> {
    prop_oneof![
        (cstr(), any::<[u32; 4]>(), aux()).prop_map(|(user_dn, f, aux)| {
            MailboxRequest::Connect(ConnectRequest {
                user_dn,
                flags: f[0],
                default_code_page: f[1],
                lcid_sort: f[2],
                lcid_string: f[3],
                aux,
            })
        }),
        (any::<u32>(), bytes(200), any::<u32>(), aux()).prop_map(|(f, rop, max, aux)| {
            MailboxRequest::Execute(ExecuteRequest {
                flags: ExecuteFlags(f),
                rop_buffer: Cow::Owned(rop),
                max_rop_out: max,
                aux,
            })
        }),
        aux().prop_map(|aux| MailboxRequest::Disconnect(DisconnectRequest { aux })),
        (any::<u32>(), aux()).prop_map(|(flags, aux)| {
            MailboxRequest::NotificationWait(NotificationWaitRequest { flags, aux })
        }),
        Just(MailboxRequest::Ping),
    ]
}

fn response() -> impl Strategy<Value = MailboxResponse<'static>> {
    prop_oneof![
        (any::<[u32; 4]>(), cstr(), wstr(), aux()).prop_map(|(f, dn_prefix, display_name, aux)| {
            MailboxResponse::Connect(ConnectResponse::Success(ConnectSuccess {
                error_code: f[0],
                max_polling_interval: f[1],
                max_retry_count: f[2],
                retry_delay: f[3],
                dn_prefix,
                display_name,
                aux,
            }))
        }),
        failure().prop_map(|f| MailboxResponse::Connect(ConnectResponse::Failure(f))),
        (any::<[u32; 2]>(), bytes(200), aux()).prop_map(|(f, rop, aux)| {
            MailboxResponse::Execute(ExecuteResponse::Success(ExecuteSuccess {
                error_code: f[0],
                flags: f[1],
                rop_buffer: Cow::Owned(rop),
                aux,
            }))
        }),
        failure().prop_map(|f| MailboxResponse::Execute(ExecuteResponse::Failure(f))),
        (any::<u32>(), aux()).prop_map(|(error_code, aux)| {
            MailboxResponse::Disconnect(DisconnectResponse::Success(DisconnectSuccess {
                error_code,
                aux,
            }))
        }),
        failure().prop_map(|f| MailboxResponse::Disconnect(DisconnectResponse::Failure(f))),
        (any::<[u32; 2]>(), aux()).prop_map(|(f, aux)| {
            MailboxResponse::NotificationWait(NotificationWaitResponse::Success(
                NotificationWaitSuccess {
                    error_code: f[0],
                    event_pending: f[1],
                    aux,
                },
            ))
        }),
        failure().prop_map(|f| {
            MailboxResponse::NotificationWait(NotificationWaitResponse::Failure(f))
        }),
        Just(MailboxResponse::Ping),
    ]
}

const MAILBOX_TYPES: [RequestType; 5] = [
    RequestType::Connect,
    RequestType::Execute,
    RequestType::Disconnect,
    RequestType::NotificationWait,
    RequestType::Ping,
];

proptest! {
    #[test]
    fn requests_round_trip(r in request()) {
        let b = r.to_bytes().unwrap();
        prop_assert_eq!(b.len(), r.encoded_len());
        let back = mailbox::decode_request(r.request_type(), &b, &Limits::default()).unwrap();
        prop_assert_eq!(&back, &r);
        prop_assert_eq!(back.into_owned().to_bytes().unwrap(), b);
    }

    #[test]
    fn responses_round_trip(r in response()) {
        let b = r.to_bytes().unwrap();
        prop_assert_eq!(b.len(), r.encoded_len());
        let back = mailbox::decode_response(r.request_type(), &b, &Limits::default()).unwrap();
        prop_assert_eq!(&back, &r);
        prop_assert_eq!(back.into_owned().to_bytes().unwrap(), b);
    }

    /// Plain ROP payloads packed by the constructors come back out of the decoded bodies,
    /// whatever transforms were asked for.
    #[test]
    fn constructors_carry_plain_payloads(
        payloads in prop::collection::vec(bytes(300), 1..4),
        ext in 0u16..8,
        max in any::<u32>(),
    ) {
        use oxwire_mapi_rop::ext_buffer::Flags;
        let refs: Vec<&[u8]> = payloads.iter().map(Vec::as_slice).collect();
        let l = Limits::default();
        let rl = oxwire_mapi_rop::Limits::default();
        let req = ExecuteRequest::from_rop_payloads(&refs, Flags(ext), max).unwrap();
        let b = req.to_bytes().unwrap();
        let back = ExecuteRequest::decode(&b, &l).unwrap();
        prop_assert_eq!(back.max_rop_out, max);
        prop_assert_eq!(back.rop_payloads(&rl).unwrap(), payloads.clone());
        let resp = ExecuteResponse::Success(ExecuteSuccess::from_rop_payloads(&refs, Flags(ext)).unwrap());
        let b = resp.to_bytes().unwrap();
        let ExecuteResponse::Success(back) = ExecuteResponse::decode(&b, &l).unwrap() else {
            panic!("not a success body")
        };
        prop_assert_eq!(back.rop_payloads(&rl).unwrap(), payloads);
    }

    /// Any octets: decoding never panics, and whatever decodes re-encodes to the same octets.
    #[test]
    fn arbitrary_bodies_decode_canonically(t in 0usize..5, b in bytes(128)) {
        let t = MAILBOX_TYPES[t];
        let l = Limits::default();
        if let Ok(r) = mailbox::decode_request(t, &b, &l) {
            prop_assert_eq!(r.to_bytes().unwrap(), b.clone());
        }
        if let Ok(r) = mailbox::decode_response(t, &b, &l) {
            prop_assert_eq!(r.to_bytes().unwrap(), b.clone());
        }
    }
}
