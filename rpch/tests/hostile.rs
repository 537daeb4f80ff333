//! Hostile and malformed input: every case ends in a typed error (or a defined state), never a
//! panic, and nothing is allocated from a count that the bytes present cannot back.

mod common;

use std::time::Instant;

use oxwire_rpch::http::{ChannelReader, Side, NCACN_HTTP_GREETING};
use oxwire_rpch::named::{ConnA2, ConnB2};
use oxwire_rpch::passive::{Channel, Dir, Passive};
use oxwire_rpch::vc::{Event, InProxy, Link, Output, ProxyConfig, Server, ServerConfig, State};
use oxwire_rpch::{ClientAddress, Cookie, Error, Limits, RtsPdu};

/// CONN/B1 from the Outlook Anywhere session in `testdata/rpch/rts_vectors.json`.
const CONN_B1: &str = "05001403100000006800000000000000000006000600000001000000030000009715f897f66d234e78ca176fdde1bf2d03000000250d9e0dce53ca78ee0ca103b354a107040000000000004005000000e09304000c0000001b38507723b8424091fe8d4b9ee8ed1a";
/// CONN/A1 of the same session.
const CONN_A1: &str = "05001403100000004c00000000000000000004000600000001000000030000009715f897f66d234e78ca176fdde1bf2d030000008639b6d2c962a277e47a10f3572de7c20000000000000100";

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

#[test]
fn command_count_past_the_pdu() {
    let mut b = unhex(CONN_B1);
    b[18] = 7; // NumberOfCommands 6 -> 7
    assert!(matches!(
        RtsPdu::decode(&b),
        Err(Error::Truncated {
            what: "RTS CommandType",
            ..
        })
    ));
    b[18] = 0xff;
    b[19] = 0xff;
    assert!(matches!(
        RtsPdu::decode(&b),
        Err(Error::LimitExceeded { actual: 65535, .. })
    ));
    let generous = Limits {
        max_commands: 100_000,
        ..Limits::default()
    };
    // Past the limit check, the count is still refused against the bytes present.
    assert!(matches!(
        RtsPdu::decode_with(&b, &generous),
        Err(Error::Truncated { needed: 262140, .. })
    ));
}

#[test]
fn unknown_command_and_bad_address_type() {
    let mut b = unhex(CONN_B1);
    b[20] = 0x0f; // first CommandType: 15 is not defined
    assert_eq!(
        RtsPdu::decode(&b),
        Err(Error::UnknownCommand {
            command_type: 15,
            offset: 20
        })
    );
    let b2 = ConnB2 {
        version: 1,
        virtual_connection_cookie: Cookie([1; 16]),
        in_channel_cookie: Cookie([2; 16]),
        receive_window_size: 0x10000,
        connection_timeout: 120_000,
        association_group_id: Cookie([3; 16]),
        client_address: ClientAddress::new("10.1.2.3".parse().unwrap()),
    }
    .to_pdu()
    .to_vec()
    .unwrap();
    let mut bad = b2.clone();
    let at = b2.len() - 24 + 4; // AddressType of the last command
    bad[at] = 2;
    assert!(matches!(
        RtsPdu::decode(&bad),
        Err(Error::Invalid {
            what: "ClientAddress.AddressType",
            ..
        })
    ));
}

#[test]
fn padding_count_larger_than_the_pdu() {
    // Ping-flagged PDU with one Padding command claiming 4 GiB of padding.
    let mut b = vec![
        5, 0, 20, 3, 0x10, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
    ];
    b.extend_from_slice(&8u32.to_le_bytes());
    b.extend_from_slice(&u32::MAX.to_le_bytes());
    b.extend_from_slice(&[0; 4]);
    assert!(matches!(
        RtsPdu::decode(&b),
        Err(Error::Truncated {
            what: "Padding",
            ..
        })
    ));
}

