//! The relays' data paths: bytes handed over with `handle_data_owned` that are data PDUs
//! relayed unchanged leave as the very buffer that came in; the outbound proxy acknowledges
//! the server only for what went on to the client (MS-RPCH 3.2.1.4 flow control).

mod common;

use std::time::Instant;

use oxwire_rpch::named::{FlowControlAck, FlowControlAckWithDestination};
use oxwire_rpch::rts::RtsPdu;
use oxwire_rpch::vc::{Event, InProxy, Link, OutProxy, Output, ProxyConfig, State};
use oxwire_rpch::{Ack, Cookie, Destination, Error};

/// A little-endian request PDU of `len` bytes (header, alloc_hint, context id, opnum, stub).
fn request(len: u16, call: u8) -> Vec<u8> {
    let mut r = vec![5, 0, 0, 3, 0x10, 0, 0, 0];
    r.extend_from_slice(&len.to_le_bytes());
    r.extend_from_slice(&[0, 0, call, 0, 0, 0]);
    r.resize(usize::from(len), call);
    r
}

fn open_proxy(now: Instant) -> InProxy {
    common::open_in_proxy(
        now,
        ProxyConfig::default(),
        Cookie([1; 16]),
        Cookie([2; 16]),
        0x10000,
    )
}

#[test]
fn handed_over_data_pdus_leave_in_the_same_buffer() {
    let now = Instant::now();
    let mut p = open_proxy(now);
    // Two whole PDUs and the first 100 bytes of a third, then the rest of the third.
    let third = request(1000, 3);
    let first: Vec<u8> = [request(300, 1), request(500, 2), third[..100].to_vec()].concat();
    let want = first.clone();
    let ptr = first.as_ptr();
    p.handle_data_owned(now, Link::Client, first);
    let Output::Transmit(Link::Server, out) = p.poll_output() else {
        panic!("no transmit")
    };
    assert_eq!(out.as_ptr(), ptr, "relayed without a copy");
    assert_eq!(out, want);
    assert_eq!(p.poll_output(), Output::Idle);
    let rest = third[100..].to_vec();
    let rest_ptr = rest.as_ptr();
    p.handle_data_owned(now, Link::Client, rest);
    let Output::Transmit(Link::Server, out) = p.poll_output() else {
        panic!("no transmit")
    };
    assert_eq!(out.as_ptr(), rest_ptr, "relayed without a copy");
    assert_eq!(out, third[100..]);
    assert_eq!(p.poll_output(), Output::Idle);
    // An RTS PDU among the bytes takes the copying path: same bytes, another buffer.
    let mut mixed = request(200, 4);
    let ping = [
        5, 0, 20, 3, 0x10, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    ];
    mixed.extend_from_slice(&ping);
    let ptr = mixed.as_ptr();
    p.handle_data_owned(now, Link::Client, mixed);
    let Output::Transmit(Link::Server, out) = p.poll_output() else {
        panic!("no transmit")
    };
    assert_ne!(out.as_ptr(), ptr);
    // The client's Ping RTS PDU stays at the proxy.
    assert_eq!(out, request(200, 4));
    assert_eq!(p.state(), State::Opened);
}

/// An outbound proxy with an 8 KiB window of its own toward the server, for a client whose
/// OUT channel window is 4 KiB.
fn open_out_proxy(now: Instant) -> OutProxy {
    let cfg = ProxyConfig {
        receive_window: 8192,
        ..ProxyConfig::default()
    };
    common::open_out_proxy(now, cfg, Cookie([1; 16]), Cookie([4; 16]), 4096)
}

/// What one input produced: data bytes for the client, acknowledgments to the server, and
/// the failure, if any.
#[derive(Default, Debug)]
struct Outs {
    client: Vec<u8>,
    acks: Vec<Ack>,
    failed: Option<Error>,
}

