//! Inner-PDU throughput through the inbound proxy state machine of RPC over HTTP, against a
//! plain DCE/RPC framer reading the same PDU bytes in the same run (budget: ≥ 0.8× of the
//! framer).
//!
//! The stream is what an IN channel carries after CONN/B1: requests of a few hundred bytes to
//! full 5840-byte fragments. The proxy parses the HTTP body, frames each PDU, runs receive
//! and send flow control, acknowledges every half window and emits the PDU for the server.
//! `in_proxy` borrows each 16 KiB read (`handle_data`): the relay copies it once, into the
//! transmit for the server.

use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use oxwire_msrpc::pdu::Request;
use oxwire_msrpc::{Framer, Pdu, PduBody};
use oxwire_rpch::named::{ConnB1, ConnB3};
use oxwire_rpch::vc::{InProxy, Link, Output, ProxyConfig};
use oxwire_rpch::Cookie;

fn pdus() -> Vec<u8> {
    let mut out = Vec::new();
    for call in 0..1024u32 {
        let len = [300usize, 800, 2000, 5816][call as usize % 4];
        let stub: Vec<u8> = (0..len).map(|i| i as u8).collect();
        Pdu::new(
            PduBody::Request(Request {
                alloc_hint: len as u32,
                ctx_id: 0,
                opnum: 11,
                object: None,
                stub: &stub,
            }),
            3,
            call + 1,
        )
        .encode(&mut out)
        .unwrap();
    }
    out
}

/// An inbound proxy with its virtual connection open and a 1 GiB IN channel.
fn open_proxy(now: Instant) -> InProxy {
    let mut p = InProxy::new(ProxyConfig {
        receive_window: 0x40000,
        ..ProxyConfig::default()
    });
    let mut head =
        b"RPC_IN_DATA /rpc/rpcproxy.dll?mail:6001 HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n"
            .to_vec();
    let b1 = ConnB1 {
        version: 1,
        virtual_connection_cookie: Cookie([1; 16]),
        in_channel_cookie: Cookie([2; 16]),
        channel_lifetime: 0x4000_0000,
        client_keepalive: 300_000,
        association_group_id: Cookie([3; 16]),
    };
    b1.to_pdu().encode(&mut head).unwrap();
    p.handle_data(now, Link::Client, &head);
    drain(&mut p);
    p.handle_server_connected(now);
    // The server's window is large enough that nothing waits: the bench measures relaying.
    let b3 = ConnB3 {
        receive_window_size: 0x7fff_ffff,
        version: 1,
    };
    p.handle_data(now, Link::Server, &b3.to_pdu().to_vec().unwrap());
    drain(&mut p);
    p
}

fn drain(p: &mut InProxy) -> usize {
    let mut n = 0;
    loop {
        match p.poll_output() {
            Output::Transmit(_, d) => n += d.len(),
            Output::Timeout(_) | Output::Idle => return n,
            _ => {}
        }
    }
}

fn bench(c: &mut Criterion) {
    let bytes = pdus();
    let mut g = c.benchmark_group("rpch");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("plain_framer", |b| {
        b.iter(|| {
            let mut f = Framer::default();
            let mut n = 0;
            for chunk in bytes.chunks(16 * 1024) {
                f.push(chunk);
                while let Some(p) = f.next_pdu().unwrap() {
                    n += black_box(p).len();
                }
            }
            n
        })
    });
    let now = Instant::now();
    g.bench_function("in_proxy", |b| {
        b.iter_batched(
            || open_proxy(now),
            |mut p| {
                let mut n = 0;
                for chunk in bytes.chunks(16 * 1024) {
                    p.handle_data(now, Link::Client, chunk);
                    n += drain(&mut p);
                }
                assert!(n >= bytes.len());
                n
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
