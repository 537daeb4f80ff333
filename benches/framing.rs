//! Framer + PDU decode throughput on a realistic ncacn_ip_tcp byte stream, with a plain copy
//! of the same bytes measured in the same run as the ceiling.
//!
//! The stream mixes what an Outlook connection carries: small EcDoRpcExt2-sized requests
//! (a few hundred bytes) and large responses fragmented at the common max_xmit_frag of 5840,
//! plus binds and alter_contexts, all with NTLM verifiers like a signed connection.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use oxwire_msrpc::auth::SecTrailer;
use oxwire_msrpc::pdu::{Bind, ContextItem};
use oxwire_msrpc::{
    fragments, Auth, CallTemplate, Framer, Pdu, PduBody, Reassembler, SyntaxId, Uuid, NDR20,
};

/// Adds an NTLM integrity verifier, padding the stub to 4 octets as Windows does.
fn signed<'a>(p: &mut Pdu<'a>, pad: &'a [u8; 16], sig: &'a [u8; 16]) {
    let stub_len = p.body.stub().map_or(0, <[u8]>::len);
    p.auth = Some(Auth {
        trailer: SecTrailer {
            auth_type: 10,
            auth_level: 5,
            auth_pad_length: 0,
            auth_reserved: 0,
            auth_context_id: 1,
        },
        pad: &pad[..(4 - stub_len % 4) % 4],
        value: sig,
    });
}

fn stream() -> Vec<u8> {
    let emsmdb = SyntaxId::new(
        Uuid::parse("a4f1db00-ca47-1067-b31f-00dd010662da").unwrap(),
        0,
        81,
    );
    let mut out = Vec::new();
    let sig = [0x5au8; 16];
    let pad = [0u8; 16];
    for round in 0..64u32 {
        let bind = Pdu::new(
            PduBody::Bind(Bind::new(
                5840,
                5840,
                0,
                vec![ContextItem::new(0, emsmdb, vec![NDR20])],
            )),
            3,
            round * 100,
        );
        bind.encode(&mut out).unwrap();
        for call in 0..8u32 {
            let id = round * 100 + call + 1;
            let req: Vec<u8> = (0..300 + call * 37).map(|i| i as u8).collect();
            for mut p in fragments(
                CallTemplate::Request {
                    ctx_id: 0,
                    opnum: 11,
                    object: None,
                },
                id,
                0,
                &req,
                5840 - 32,
            ) {
                signed(&mut p, &pad, &sig);
                p.encode(&mut out).unwrap();
            }
            // Every other call returns a large buffer, as RopReadStream or QueryRows do.
            let resp_len = if call % 2 == 0 {
                0x8000 + call as usize * 1000
            } else {
                200
            };
            let resp: Vec<u8> = (0..resp_len).map(|i| (i * 7) as u8).collect();
            for mut p in fragments(
                CallTemplate::Response { ctx_id: 0 },
                id,
                0,
                &resp,
                5840 - 32,
            ) {
                signed(&mut p, &pad, &sig);
                p.encode(&mut out).unwrap();
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let data = stream();
    let mut g = c.benchmark_group("dcerpc_stream");
    g.throughput(Throughput::Bytes(data.len() as u64));
    // Ceiling: copying every byte once, in the same 1460-byte chunks the framer receives, into
    // a reused buffer as large as the biggest PDU (the framer's own buffer stays that small).
    g.bench_function("memcpy_baseline", |b| {
        let mut dst = Vec::with_capacity(8192);
        b.iter(|| {
            let mut n = 0usize;
            for chunk in data.chunks(1460) {
                if dst.len() + chunk.len() > 8192 {
                    dst.clear();
                }
                dst.extend_from_slice(black_box(chunk));
                n += dst.len();
            }
            black_box(n)
        })
    });
    g.bench_function("framer_decode", |b| {
        b.iter(|| {
            let mut f = Framer::default();
            let mut n = 0usize;
            for chunk in data.chunks(1460) {
                f.push(chunk);
                while let Some(p) = f.next_pdu().unwrap() {
                    let (pdu, _) = Pdu::decode(p).unwrap();
                    n += pdu.header.frag_length as usize;
                }
            }
            black_box(n)
        })
    });
    g.bench_function("framer_decode_reassemble", |b| {
        b.iter(|| {
            let mut f = Framer::default();
            let mut r = Reassembler::default();
            let mut n = 0usize;
            for chunk in data.chunks(1460) {
                f.push(chunk);
                while let Some(p) = f.next_pdu().unwrap() {
                    let (pdu, _) = Pdu::decode(p).unwrap();
                    if let Some(stub) = pdu.body.stub() {
                        if let Some(call) = r.push(&pdu, stub).unwrap() {
                            n += call.stub.len();
                        }
                    }
                }
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
