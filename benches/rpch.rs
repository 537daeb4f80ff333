//! Inner-PDU throughput through the proxy state machines of RPC over HTTP, against a plain
//! DCE/RPC framer reading the same PDU bytes in the same run (budget: ≥ 0.8× of the framer).
//!
//! The stream is what a channel carries once open: PDUs of a few hundred bytes to full
//! 5840-byte fragments, read 16 KiB at a time. `in_proxy` takes them as the client's IN
//! channel body, `out_proxy` as the server's OUT leg; each frames every PDU, runs receive and
//! send flow control, acknowledges every half window and writes the PDUs for the other link,
//! copying each read once. The `_no_reuse` variants drop every transmit instead of giving
//! its buffer back with `reuse`.

use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use oxwire_msrpc::pdu::Request;
use oxwire_msrpc::{Framer, Pdu, PduBody};
use oxwire_rpch::named::{ConnA1, ConnB1, ConnB3, ConnC1};
use oxwire_rpch::vc::{InProxy, Link, OutProxy, Output, ProxyConfig};
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
    drain(&mut p, false);
    p.handle_server_connected(now);
    // The server's window is large enough that nothing waits: the bench measures relaying.
    let b3 = ConnB3 {
        receive_window_size: 0x7fff_ffff,
        version: 1,
    };
    p.handle_data(now, Link::Server, &b3.to_pdu().to_vec().unwrap());
    drain(&mut p, false);
    p
}

/// An outbound proxy with its virtual connection open; the client's window is large enough
/// that nothing waits.
fn open_out_proxy(now: Instant) -> OutProxy {
    let mut p = OutProxy::new(ProxyConfig {
        receive_window: 0x40000,
        ..ProxyConfig::default()
    });
    let mut head =
        b"RPC_OUT_DATA /rpc/rpcproxy.dll?mail:6001 HTTP/1.1\r\nContent-Length: 76\r\n\r\n".to_vec();
    let a1 = ConnA1 {
        version: 1,
        virtual_connection_cookie: Cookie([1; 16]),
        out_channel_cookie: Cookie([4; 16]),
        receive_window_size: 0x7fff_ffff,
    };
    a1.to_pdu().encode(&mut head).unwrap();
    p.handle_data(now, Link::Client, &head);
    p.handle_server_connected(now);
    let c1 = ConnC1 {
        version: 1,
        receive_window_size: 0x7fff_ffff,
        connection_timeout: 120_000,
    };
    p.handle_data(now, Link::Server, &c1.to_pdu().to_vec().unwrap());
    drain(&mut p, false);
    p
}

/// What the bench needs of either proxy.
trait Role {
    fn handle_data(&mut self, now: Instant, link: Link, data: &[u8]);
    fn poll_output(&mut self) -> Output;
    fn reuse(&mut self, buf: Vec<u8>);
}

macro_rules! role {
    ($t:ty) => {
        impl Role for $t {
            fn handle_data(&mut self, now: Instant, link: Link, data: &[u8]) {
                <$t>::handle_data(self, now, link, data)
            }
            fn poll_output(&mut self) -> Output {
                <$t>::poll_output(self)
            }
            fn reuse(&mut self, buf: Vec<u8>) {
                <$t>::reuse(self, buf)
            }
        }
    };
}
role!(InProxy);
role!(OutProxy);

/// Takes the outputs; a host that is done with a transmit may give its buffer back.
fn drain(p: &mut impl Role, give_back: bool) -> usize {
    let mut n = 0;
    loop {
        match p.poll_output() {
            Output::Transmit(_, d) => {
                n += d.len();
                if give_back {
                    p.reuse(d);
                }
            }
            Output::Timeout(_) | Output::Idle => return n,
            _ => {}
        }
    }
}

/// Feeds `bytes` in 16 KiB reads arriving on `link` and drains the outputs after each.
fn relay(p: &mut impl Role, now: Instant, link: Link, bytes: &[u8], give_back: bool) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks(16 * 1024) {
        p.handle_data(now, link, chunk);
        n += drain(p, give_back);
    }
    assert!(n >= bytes.len());
    n
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
    for (name, give_back) in [("in_proxy", true), ("in_proxy_no_reuse", false)] {
        g.bench_function(name, |b| {
            b.iter_batched_ref(
                || open_proxy(now),
                |p| relay(p, now, Link::Client, &bytes, give_back),
                BatchSize::LargeInput,
            )
        });
    }
    for (name, give_back) in [("out_proxy", true), ("out_proxy_no_reuse", false)] {
        g.bench_function(name, |b| {
            b.iter_batched_ref(
                || open_out_proxy(now),
                |p| relay(p, now, Link::Server, &bytes, give_back),
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