#[test]
fn every_truncation_of_every_vector_is_an_error() {
    for hex in [CONN_B1, CONN_A1] {
        let b = unhex(hex);
        for cut in 0..b.len() {
            assert!(RtsPdu::decode(&b[..cut]).is_err(), "cut at {cut}");
        }
        // And with frag_length shrunk to each size: commands no longer fit.
        for len in 20..b.len() {
            let mut s = b[..len].to_vec();
            s[8..10].copy_from_slice(&(len as u16).to_le_bytes());
            assert!(RtsPdu::decode(&s).is_err(), "frag_length {len}");
        }
    }
}

#[test]
fn not_an_rts_pdu() {
    let shutdown = [5, 0, 17, 3, 0x10, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0];
    assert_eq!(RtsPdu::decode(&shutdown), Err(Error::NotRts(17)));
}

fn reader_err(side: Side, input: &[u8]) -> Error {
    let mut r = ChannelReader::new(side, Limits::default());
    let mut err = None;
    for b in input.chunks(7) {
        if let Err(e) = r.push(b).and_then(|_| r.next_pdu().map(|_| ())) {
            err = Some(e);
            break;
        }
    }
    err.expect("input must be refused")
}

#[test]
fn malformed_http() {
    for (input, what) in [
        (&b"RPC_IN_DATA /rpc HTTP/9.9\r\n\r\n"[..], "head"),
        (b"RPC IN DATA /rpc HTTP/1.1\r\n\r\n", "head"),
        (
            b"RPC_IN_DATA /rpc HTTP/1.1\r\nContent-Length: 12x\r\n\r\n",
            "Content-Length",
        ),
        (
            b"RPC_IN_DATA /rpc HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "Content-Length",
        ),
        (
            b"RPC_IN_DATA /rpc HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "Content-Length",
        ),
        (
            b"RPC_IN_DATA /rpc HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            "Content-Length",
        ),
        (
            b"RPC_IN_DATA /rpc HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            "Content-Length",
        ),
        (
            b"RPC_IN_DATA /rpc HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            "Transfer-Encoding",
        ),
        (
            b"RPC_IN_DATA /rpc HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "chunk size",
        ),
    ] {
        match reader_err(Side::Request, input) {
            Error::Http { what: w, .. } => {
                assert_eq!(w, what, "{:?}", String::from_utf8_lossy(input))
            }
            e => panic!("{e:?}"),
        }
    }
}

#[test]
fn lying_content_length() {
    // Declares 20 bytes, sends a 28-byte CONN/A3: the excess is refused, not read as a
    // following message.
    let mut input = b"HTTP/1.1 200 Success\r\nContent-Length: 20\r\n\r\n".to_vec();
    input.extend_from_slice(&unhex(
        "05001403100000001c000000000000000000010002000000c0d40100",
    ));
    assert!(matches!(
        reader_err(Side::Response, &input),
        Error::Http { what: "body", .. }
    ));
    // A frag_length that lies about the PDU size: the framer waits, then the body ends.
    let mut r = ChannelReader::new(Side::Response, Limits::default());
    r.push(b"HTTP/1.1 200 Success\r\nContent-Length: 24\r\n\r\n")
        .unwrap();
    r.push(&[
        5, 0, 20, 3, 0x10, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ])
    .unwrap();
    assert_eq!(r.next_pdu().unwrap(), None);
    assert!(r.body_done());
    assert_eq!(r.buffered(), 24);
}

