//! A whole connection built from parts, cut into arbitrary chunks, and read back: the framer,
//! the association and the reassembler must recover exactly the calls that were sent.

use oxwire_msrpc::pdu::{Bind, BindAck, ContextItem, ContextResult, Fault, Request};
use oxwire_msrpc::uuid::{
    bind_time_feature_syntax, FEATURE_KEEP_CONNECTION_ON_ORPHAN,
    FEATURE_SECURITY_CONTEXT_MULTIPLEXING,
};
use oxwire_msrpc::{
    fragments, Association, CallTemplate, Direction, Error, Framer, Limits, Pdu, PduBody,
    Reassembler, SyntaxId, Uuid, NDR20, NDR64,
};
use proptest::prelude::*;

const EMSMDB: SyntaxId = SyntaxId::new(
    Uuid::from_fields(
        0xa4f1db00,
        0xca47,
        0x1067,
        [0xb3, 0x1f, 0x00, 0xdd, 0x01, 0x06, 0x62, 0xda],
    ),
    0,
    81,
);
const NSPI: SyntaxId = SyntaxId::new(
    Uuid::from_fields(
        0xf5cc5a18,
        0x4264,
        0x101a,
        [0x8c, 0x59, 0x08, 0x00, 0x2b, 0x2f, 0x84, 0x26],
    ),
    56,
    0,
);

/// (call_id, opnum, ctx_id, request stub, response stub)
type Call = (u32, u16, u16, Vec<u8>, Vec<u8>);

struct Conversation {
    /// (direction, bytes of one PDU)
    pdus: Vec<(Direction, Vec<u8>)>,
    /// (call_id, opnum, ctx_id, request stub, response stub)
    calls: Vec<Call>,
}

fn stub(seed: u32, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(31).wrapping_add(seed) as u8)
        .collect()
}

/// bind (EMSMDB over NDR20 or NDR64, plus feature negotiation), bind_ack, alter_context adding
/// NSPI on context 1, then two EMSMDB calls and one NSPI call whose fragments interleave.
fn conversation(max_frag: u16) -> Conversation {
    let mut pdus = Vec::new();
    let mut push = |dir, p: Pdu<'_>| pdus.push((dir, p.to_vec().unwrap()));
    push(
        Direction::ClientToServer,
        Pdu::new(
            PduBody::Bind(Bind::new(
                max_frag,
                max_frag,
                0,
                vec![
                    ContextItem::new(0, EMSMDB, vec![NDR20]),
                    ContextItem::new(2, EMSMDB, vec![NDR64]),
                    ContextItem::new(
                        3,
                        EMSMDB,
                        vec![bind_time_feature_syntax(
                            FEATURE_SECURITY_CONTEXT_MULTIPLEXING
                                | FEATURE_KEEP_CONNECTION_ON_ORPHAN,
                        )],
                    ),
                ],
            )),
            0x03,
            1,
        ),
    );
    push(
        Direction::ServerToClient,
        Pdu::new(
            PduBody::BindAck(BindAck::new(
                max_frag,
                max_frag,
                0x1234,
                b"6001\0",
                vec![
                    ContextResult {
                        result: 0,
                        reason: 0,
                        transfer_syntax: NDR20,
                    },
                    ContextResult {
                        result: 2,
                        reason: 2,
                        transfer_syntax: SyntaxId::default(),
                    },
                    ContextResult {
                        result: 3,
                        reason: 3,
                        transfer_syntax: SyntaxId::default(),
                    },
                ],
            )),
            0x03,
            1,
        ),
    );
    push(
        Direction::ClientToServer,
        Pdu::new(
            PduBody::AlterContext(Bind::new(
                max_frag,
                max_frag,
                0x1234,
                vec![ContextItem::new(1, NSPI, vec![NDR20])],
            )),
            0x03,
            2,
        ),
    );
    push(
        Direction::ServerToClient,
        Pdu::new(
            PduBody::AlterContextResp(BindAck::new(
                max_frag,
                max_frag,
                0x1234,
                b"",
                vec![ContextResult {
                    result: 0,
                    reason: 0,
                    transfer_syntax: NDR20,
                }],
            )),
            0x03,
            2,
        ),
    );
    let calls = vec![
        (3u32, 11u16, 0u16, stub(3, 9000), stub(30, 20000)),
        (4, 11, 0, stub(4, 100), stub(40, 7)),
        (5, 0, 1, stub(5, 3000), stub(50, 0)),
    ];
    // Requests of all three calls interleaved fragment by fragment, then responses likewise.
    let reqs: Vec<Vec<Pdu<'_>>> = calls
        .iter()
        .map(|(id, op, ctx, rq, _)| {
            fragments(
                CallTemplate::Request {
                    ctx_id: *ctx,
                    opnum: *op,
                    object: None,
                },
                *id,
                0,
                rq,
                max_frag,
            )
            .collect()
        })
        .collect();
    let resps: Vec<Vec<Pdu<'_>>> = calls
        .iter()
        .map(|(id, _, ctx, _, rs)| {
            fragments(
                CallTemplate::Response { ctx_id: *ctx },
                *id,
                0,
                rs,
                max_frag,
            )
            .collect()
        })
        .collect();
    for (dir, set) in [
        (Direction::ClientToServer, &reqs),
        (Direction::ServerToClient, &resps),
    ] {
        let longest = set.iter().map(Vec::len).max().unwrap_or(0);
        for i in 0..longest {
            for frags in set.iter() {
                if let Some(p) = frags.get(i) {
                    assert!(p.encoded_len() <= max_frag as usize);
                    push(dir, p.clone());
                }
            }
        }
    }
    Conversation { pdus, calls }
}

