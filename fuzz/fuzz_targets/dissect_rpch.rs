#![no_main]
//! Arbitrary bytes on RPC over HTTP streams through the dissector: no panics.
//!
//! The first byte picks the form: channel heads already sent (so the input is channel bodies),
//! raw client channel streams (the input holds the heads too), or port-593 legs. The rest is
//! chunks, each led by one byte: bit 7 the direction, bit 6 which of two streams, bits 0-5 the
//! length (0: a one-byte gap instead).

use libfuzzer_sys::fuzz_target;
use oxwire::capture::{Direction, StreamEvent};
use oxwire::dissect::{Dissector, Options};

const IN_HEAD: &[u8] =
    b"RPC_IN_DATA /rpc/rpcproxy.dll?h:593 HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n";
const OUT_HEAD: &[u8] =
    b"RPC_OUT_DATA /rpc/rpcproxy.dll?h:593 HTTP/1.1\r\nContent-Length: 76\r\n\r\n";
const OK_HEAD: &[u8] = b"HTTP/1.1 200 Success\r\nContent-Length: 1073741824\r\n\r\n";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, mut rest)) = data.split_first() else {
        return;
    };
    let mut d = Dissector::new(Options::default());
    let server_port = if mode % 3 == 2 { 593 } else { 8080 };
    let mut frame = 0;
    for stream in 0..2u64 {
        frame += 1;
        d.handle_event(StreamEvent::Opened {
            stream,
            frame,
            client: ([10, 0, 0, 1], 40000 + stream as u16).into(),
            server: ([10, 0, 0, 2], server_port).into(),
            syn_seen: true,
        });
    }
    let send = |d: &mut Dissector, stream: u64, dir: Direction, bytes: &[u8], frame: u64| {
        d.handle_event(StreamEvent::Data {
            stream,
            dir,
            frame,
            bytes: bytes.to_vec(),
        });
        while d.poll_record().is_some() {}
    };
    if mode % 3 == 0 {
        frame += 1;
        send(&mut d, 0, Direction::ClientToServer, IN_HEAD, frame);
        send(&mut d, 1, Direction::ClientToServer, OUT_HEAD, frame);
        send(&mut d, 1, Direction::ServerToClient, OK_HEAD, frame);
    }
    while let Some((&h, tail)) = rest.split_first() {
        frame += 1;
        let dir = if h & 0x80 == 0 {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        };
        let stream = u64::from(h & 0x40 != 0);
        let len = usize::from(h & 0x3f).min(tail.len());
        if h & 0x3f == 0 {
            d.handle_event(StreamEvent::Gap {
                stream,
                dir,
                frame,
                missing: 1,
            });
        } else {
            send(&mut d, stream, dir, &tail[..len], frame);
        }
        rest = &tail[len..];
    }
    for r in std::iter::from_fn(|| d.poll_record()) {
        let _ = r.to_json();
    }
});