#[test]
fn oversized_head_is_bounded() {
    let limits = Limits {
        max_http_head: 1024,
        ..Limits::default()
    };
    let mut r = ChannelReader::new(Side::Request, limits);
    r.push(b"RPC_IN_DATA /rpc/rpcproxy.dll?srv:593 HTTP/1.1\r\n")
        .unwrap();
    let mut res = Ok(());
    for _ in 0..1000 {
        res = r.push(b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        if res.is_err() {
            break;
        }
    }
    assert!(
        matches!(
            res,
            Err(Error::LimitExceeded {
                what: "HTTP head",
                ..
            })
        ),
        "{res:?}"
    );
    assert!(r.buffered() <= 1024);
}

#[test]
fn chunked_body_carries_pdus() {
    let a3 = unhex("05001403100000001c000000000000000000010002000000c0d40100");
    let mut input = b"HTTP/1.1 200 Success\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    input.extend_from_slice(b"a;ext=1\r\n");
    input.extend_from_slice(&a3[..10]);
    input.extend_from_slice(b"\r\n12\r\n");
    input.extend_from_slice(&a3[10..]);
    input.extend_from_slice(b"\r\n0\r\nTrailer: x\r\n\r\n");
    for size in 1..input.len() {
        let mut r = ChannelReader::new(Side::Response, Limits::default());
        let mut got = vec![];
        for c in input.chunks(size) {
            r.push(c).unwrap();
            while let Some(p) = r.next_pdu().unwrap() {
                got.push(p.to_vec());
            }
        }
        assert_eq!(got, std::slice::from_ref(&a3), "chunks of {size}");
        assert!(r.body_done());
    }
}

#[test]
fn http_1_0_response_reads_to_close_and_legacy_greeting() {
    let a3 = unhex("05001403100000001c000000000000000000010002000000c0d40100");
    let mut r = ChannelReader::new(Side::Response, Limits::default());
    r.push(b"HTTP/1.0 200 Success\r\n\r\n").unwrap();
    r.push(&a3).unwrap();
    assert_eq!(r.head().unwrap().minor_version, 0);
    assert_eq!(r.next_pdu().unwrap().unwrap(), &a3[..]);

    let mut l = ChannelReader::legacy(Limits::default());
    let mut input = NCACN_HTTP_GREETING.to_vec();
    input.extend_from_slice(&a3);
    for b in input.chunks(3) {
        l.push(b).unwrap();
    }
    assert!(l.greeted());
    assert_eq!(l.next_pdu().unwrap().unwrap(), &a3[..]);
    // Not the greeting: the bytes are read as PDUs, which they are not.
    let mut bad = ChannelReader::legacy(Limits::default());
    assert!(bad
        .push(b"ncacn_http/2.0")
        .and_then(|_| bad.next_pdu().map(|_| ()))
        .is_err());
}

#[test]
fn echo_request_gets_an_echo_response() {
    let mut p = InProxy::new(ProxyConfig::default());
    let now = Instant::now();
    p.handle_data(
        now,
        Link::Client,
        b"RPC_IN_DATA /rpc/rpcproxy.dll?srv:593 HTTP/1.1\r\nContent-Length: 4\r\nAuthorization: Negotiate abc\r\n\r\n",
    );
    let Output::Transmit(Link::Client, resp) = p.poll_output() else {
        panic!()
    };
    let head_end = resp.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let head = String::from_utf8_lossy(&resp[..head_end]);
    assert!(head.starts_with("HTTP/1.1 200 Success\r\n"));
    assert!(head.contains("Content-Length: 20\r\n"));
    // The Echo RTS PDU of MS-RPCH 2.2.4.48: flags ECHO, no commands.
    assert_eq!(
        &resp[head_end..],
        [5, 0, 20, 3, 0x10, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0]
    );
    assert_eq!(p.poll_output(), Output::Event(Event::EchoAnswered));
    assert_eq!(p.poll_output(), Output::Event(Event::Closed));
    assert_eq!(p.state(), State::Closed);
}

#[test]
fn wrong_method_and_missing_target() {
    let now = Instant::now();
    let mut p = InProxy::new(ProxyConfig::default());
    p.handle_data(
        now,
        Link::Client,
        b"RPC_OUT_DATA /rpc/rpcproxy.dll?srv:593 HTTP/1.1\r\nContent-Length: 76\r\n\r\n",
    );
    assert_eq!(p.state(), State::Aborted);
    let mut p = InProxy::new(ProxyConfig::default());
    p.handle_data(
        now,
        Link::Client,
        b"RPC_IN_DATA /rpc/rpcproxy.dll HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n",
    );
    assert_eq!(p.state(), State::Aborted);
}

#[test]
fn legs_whose_cookies_match_nothing() {
    let now = Instant::now();
    let mut s = Server::new(ServerConfig::default());
    let a2 = ConnA2 {
        version: 1,
        virtual_connection_cookie: Cookie([9; 16]),
        out_channel_cookie: Cookie([8; 16]),
        channel_lifetime: 0x4000_0000,
        receive_window_size: 0x10000,
    };
    let b2 = ConnB2 {
        version: 1,
        virtual_connection_cookie: Cookie([1; 16]),
        in_channel_cookie: Cookie([2; 16]),
        receive_window_size: 0x10000,
        connection_timeout: 120_000,
        association_group_id: Cookie([3; 16]),
        client_address: ClientAddress::new("10.0.0.1".parse().unwrap()),
    };
    s.handle_data(now, Link::Out, &a2.to_pdu().to_vec().unwrap());
    s.handle_data(now, Link::In, &b2.to_pdu().to_vec().unwrap());
    assert_eq!(s.state(), State::Aborted);
    let mut failed = false;
    loop {
        match s.poll_output() {
            Output::Event(Event::Failed(Error::Protocol { reason, .. })) => {
                assert_eq!(reason, "IN leg cookie matches no virtual connection");
                failed = true;
            }
            Output::Idle | Output::Timeout(_) => break,
            _ => {}
        }
    }
    assert!(failed);

    // Passive: an IN channel alone, and an OUT channel of another virtual connection.
    let mut pv = Passive::new(Limits::default());
    let mut inb =
        b"RPC_IN_DATA /rpc/rpcproxy.dll?srv:6001 HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n"
            .to_vec();
    inb.extend_from_slice(&unhex(CONN_B1));
    pv.handle_data(1, Dir::ToProxy, &inb).unwrap();
    let mut outb =
        b"RPC_OUT_DATA /rpc/rpcproxy.dll?srv:6001 HTTP/1.1\r\nContent-Length: 76\r\n\r\n".to_vec();
    let mut a1 = unhex(CONN_A1);
    a1[32] ^= 0xff; // another virtual connection cookie
    outb.extend_from_slice(&a1);
    pv.handle_data(2, Dir::ToProxy, &outb).unwrap();
    let vcs = pv.virtual_connections();
    assert_eq!(vcs.len(), 2);
    assert!(vcs.iter().all(|(_, i, o)| i.is_some() != o.is_some()));
    let seen: Vec<_> = std::iter::from_fn(|| pv.poll()).collect();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].channel, Some(Channel::In));
    assert_eq!(seen[1].channel, Some(Channel::Out));
    assert!(seen.iter().all(|s| s.rts));
}

