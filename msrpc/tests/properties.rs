//! Property tests: building then decoding gives back what was built, decoding then encoding
//! gives back the bytes, and no input makes the decoder or framer panic.

use oxwire_msrpc::auth::SecTrailer;
use oxwire_msrpc::pdu::{
    Auth3, Bind, BindAck, BindNak, ContextItem, ContextResult, Fault, Request, Response, Rts,
};
use oxwire_msrpc::{split_pdus, Auth, DataRep, Framer, Pdu, PduBody, SyntaxId, Uuid};
use proptest::prelude::*;

fn syntax() -> impl Strategy<Value = SyntaxId> {
    (any::<[u8; 16]>(), any::<u32>()).prop_map(|(u, v)| SyntaxId {
        uuid: Uuid(u),
        version: v,
    })
}

fn context_item() -> impl Strategy<Value = ContextItem> {
    (
        any::<u16>(),
        any::<u8>(),
        syntax(),
        prop::collection::vec(syntax(), 0..4),
    )
        .prop_map(
            |(ctx_id, reserved, abstract_syntax, transfer_syntaxes)| ContextItem {
                ctx_id,
                reserved,
                abstract_syntax,
                transfer_syntaxes,
            },
        )
}

#[derive(Debug, Clone)]
enum Shape {
    Request(u32, u16, u16, Option<[u8; 16]>),
    Response(u32, u16, u8, u8),
    Fault(u32, u16, u8, u8, u32, [u8; 4]),
    Bind(u16, u16, u32, [u8; 3], Vec<ContextItem>, bool),
    BindAck(u16, u16, u32, Vec<u8>, Vec<(u16, u16, SyntaxId)>, bool),
    BindNak(u16, Option<Vec<(u8, u8)>>),
    Auth3([u8; 4]),
    Shutdown,
    CoCancel,
    Orphaned,
    Rts(u16, u16),
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        (
            any::<u32>(),
            any::<u16>(),
            any::<u16>(),
            any::<Option<[u8; 16]>>()
        )
            .prop_map(|(a, b, c, d)| Shape::Request(a, b, c, d)),
        (any::<u32>(), any::<u16>(), any::<u8>(), any::<u8>())
            .prop_map(|(a, b, c, d)| Shape::Response(a, b, c, d)),
        (
            any::<u32>(),
            any::<u16>(),
            any::<u8>(),
            any::<u8>(),
            any::<u32>(),
            any::<[u8; 4]>()
        )
            .prop_map(|(a, b, c, d, e, f)| Shape::Fault(a, b, c, d, e, f)),
        (
            any::<u16>(),
            any::<u16>(),
            any::<u32>(),
            any::<[u8; 3]>(),
            prop::collection::vec(context_item(), 0..4),
            any::<bool>()
        )
            .prop_map(|(a, b, c, d, e, f)| Shape::Bind(a, b, c, d, e, f)),
        (
            any::<u16>(),
            any::<u16>(),
            any::<u32>(),
            prop::collection::vec(any::<u8>(), 0..12),
            prop::collection::vec((any::<u16>(), any::<u16>(), syntax()), 0..4),
            any::<bool>()
        )
            .prop_map(|(a, b, c, d, e, f)| Shape::BindAck(a, b, c, d, e, f)),
        (any::<u16>(), any::<Option<Vec<(u8, u8)>>>()).prop_map(|(a, b)| Shape::BindNak(a, b)),
        any::<[u8; 4]>().prop_map(Shape::Auth3),
        Just(Shape::Shutdown),
        Just(Shape::CoCancel),
        Just(Shape::Orphaned),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Shape::Rts(a, b)),
    ]
}

