//! The MAPI over HTTP proxy role on one Execute exchange, against reading the same octets
//! without session tracking, in the same run.
//!
//! The exchange is raw HTTP/1.1 on one connection: an Execute carrying RopQueryRows on a
//! table whose columns an earlier call set, and its chunked response (PROCESSING, PENDING,
//! DONE) carrying eight server-packed payloads of about 30 KiB (under the 32 KiB payload
//! bound), each 150 rows of one 100-character PidTagDisplayName_W value (standard PropertyRow, MS-OXCROPS 2.2.5.4).
//! - `copy`: both directions copied into fresh vectors, the floor any reader pays once.
//! - `frame+meta_tags+payloads`: HTTP framing, meta-tags, Execute body and RPC_HEADER_EXT
//!   unpacking, no ROP decoding.
//! - `proxy`: the whole proxy role: pairing, cookies, and every row decoded by the context's
//!   RopSession. Request and response are fed in 16 KiB reads.

use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use oxwire_mapi_rop::ext_buffer::Flags;
use oxwire_moh::http::message::{Direction, MessageEvent, MessageFramer};
use oxwire_moh::http::meta_tags::ResponseBody;
use oxwire_moh::mailbox::{ExecuteRequest, ExecuteResponse, ExecuteSuccess};
use oxwire_moh::session::{ConnId, Proxy, ProxyEvent, ProxyOutput};
use oxwire_moh::Limits;

const SET_COLUMNS_REQ: &[u8] = &[
    0x0c, 0x00, 0x12, 0x00, 0x00, 0x00, 0x01, 0x00, 0x1f, 0x00, 0x01, 0x30, 0x34, 0x12, 0x00, 0x00,
];
const SET_COLUMNS_RESP: &[u8] = &[
    0x09, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x34, 0x12, 0x00, 0x00,
];
const QUERY_ROWS_REQ: &[u8] = &[
    0x09, 0x00, 0x15, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x34, 0x12, 0x00, 0x00,
];

fn query_rows_response(rows: u16) -> Vec<u8> {
    let mut r = vec![0, 0, 0x15, 0x00, 0, 0, 0, 0, 0x02];
    r.extend(rows.to_le_bytes());
    for i in 0..rows {
        r.push(0);
        for k in 0..100u16 {
            r.extend((u16::from(b'a') + (i + k) % 26).to_le_bytes());
        }
        r.extend([0, 0]);
    }
    let size = r.len() as u16;
    r[..2].copy_from_slice(&size.to_le_bytes());
    r.extend(0x1234u32.to_le_bytes());
    r
}

fn http_request(counter: u64, rops: &[u8]) -> Vec<u8> {
    let body = ExecuteRequest::from_rop_buffer(rops, Flags::LAST, 0x40000)
        .unwrap()
        .to_bytes()
        .unwrap();
    let mut w = format!(
        "POST /mapi/emsmdb/?MailboxId=u@example.com HTTP/1.1\r\nHost: h\r\n\
         X-RequestType: Execute\r\nX-RequestId: {{E2EA6C1C-E61B-49E9-9CFB-38184F907552}}:{counter}\r\n\
         Cookie: MapiContext=C; MapiSequence=S\r\nContent-Type: application/mapi-http\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    w.extend(body);
    w
}

fn http_response(counter: u64, payloads: &[&[u8]]) -> Vec<u8> {
    let mut body = Vec::new();
    ExecuteResponse::Success(ExecuteSuccess::from_rop_payloads(payloads, Flags::LAST).unwrap())
        .encode(&mut body)
        .unwrap();
    let mut w = format!(
        "HTTP/1.1 200 OK\r\nX-RequestType: Execute\r\nX-ResponseCode: 0\r\n\
         X-RequestId: {{E2EA6C1C-E61B-49E9-9CFB-38184F907552}}:{counter}\r\n\
         Content-Type: application/mapi-http\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for chunk in [&b"PROCESSING\r\n"[..], b"PENDING\r\n", b"DONE\r\n\r\n"] {
        w.extend(format!("{:x}\r\n", chunk.len()).into_bytes());
        w.extend(chunk);
        w.extend(b"\r\n");
    }
    for piece in body.chunks(16 * 1024) {
        w.extend(format!("{:x}\r\n", piece.len()).into_bytes());
        w.extend(piece);
        w.extend(b"\r\n");
    }
    w.extend(b"0\r\n\r\n");
    w
}

/// A proxy that has seen the SetColumns call, ready for the QueryRows exchange.
fn primed() -> Proxy {
    let now = Instant::now();
    let mut p = Proxy::new(Default::default());
    p.handle_request_bytes(now, ConnId(1), &http_request(1, SET_COLUMNS_REQ))
        .unwrap();
    p.handle_response_bytes(now, ConnId(1), &http_response(1, &[SET_COLUMNS_RESP]))
        .unwrap();
    while p.poll_output() != ProxyOutput::Idle {}
    p
}

fn bench(c: &mut Criterion) {
    let rows = query_rows_response(150);
    let req = http_request(2, QUERY_ROWS_REQ);
    let resp = http_response(2, &[&rows[..]; 8]);
    let limits = Limits::default();
    let rop_limits = oxwire_mapi_rop::Limits::default();

    // The proxy decodes every row (checked once, outside the timing).
    let mut p = primed();
    let now = Instant::now();
    p.handle_request_bytes(now, ConnId(1), &req).unwrap();
    p.handle_response_bytes(now, ConnId(1), &resp).unwrap();
    let out = p.poll_output();
    let ProxyOutput::Event(ProxyEvent::ExecutePair {
        response_rops,
        rop_error: None,
        ..
    }) = out
    else {
        panic!("no clean ExecutePair: {out:?}")
    };
    assert_eq!(response_rops.len(), 8);

    let mut g = c.benchmark_group("moh_proxy_execute");
    g.throughput(Throughput::Bytes((req.len() + resp.len()) as u64));
    g.bench_function("copy", |b| {
        b.iter(|| {
            black_box(black_box(&req[..]).to_vec());
            black_box(black_box(&resp[..]).to_vec())
        })
    });
    g.bench_function("frame+meta_tags+payloads", |b| {
        b.iter(|| {
            let mut total = 0;
            for (dir, wire) in [(Direction::Requests, &req), (Direction::Responses, &resp)] {
                let mut f = MessageFramer::new(dir, limits.clone());
                let mut body = Vec::new();
                let mut input = &wire[..];
                loop {
                    let (used, ev) = f.parse(input).unwrap();
                    input = &input[used..];
                    match ev {
                        Some(MessageEvent::Body(b)) => body.extend_from_slice(b),
                        Some(_) => {}
                        None => break,
                    }
                }
                total += if dir == Direction::Requests {
                    ExecuteRequest::decode(&body, &limits)
                        .unwrap()
                        .rop_payloads(&rop_limits)
                        .unwrap()
                        .len()
                } else {
                    let split = ResponseBody::decode(&body, &limits).unwrap();
                    let ExecuteResponse::Success(ok) =
                        ExecuteResponse::decode(split.body, &limits).unwrap()
                    else {
                        unreachable!()
                    };
                    ok.rop_payloads(&rop_limits).unwrap().len()
                };
            }
            black_box(total)
        })
    });
    g.bench_function("proxy", |b| {
        b.iter_batched(
            primed,
            |mut p| {
                for piece in req.chunks(16 * 1024) {
                    p.handle_request_bytes(now, ConnId(1), piece).unwrap();
                }
                for piece in resp.chunks(16 * 1024) {
                    p.handle_response_bytes(now, ConnId(1), piece).unwrap();
                }
                black_box(p.poll_output())
            },
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