fn open_in_proxy(now: Instant, vc: Cookie, chan: Cookie) -> InProxy {
    common::open_in_proxy(now, ProxyConfig::default(), vc, chan, 0x10000)
}

/// A new inbound proxy that read IN_R1/A1 (the same PDU as IN_R2/A1) and waits for the host.
fn successor_in_proxy(now: Instant, vc: Cookie, pred: Cookie, succ: Cookie) -> InProxy {
    use oxwire_rpch::named::InR1A1;
    let mut p = InProxy::new(ProxyConfig::default());
    let mut b =
        b"RPC_IN_DATA /rpc/rpcproxy.dll?srv:593 HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n"
            .to_vec();
    let a1 = InR1A1 {
        version: 1,
        virtual_connection_cookie: vc,
        predecessor_channel_cookie: pred,
        successor_channel_cookie: succ,
    };
    a1.to_pdu().encode(&mut b).unwrap();
    p.handle_data(now, Link::Client, &b);
    assert!(matches!(
        p.poll_output(),
        Output::Event(Event::ConnectServer { .. })
    ));
    p
}

#[test]
fn adopt_refuses_a_successor_of_another_channel() {
    let now = Instant::now();
    let (vc, chan) = (Cookie([1; 16]), Cookie([2; 16]));
    let mut running = open_in_proxy(now, vc, chan);
    // MS-RPCH 3.2.3.5.5.1: the predecessor cookie must be the proxy's current IN channel.
    let mut other_channel = successor_in_proxy(now, vc, Cookie([7; 16]), Cookie([3; 16]));
    assert!(!running.adopt(now, &mut other_channel));
    let mut other_vc = successor_in_proxy(now, Cookie([8; 16]), chan, Cookie([3; 16]));
    assert!(!running.adopt(now, &mut other_vc));
    // A proxy opened by CONN/B1 is no successor at all.
    let mut not_successor = open_in_proxy(now, vc, chan);
    assert!(!not_successor.adopt(now, &mut running));
    assert!(!running.adopt(now, &mut not_successor));
    // Refused ones are untouched: still waiting for the host's server connection.
    assert_eq!(other_channel.state(), State::Opening);
    assert_eq!(other_channel.successor_of(), Some((vc, Cookie([7; 16]))));
    // A proxy already taking one successor takes no second.
    let mut first = successor_in_proxy(now, vc, chan, Cookie([3; 16]));
    assert!(running.adopt(now, &mut first));
    assert_eq!(first.state(), State::Closed);
    assert_eq!(first.poll_output(), Output::Idle);
    let mut second = successor_in_proxy(now, vc, chan, Cookie([4; 16]));
    assert!(!running.adopt(now, &mut second));
    assert_eq!(running.state(), State::Opened);
}

