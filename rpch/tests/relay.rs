//! The inbound relay's direct path: bytes handed over with `handle_data_owned` that are data
//! PDUs relayed unchanged leave as the very buffer that came in.

use std::time::Instant;

use oxwire_rpch::named::{ConnB1, ConnB3};
use oxwire_rpch::vc::{InProxy, Link, Output, ProxyConfig, State};
use oxwire_rpch::Cookie;

/// A little-endian request PDU of `len` bytes (header, alloc_hint, context id, opnum, stub).
fn request(len: u16, call: u8) -> Vec<u8> {
    let mut r = vec![5, 0, 0, 3, 0x10, 0, 0, 0];
    r.extend_from_slice(&len.to_le_bytes());
    r.extend_from_slice(&[0, 0, call, 0, 0, 0]);
    r.resize(usize::from(len), call);
    r
}

fn open_proxy(now: Instant) -> InProxy {
    let mut p = InProxy::new(ProxyConfig::default());
    let mut b =
        b"RPC_IN_DATA /rpc/rpcproxy.dll?srv:593 HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n"
            .to_vec();
    let b1 = ConnB1 {
        version: 1,
        virtual_connection_cookie: Cookie([1; 16]),
        in_channel_cookie: Cookie([2; 16]),
        channel_lifetime: 0x4000_0000,
        client_keepalive: 300_000,
        association_group_id: Cookie([3; 16]),
    };
    b1.to_pdu().encode(&mut b).unwrap();
    p.handle_data(now, Link::Client, &b);
    p.handle_server_connected(now);
    let b3 = ConnB3 {
        receive_window_size: 0x10000,
        version: 1,
    };
    p.handle_data(now, Link::Server, &b3.to_pdu().to_vec().unwrap());
    while !matches!(p.poll_output(), Output::Idle | Output::Timeout(_)) {}
    assert_eq!(p.state(), State::Opened);
    p
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
