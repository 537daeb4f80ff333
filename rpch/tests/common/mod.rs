//! Proxies brought to the open state the way a client and a server open them, for the tests
//! that start from there.

#![allow(dead_code)]

use std::time::Instant;

use oxwire_rpch::named::{ConnA1, ConnB1, ConnB3, ConnC1};
use oxwire_rpch::vc::{InProxy, Link, OutProxy, Output, ProxyConfig, State};
use oxwire_rpch::Cookie;

/// An inbound proxy opened by CONN/B1 (virtual connection `vc`, IN channel `chan`) and joined
/// by CONN/B3 to a server whose receive window is `server_window`.
pub fn open_in_proxy(
    now: Instant,
    cfg: ProxyConfig,
    vc: Cookie,
    chan: Cookie,
    server_window: u32,
) -> InProxy {
    let mut p = InProxy::new(cfg);
    let mut b =
        b"RPC_IN_DATA /rpc/rpcproxy.dll?srv:593 HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n"
            .to_vec();
    let b1 = ConnB1 {
        version: 1,
        virtual_connection_cookie: vc,
        in_channel_cookie: chan,
        channel_lifetime: 0x4000_0000,
        client_keepalive: 300_000,
        association_group_id: Cookie([9; 16]),
    };
    b1.to_pdu().encode(&mut b).unwrap();
    p.handle_data(now, Link::Client, &b);
    p.handle_server_connected(now);
    let b3 = ConnB3 {
        receive_window_size: server_window,
        version: 1,
    };
    p.handle_data(now, Link::Server, &b3.to_pdu().to_vec().unwrap());
    while !matches!(p.poll_output(), Output::Idle | Output::Timeout(_)) {}
    assert_eq!(p.state(), State::Opened);
    p
}

/// An outbound proxy opened by CONN/A1 (virtual connection `vc`, OUT channel `chan`, the
/// client's window `client_window`) and joined to the server by CONN/C1.
pub fn open_out_proxy(
    now: Instant,
    cfg: ProxyConfig,
    vc: Cookie,
    chan: Cookie,
    client_window: u32,
) -> OutProxy {
    let mut p = OutProxy::new(cfg);
    let mut b =
        b"RPC_OUT_DATA /rpc/rpcproxy.dll?srv:593 HTTP/1.1\r\nContent-Length: 76\r\n\r\n".to_vec();
    let a1 = ConnA1 {
        version: 1,
        virtual_connection_cookie: vc,
        out_channel_cookie: chan,
        receive_window_size: client_window,
    };
    a1.to_pdu().encode(&mut b).unwrap();
    p.handle_data(now, Link::Client, &b);
    p.handle_server_connected(now);
    let c1 = ConnC1 {
        version: 1,
        receive_window_size: 0x10000,
        connection_timeout: 120_000,
    };
    p.handle_data(now, Link::Server, &c1.to_pdu().to_vec().unwrap());
    while !matches!(p.poll_output(), Output::Idle | Output::Timeout(_)) {}
    assert_eq!(p.state(), State::Opened);
    p
}