#[test]
fn successor_in_channel_flood_and_garbage_end_in_errors() {
    let now = Instant::now();
    let (vc, chan, succ) = (Cookie([1; 16]), Cookie([2; 16]), Cookie([3; 16]));
    // More bytes on the plugged successor than the limit allows.
    let mut p = open_in_proxy(now, vc, chan);
    assert!(p.adopt(now, &mut successor_in_proxy(now, vc, chan, succ)));
    let flood = vec![5u8; Limits::default().max_buffered + 1];
    p.handle_data(now, Link::InNext, &flood);
    assert_eq!(p.state(), State::Aborted);
    // Garbage on the successor is read once IN_R2/A5 switches to it: an error, no panic.
    let mut p = open_in_proxy(now, vc, chan);
    assert!(p.adopt(now, &mut successor_in_proxy(now, vc, chan, succ)));
    p.handle_data(now, Link::InNext, &[0xff; 40]);
    assert_eq!(p.state(), State::Opened);
    let a5 = oxwire_rpch::named::InR1A5 {
        successor_channel_cookie: succ,
    };
    p.handle_data(now, Link::Client, &a5.to_pdu().to_vec().unwrap());
    let mut events = vec![];
    loop {
        match p.poll_output() {
            Output::Event(e) => events.push(e),
            Output::Idle | Output::Timeout(_) => break,
            _ => {}
        }
    }
    assert_eq!(events.first(), Some(&Event::Switched(Link::Client)));
    assert!(matches!(
        events.last(),
        Some(Event::Failed(Error::Msrpc(_)))
    ));
    assert_eq!(p.state(), State::Aborted);
    // IN_R2/A5 naming another successor is a protocol error.
    let mut p = open_in_proxy(now, vc, chan);
    assert!(p.adopt(now, &mut successor_in_proxy(now, vc, chan, succ)));
    let a5 = oxwire_rpch::named::InR1A5 {
        successor_channel_cookie: Cookie([6; 16]),
    };
    p.handle_data(now, Link::Client, &a5.to_pdu().to_vec().unwrap());
    assert_eq!(p.state(), State::Aborted);
}