fn replay(conv: &Conversation, cuts: &[usize]) {
    let mut assoc = Association::default();
    let mut framers = [Framer::default(), Framer::default()];
    let mut reasm = [Reassembler::default(), Reassembler::default()];
    let mut got_req = Vec::new();
    let mut got_resp = Vec::new();
    // Each direction is its own byte stream; cut both at the same pseudo-random points.
    for (dir, pdu) in &conv.pdus {
        let d = (*dir == Direction::ServerToClient) as usize;
        let mut rest = &pdu[..];
        let mut i = 0;
        while !rest.is_empty() {
            let n = cuts[i % cuts.len()].clamp(1, rest.len());
            framers[d].push(&rest[..n]);
            rest = &rest[n..];
            i += 1;
            while let Some(bytes) = framers[d].next_pdu().unwrap() {
                let (p, used) = Pdu::decode(bytes).unwrap();
                assert_eq!(used, bytes.len());
                let info = assoc.handle_pdu(*dir, &p).unwrap();
                if let Some(call) = reasm[d].push(&p, p.body.stub().unwrap_or(&[])).unwrap() {
                    let info = info.expect("calls are tied to their request");
                    if d == 0 {
                        got_req.push((
                            call.call_id,
                            info.opnum,
                            call.ctx_id,
                            call.stub.into_owned(),
                        ));
                    } else {
                        got_resp.push((
                            call.call_id,
                            info.opnum,
                            info.context.unwrap().interface,
                            call.stub.into_owned(),
                        ));
                    }
                }
            }
        }
    }
    let mut want_req: Vec<_> = conv
        .calls
        .iter()
        .map(|c| (c.0, c.1, c.2, c.3.clone()))
        .collect();
    let mut want_resp: Vec<_> = conv
        .calls
        .iter()
        .map(|c| (c.0, c.1, if c.2 == 1 { NSPI } else { EMSMDB }, c.4.clone()))
        .collect();
    got_req.sort();
    want_req.sort();
    got_resp.sort_by_key(|c| c.0);
    want_resp.sort_by_key(|c| c.0);
    assert_eq!(got_req, want_req);
    assert_eq!(got_resp, want_resp);
    assert_eq!(assoc.pending_calls(), 0);
    assert_eq!(assoc.features, Some(3));
    assert_eq!(assoc.sec_addr.as_deref(), Some("6001"));
    assert_eq!(assoc.context(0).unwrap().transfer_syntax, NDR20);
    assert!(
        assoc.context(2).is_none(),
        "rejected context must not be usable"
    );
    assert_eq!(assoc.context(1).unwrap().interface, NSPI);
}