fn build<'a>(s: &'a Shape, payload: &'a [u8]) -> PduBody<'a> {
    match s {
        Shape::Request(a, b, c, d) => PduBody::Request(Request {
            alloc_hint: *a,
            ctx_id: *b,
            opnum: *c,
            object: d.map(Uuid),
            stub: payload,
        }),
        Shape::Response(a, b, c, d) => PduBody::Response(Response {
            alloc_hint: *a,
            ctx_id: *b,
            cancel_count: *c,
            reserved: *d,
            stub: payload,
        }),
        Shape::Fault(a, b, c, d, e, f) => PduBody::Fault(Fault {
            alloc_hint: *a,
            ctx_id: *b,
            cancel_count: *c,
            flags: *d,
            status: *e,
            reserved2: Some(*f),
            stub: payload,
        }),
        Shape::Bind(a, b, c, d, e, alter) => {
            let body = Bind {
                max_xmit_frag: *a,
                max_recv_frag: *b,
                assoc_group_id: *c,
                reserved: *d,
                contexts: e.clone(),
                trailing: payload,
            };
            if *alter {
                PduBody::AlterContext(body)
            } else {
                PduBody::Bind(body)
            }
        }
        Shape::BindAck(a, b, c, d, e, alter) => {
            let results = e
                .iter()
                .map(|(r, why, t)| ContextResult {
                    result: *r,
                    reason: *why,
                    transfer_syntax: *t,
                })
                .collect();
            let mut body = BindAck::new(*a, *b, *c, d, results);
            body.trailing = payload;
            if *alter {
                PduBody::AlterContextResp(body)
            } else {
                PduBody::BindAck(body)
            }
        }
        Shape::BindNak(a, b) => PduBody::BindNak(BindNak {
            reject_reason: *a,
            versions: b.clone(),
            // A version list needs its count byte, so trailing bytes only follow one.
            trailing: if b.is_some() { payload } else { &[] },
        }),
        Shape::Auth3(p) => PduBody::Auth3(Auth3 {
            pad: *p,
            trailing: payload,
        }),
        Shape::Shutdown => PduBody::Shutdown(payload),
        Shape::CoCancel => PduBody::CoCancel(payload),
        Shape::Orphaned => PduBody::Orphaned(payload),
        Shape::Rts(f, n) => PduBody::Rts(Rts {
            flags: *f,
            number_of_commands: *n,
            commands: payload,
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn built_pdus_decode_to_what_was_built(
        s in shape(),
        payload in prop::collection::vec(any::<u8>(), 0..64),
        flags in any::<u8>(),
        call_id in any::<u32>(),
        big_endian in any::<bool>(),
        auth in prop::option::of((any::<u8>(), any::<u8>(), any::<u8>(), any::<u32>(), 0usize..16, prop::collection::vec(any::<u8>(), 1..40))),
    ) {
        // An object UUID is present exactly when the flag says so.
        let mut flags = flags & !0x80;
        if let Shape::Request(_, _, _, Some(_)) = s { flags |= 0x80; }
        let body = build(&s, &payload);
        let mut pdu = Pdu::new(body, flags, call_id);
        if big_endian { pdu.header.drep = DataRep::BIG_ENDIAN; }
        let pad_bytes = [0u8; 16];
        if let Some((t, l, r, c, pad, value)) = &auth {
            // BindNak without versions and header-only types cannot carry padding that would be
            // told apart from their trailing bytes, so only padding is varied where the body has
            // a fixed part first.
            pdu.auth = Some(Auth {
                trailer: SecTrailer { auth_type: *t, auth_level: *l, auth_pad_length: *pad as u8, auth_reserved: *r, auth_context_id: *c },
                pad: &pad_bytes[..*pad],
                value,
            });
        }
        let bytes = pdu.to_vec().unwrap();
        prop_assert_eq!(bytes.len(), pdu.encoded_len());
        let (back, used) = Pdu::decode(&bytes).unwrap();
        prop_assert_eq!(used, bytes.len());
        let mut expect = pdu.clone();
        expect.header.frag_length = bytes.len() as u16;
        expect.header.auth_length = auth.as_ref().map_or(0, |a| a.5.len() as u16);
        prop_assert_eq!(back, expect);
    }

    #[test]
    fn decoding_never_panics_and_accepted_bytes_reencode_exactly(bytes in prop::collection::vec(any::<u8>(), 0..300), patch in any::<bool>()) {
        let mut bytes = bytes;
        // Make most inputs look like a PDU so the body decoders are reached.
        if patch && bytes.len() >= 16 {
            bytes[0] = 5;
            bytes[2] %= 21;
            bytes[4] = 0x10;
            let len = bytes.len() as u16;
            bytes[8..10].copy_from_slice(&len.to_le_bytes());
            if bytes[10] > 64 { bytes[10] = 0; bytes[11] = 0; }
        }
        if let Ok((pdu, used)) = Pdu::decode(&bytes) {
            prop_assert_eq!(pdu.to_vec().unwrap(), &bytes[..used]);
        }
        let mut f = Framer::default();
        f.push(&bytes);
        while let Ok(Some(p)) = f.next_pdu() { let _ = Pdu::decode(p); }
        for p in split_pdus(&bytes) { if p.is_err() { break; } }
    }
}