fn outs(p: &mut OutProxy) -> Outs {
    let mut o = Outs::default();
    loop {
        match p.poll_output() {
            Output::Transmit(Link::Client, d) => o.client.extend_from_slice(&d),
            Output::Transmit(Link::Server, d) => {
                let rts = RtsPdu::decode(&d).unwrap().0;
                o.acks
                    .push(FlowControlAck::from_pdu(&rts).expect("an ack").ack);
            }
            Output::Event(Event::Failed(e)) => o.failed = Some(e),
            Output::Idle | Output::Timeout(_) => return o,
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn outbound_proxy_acknowledges_only_what_the_client_was_sent() {
    let now = Instant::now();
    let mut p = open_out_proxy(now);
    // 1 KiB responses in 700-byte reads: 4 KiB go to the client, which does not acknowledge.
    let data: Vec<u8> = (0..12).flat_map(|i| request(1024, i)).collect();
    let mut o = Outs::default();
    for chunk in data.chunks(700) {
        p.handle_data(now, Link::Server, chunk);
        let n = outs(&mut p);
        o.client.extend_from_slice(&n.client);
        o.acks.extend(n.acks);
        assert!(n.failed.is_none(), "{:?}", n.failed);
    }
    assert_eq!(o.client, data[..4096]);
    // Half the proxy's window went on: one acknowledgment of those 4096 bytes, the whole
    // window free again (RPC PDUs held for the client are not counted as received yet).
    assert_eq!(
        o.acks,
        [Ack {
            bytes_received: 4096,
            available_window: 8192,
            channel_cookie: Cookie([4; 16]),
        }]
    );
    assert_eq!(p.queued_bytes(), 8192);
    // The server may not have more than the proxy's window unacknowledged: one more PDU
    // overruns it.
    p.handle_data(now, Link::Server, &request(1024, 12));
    assert!(matches!(
        outs(&mut p).failed,
        Some(Error::WindowExceeded { window: 8192, .. })
    ));
}

#[test]
fn outbound_proxy_goes_on_when_the_client_acknowledges() {
    let now = Instant::now();
    let mut p = open_out_proxy(now);
    let data: Vec<u8> = (0..12).flat_map(|i| request(1024, i)).collect();
    p.handle_data(now, Link::Server, &data);
    let first = outs(&mut p);
    assert_eq!(first.client, data[..4096]);
    // The client took 4096 bytes and has its 4 KiB window free again; its acknowledgment
    // reaches the proxy through the server.
    let ack = FlowControlAckWithDestination {
        destination: Destination::OUT_PROXY,
        ack: Ack {
            bytes_received: 4096,
            available_window: 4096,
            channel_cookie: Cookie([4; 16]),
        },
    };
    p.handle_data(now, Link::Server, &ack.to_pdu().to_vec().unwrap());
    let second = outs(&mut p);
    assert_eq!(second.client, data[4096..8192]);
    // 8192 bytes passed on in all: the second half-window acknowledgment.
    assert_eq!(
        second.acks,
        [Ack {
            bytes_received: 8192,
            available_window: 8192,
            channel_cookie: Cookie([4; 16]),
        }]
    );
    assert_eq!(p.queued_bytes(), 4096);
    assert_eq!(p.state(), State::Opened);
}

#[test]
fn outbound_handed_over_data_pdus_leave_in_the_same_buffer() {
    let now = Instant::now();
    let mut p = open_out_proxy(now);
    // Two whole PDUs and the start of a third (3000 bytes in all, within the client's 4 KiB).
    let third = request(1000, 3);
    let first: Vec<u8> = [request(1000, 1), request(1000, 2), third[..300].to_vec()].concat();
    let want = first.clone();
    let ptr = first.as_ptr();
    p.handle_data_owned(now, Link::Server, first);
    let Output::Transmit(Link::Client, out) = p.poll_output() else {
        panic!("no transmit")
    };
    assert_eq!(out.as_ptr(), ptr, "relayed without a copy");
    assert_eq!(out, want);
    assert!(matches!(p.poll_output(), Output::Timeout(_)));
    // The rest of the third PDU ends 3000 bytes passed on: no acknowledgment yet (half the
    // proxy's window is 4096), then a fourth PDU the client's window cannot take is queued.
    p.handle_data_owned(now, Link::Server, third[300..].to_vec());
    let o = outs(&mut p);
    assert_eq!(o.client, third[300..]);
    assert!(o.acks.is_empty());
    p.handle_data_owned(now, Link::Server, request(1200, 4));
    let o = outs(&mut p);
    assert!(o.client.is_empty() && o.acks.is_empty());
    assert_eq!(p.queued_bytes(), 1200);
}