#[test]
fn whole_conversation_in_one_piece_and_byte_by_byte() {
    let conv = conversation(5840);
    replay(&conv, &[usize::MAX]);
    replay(&conv, &[1]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_chunking_and_fragment_size_gives_the_same_calls(
        cuts in prop::collection::vec(1usize..3000, 1..20),
        max_frag in 64u16..9000,
    ) {
        replay(&conversation(max_frag), &cuts);
    }
}

#[test]
fn fragments_carry_flags_and_alloc_hint() {
    let s = stub(1, 100);
    let frags: Vec<_> = fragments(
        CallTemplate::Request {
            ctx_id: 0,
            opnum: 2,
            object: None,
        },
        9,
        0,
        &s,
        24 + 40,
    )
    .collect();
    // 40 bytes of room per fragment: 40, 40, 20.
    let got: Vec<_> = frags
        .iter()
        .map(|p| match &p.body {
            PduBody::Request(r) => (p.header.pfc_flags.0, r.alloc_hint, r.stub.len()),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(got, vec![(0x01, 100, 40), (0x00, 60, 40), (0x02, 20, 20)]);
    let empty: Vec<_> = fragments(CallTemplate::Response { ctx_id: 0 }, 9, 0, &[], 5840).collect();
    assert_eq!(empty.len(), 1);
    assert_eq!(empty[0].header.pfc_flags.0, 0x03);
}

fn request(flags: u8, call_id: u32, ctx_id: u16, stub: &[u8]) -> Vec<u8> {
    Pdu::new(
        PduBody::Request(Request {
            alloc_hint: 0,
            ctx_id,
            opnum: 0,
            object: None,
            stub,
        }),
        flags,
        call_id,
    )
    .to_vec()
    .unwrap()
}

#[test]
fn hostile_lengths_are_typed_errors() {
    let mut short = request(3, 1, 0, b"abcd");
    short[8] = 15;
    short[9] = 0;
    assert!(matches!(
        Pdu::decode(&short),
        Err(Error::FragLengthTooShort { .. })
    ));
    let mut f = Framer::default();
    f.push(&short);
    assert!(f.next_pdu().is_err());
    assert!(
        f.next_pdu().is_err(),
        "a framer that lost sync stays failed"
    );

    // frag_length 20 for a request, whose fixed part is 24.
    let mut r = request(3, 1, 0, b"");
    r[8] = 20;
    assert!(matches!(
        Pdu::decode(&r),
        Err(Error::FragLengthTooShort { min: 24, .. })
    ));

    // auth_length larger than the PDU.
    let mut a = request(3, 1, 0, &[0; 16]);
    a[10] = 200;
    assert!(matches!(
        Pdu::decode(&a),
        Err(Error::AuthLengthTooLong { .. })
    ));

    // auth_pad_length larger than the stub: 24-byte fixed part, 4 stub bytes, trailer, 4-byte value.
    let mut p = request(3, 1, 0, &[0; 4]);
    p.extend_from_slice(&[10, 6, 9, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    let len = p.len() as u16;
    p[8..10].copy_from_slice(&len.to_le_bytes());
    p[10] = 4;
    assert!(matches!(
        Pdu::decode(&p),
        Err(Error::AuthPadTooLong { pad: 9, body: 4 })
    ));
    p[30] = 4;
    let (ok, _) = Pdu::decode(&p).unwrap();
    assert_eq!(ok.auth.unwrap().pad.len(), 4);

    // frag_length above a configured limit.
    let big = request(3, 1, 0, &[0; 2000]);
    let limits = Limits {
        max_frag_length: 1024,
        ..Limits::default()
    };
    assert!(matches!(
        Pdu::decode_with(&big, &limits),
        Err(Error::LimitExceeded {
            what: "frag_length",
            ..
        })
    ));
    let mut f = Framer::new(limits);
    f.push(&big);
    assert!(matches!(f.next_pdu(), Err(Error::LimitExceeded { .. })));
}

#[test]
fn impossible_fragment_sequences_are_typed_errors() {
    let mut re = Reassembler::default();
    let middle = request(0, 7, 0, b"xx");
    let (p, _) = Pdu::decode(&middle).unwrap();
    assert!(matches!(
        re.push(&p, b"xx"),
        Err(Error::FragmentSequence { call_id: 7, .. })
    ));
    let first = request(1, 7, 0, b"aa");
    let (p, _) = Pdu::decode(&first).unwrap();
    assert_eq!(re.push(&p, b"aa").unwrap(), None);
    // A second first fragment for the same call: reported, and the new call is kept.
    assert!(matches!(
        re.push(&p, b"bb"),
        Err(Error::FragmentSequence { .. })
    ));
    let last = request(2, 7, 0, b"cc");
    let (p, _) = Pdu::decode(&last).unwrap();
    assert_eq!(&re.push(&p, b"cc").unwrap().unwrap().stub[..], b"bbcc");
    // A response fragment continuing a request.
    let (p, _) = Pdu::decode(&first).unwrap();
    re.push(&p, b"aa").unwrap();
    let resp = Pdu::new(
        PduBody::Response(oxwire_msrpc::pdu::Response {
            alloc_hint: 0,
            ctx_id: 0,
            cancel_count: 0,
            reserved: 0,
            stub: b"zz",
        }),
        2,
        7,
    )
    .to_vec()
    .unwrap();
    let (p, _) = Pdu::decode(&resp).unwrap();
    assert!(matches!(
        re.push(&p, b"zz"),
        Err(Error::FragmentSequence { .. })
    ));
    // Reassembly beyond the stub limit.
    let mut small = Reassembler::new(Limits {
        max_stub_len: 3,
        ..Limits::default()
    });
    let (p, _) = Pdu::decode(&first).unwrap();
    small.push(&p, b"aa").unwrap();
    let (p, _) = Pdu::decode(&last).unwrap();
    assert!(matches!(
        small.push(&p, b"cc"),
        Err(Error::LimitExceeded { .. })
    ));
    assert_eq!(small.pending(), 0);
    // Too many calls in flight.
    let mut few = Reassembler::new(Limits {
        max_pending_calls: 2,
        ..Limits::default()
    });
    for id in 0..2 {
        let bytes = request(1, id, 0, b"a");
        let (p, _) = Pdu::decode(&bytes).unwrap();
        few.push(&p, b"a").unwrap();
    }
    let bytes = request(1, 99, 0, b"a");
    let (p, _) = Pdu::decode(&bytes).unwrap();
    assert!(matches!(
        few.push(&p, b"a"),
        Err(Error::LimitExceeded { .. })
    ));
}

#[test]
fn unknown_contexts_and_empty_binds_are_typed_errors() {
    let mut a = Association::default();
    let req = request(3, 1, 5, b"");
    let (p, _) = Pdu::decode(&req).unwrap();
    assert_eq!(
        a.handle_pdu(Direction::ClientToServer, &p),
        Err(Error::UnknownContext { ctx_id: 5 })
    );
    let bind = Pdu::new(PduBody::Bind(Bind::new(5840, 5840, 0, vec![])), 3, 1)
        .to_vec()
        .unwrap();
    let (p, _) = Pdu::decode(&bind).unwrap();
    assert!(matches!(
        a.handle_pdu(Direction::ClientToServer, &p),
        Err(Error::Invalid { .. })
    ));
    // A response nobody asked for.
    let fault = Pdu::new(
        PduBody::Fault(Fault {
            alloc_hint: 0,
            ctx_id: 0,
            cancel_count: 0,
            flags: 0,
            status: 0x1c010002,
            reserved2: Some([0; 4]),
            stub: b"",
        }),
        3,
        42,
    )
    .to_vec()
    .unwrap();
    let (p, _) = Pdu::decode(&fault).unwrap();
    assert!(matches!(
        a.handle_pdu(Direction::ServerToClient, &p),
        Err(Error::FragmentSequence { call_id: 42, .. })
    ));
    // A request sent by the server.
    let (p, _) = Pdu::decode(&req).unwrap();
    assert!(matches!(
        a.handle_pdu(Direction::ServerToClient, &p),
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn context_id_reused_after_alter_context_takes_the_new_interface() {
    let mut a = Association::default();
    let steps: Vec<(Direction, Vec<u8>)> = vec![
        (
            Direction::ClientToServer,
            Pdu::new(
                PduBody::Bind(Bind::new(
                    5840,
                    5840,
                    0,
                    vec![ContextItem::new(0, EMSMDB, vec![NDR20])],
                )),
                3,
                1,
            )
            .to_vec()
            .unwrap(),
        ),
        (
            Direction::ServerToClient,
            Pdu::new(
                PduBody::BindAck(BindAck::new(
                    5840,
                    5840,
                    1,
                    b"135\0",
                    vec![ContextResult {
                        result: 0,
                        reason: 0,
                        transfer_syntax: NDR20,
                    }],
                )),
                3,
                1,
            )
            .to_vec()
            .unwrap(),
        ),
        (
            Direction::ClientToServer,
            Pdu::new(
                PduBody::AlterContext(Bind::new(
                    5840,
                    5840,
                    1,
                    vec![ContextItem::new(0, NSPI, vec![NDR64])],
                )),
                3,
                2,
            )
            .to_vec()
            .unwrap(),
        ),
        (
            Direction::ServerToClient,
            Pdu::new(
                PduBody::AlterContextResp(BindAck::new(
                    5840,
                    5840,
                    1,
                    b"",
                    vec![ContextResult {
                        result: 0,
                        reason: 0,
                        transfer_syntax: NDR64,
                    }],
                )),
                3,
                2,
            )
            .to_vec()
            .unwrap(),
        ),
    ];
    for (i, (d, b)) in steps.iter().enumerate() {
        let (p, _) = Pdu::decode(b).unwrap();
        a.handle_pdu(*d, &p).unwrap();
        if i == 1 {
            assert_eq!(a.context(0).unwrap().interface, EMSMDB);
        }
    }
    assert_eq!(a.context(0).unwrap().interface, NSPI);
    assert_eq!(a.context(0).unwrap().transfer_syntax, NDR64);
}

#[test]
fn encoding_refuses_counts_wider_than_their_fields() {
    let many: Vec<ContextItem> = (0..256)
        .map(|i| ContextItem::new(i, EMSMDB, vec![NDR20]))
        .collect();
    let p = Pdu::new(PduBody::Bind(Bind::new(5840, 5840, 0, many)), 3, 1);
    assert!(matches!(
        p.to_vec(),
        Err(Error::LimitExceeded { limit: 255, .. })
    ));
    let big = vec![0u8; 70_000];
    let r = Pdu::new(
        PduBody::Request(Request {
            alloc_hint: 0,
            ctx_id: 0,
            opnum: 0,
            object: None,
            stub: &big,
        }),
        3,
        1,
    );
    assert!(matches!(
        r.to_vec(),
        Err(Error::LimitExceeded {
            what: "encoded frag_length",
            ..
        })
    ));
}