#[test]
fn relay_forwards_whole_pdus_before_a_bad_header_then_fails() {
    let now = Instant::now();
    let mut p = open_in_proxy(now, Cookie([1; 16]), Cookie([2; 16]));
    // Two requests of 40 and 30 bytes (frag_length at offset 8), then a header whose version
    // is 4: the relay passes the two on unchanged and fails on the third.
    let req = |len: u16, call: u8| {
        let mut r = vec![5, 0, 0, 3, 0x10, 0, 0, 0];
        r.extend_from_slice(&len.to_le_bytes());
        r.extend_from_slice(&[0, 0, call, 0, 0, 0]);
        r.resize(usize::from(len), call);
        r
    };
    let good = [req(40, 1), req(30, 2)].concat();
    let mut input = good.clone();
    input.extend_from_slice(&[
        4, 0, 0, 3, 0x10, 0, 0, 0, 20, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0,
    ]);
    // Split inside the second PDU's header, so both the cut-through and gathering paths run.
    p.handle_data(now, Link::Client, &input[..45]);
    p.handle_data(now, Link::Client, &input[45..]);
    let mut to_server = vec![];
    let mut failed = false;
    loop {
        match p.poll_output() {
            Output::Transmit(Link::Server, d) => to_server.extend(d),
            Output::Event(Event::Failed(Error::Msrpc(_))) => failed = true,
            Output::Idle | Output::Timeout(_) => break,
            o => panic!("{o:?}"),
        }
    }
    assert_eq!(to_server, good);
    assert!(failed);
    assert_eq!(p.state(), State::Aborted);
}

fn open_out_proxy(now: Instant, vc: Cookie, chan: Cookie) -> oxwire_rpch::vc::OutProxy {
    common::open_out_proxy(now, ProxyConfig::default(), vc, chan, 0x10000)
}

/// A new outbound proxy that read OUT_R1/A3 (the same PDU as OUT_R2/A3).
fn successor_out_proxy(
    now: Instant,
    vc: Cookie,
    pred: Cookie,
    succ: Cookie,
) -> oxwire_rpch::vc::OutProxy {
    use oxwire_rpch::named::OutR1A3;
    let mut p = oxwire_rpch::vc::OutProxy::new(ProxyConfig::default());
    let mut b =
        b"RPC_OUT_DATA /rpc/rpcproxy.dll?srv:593 HTTP/1.1\r\nContent-Length: 120\r\n\r\n".to_vec();
    let a3 = OutR1A3 {
        version: 1,
        virtual_connection_cookie: vc,
        predecessor_channel_cookie: pred,
        successor_channel_cookie: succ,
        outbound_proxy_receive_window_size: 0x10000,
    };
    a3.to_pdu().encode(&mut b).unwrap();
    p.handle_data(now, Link::Client, &b);
    assert!(matches!(
        p.poll_output(),
        Output::Event(Event::ConnectServer { .. })
    ));
    p
}

#[test]
fn outbound_adopt_refuses_others_and_ends_on_garbage() {
    let now = Instant::now();
    let (vc, chan, succ) = (Cookie([1; 16]), Cookie([2; 16]), Cookie([3; 16]));
    let mut running = open_out_proxy(now, vc, chan);
    // MS-RPCH 3.2.4.5.6.1: the predecessor cookie must be the current OUT channel.
    let mut other = successor_out_proxy(now, vc, Cookie([7; 16]), succ);
    assert!(!running.adopt(now, &mut other));
    assert_eq!(other.successor_of(), Some((vc, Cookie([7; 16]))));
    let mut other_vc = successor_out_proxy(now, Cookie([8; 16]), chan, succ);
    assert!(!running.adopt(now, &mut other_vc));
    let mut taken = successor_out_proxy(now, vc, chan, succ);
    assert!(running.adopt(now, &mut taken));
    assert_eq!(taken.state(), State::Closed);
    // OUT_R2/A4 (MS-RPCH 2.2.4.37): flags none, one Cookie command with the successor.
    let Output::Transmit(Link::Server, a4) = running.poll_output() else {
        panic!("no OUT_R2/A4")
    };
    let (rts, _) = RtsPdu::decode(&a4).unwrap();
    assert_eq!(rts.flags.0, 0);
    assert_eq!(
        rts.commands,
        [oxwire_rpch::Command::Cookie(succ)].as_slice()
    );
    let mut second = successor_out_proxy(now, vc, chan, Cookie([4; 16]));
    assert!(!running.adopt(now, &mut second));
    // Only OUT_R2/C1 may come on the successor request: anything else ends the connection.
    running.handle_data(
        now,
        Link::OutNext,
        &[5, 0, 0, 3, 0x10, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0],
    );
    assert_eq!(running.state(), State::Aborted);
}
