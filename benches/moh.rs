//! MAPI over HTTP Execute response throughput against a plain copy of the same octets in the
//! same run.
//!
//! The input is what a server sends for a large Execute (a ROP buffer near `MaxRopOut`
//! 0x40000, server-packed as eight RPC_HEADER_EXT payloads of 30 KiB, neither compressed nor
//! obfuscated) behind PROCESSING, two PENDING keep-alives, DONE and the additional headers.
//! - `copy`: the octets copied into a fresh vector, the floor any reader pays once.
//! - `meta_tags+decode`: the meta-tag parser splits the body and the Execute response is read
//!   as a zero-copy view.
//! - `meta_tags+decode+payloads`: the same, then the chain is unpacked into the plain ROP
//!   buffers `oxwire-mapi-rop` reads.
//! - `meta_tags_streamed`: the push parser fed 4 KiB reads, as the octets come off a socket.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use oxwire_mapi_rop::ext_buffer::Flags;
use oxwire_moh::http::meta_tags::{
    put_done, put_meta_tag, Event, MetaTag, MetaTagParser, ResponseBody,
};
use oxwire_moh::mailbox::{ExecuteResponse, ExecuteSuccess};
use oxwire_moh::Limits;

fn response() -> Vec<u8> {
    let payloads: Vec<Vec<u8>> = (0..8u32)
        .map(|p| (0..30 * 1024).map(|i| (i as u32 ^ p) as u8).collect())
        .collect();
    let refs: Vec<&[u8]> = payloads.iter().map(Vec::as_slice).collect();
    let mut wire = Vec::new();
    put_meta_tag(&mut wire, MetaTag::Processing);
    put_meta_tag(&mut wire, MetaTag::Pending);
    put_meta_tag(&mut wire, MetaTag::Pending);
    put_done(
        &mut wire,
        &[
            ("X-ElapsedTime", "212"),
            ("X-StartTime", "Mon, 01 Jan 2024 00:00:00 GMT"),
        ],
    )
    .unwrap();
    ExecuteResponse::Success(ExecuteSuccess::from_rop_payloads(&refs, Flags::LAST).unwrap())
        .encode(&mut wire)
        .unwrap();
    wire
}

fn bench(c: &mut Criterion) {
    let wire = response();
    let limits = Limits::default();
    let rop_limits = oxwire_mapi_rop::Limits::default();
    let mut g = c.benchmark_group("moh_execute_response");
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("copy", |b| {
        b.iter(|| black_box(black_box(&wire[..]).to_vec()))
    });
    g.bench_function("meta_tags+decode", |b| {
        b.iter(|| {
            let split = ResponseBody::decode(black_box(&wire), &limits).unwrap();
            let ExecuteResponse::Success(ok) =
                ExecuteResponse::decode(split.body, &limits).unwrap()
            else {
                unreachable!()
            };
            black_box(ok.rop_buffer.len())
        })
    });
    g.bench_function("meta_tags+decode+payloads", |b| {
        b.iter(|| {
            let split = ResponseBody::decode(black_box(&wire), &limits).unwrap();
            let ExecuteResponse::Success(ok) =
                ExecuteResponse::decode(split.body, &limits).unwrap()
            else {
                unreachable!()
            };
            black_box(ok.rop_payloads(&rop_limits).unwrap())
        })
    });
    g.bench_function("meta_tags_streamed", |b| {
        b.iter(|| {
            let mut p = MetaTagParser::new(limits.clone());
            let mut body = 0usize;
            for read in black_box(&wire).chunks(4096) {
                let mut input = read;
                loop {
                    let (used, ev) = p.parse(input).unwrap();
                    input = &input[used..];
                    match ev {
                        Some(Event::Body(b)) => body += b.len(),
                        Some(_) => {}
                        None => break,
                    }
                }
            }
            black_box(body)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
