#![no_main]
//! Each virtual-connection role fed arbitrary bytes on arbitrary links, with time moving:
//! no panic, and outputs drain to Timeout or Idle. Records also start IN and OUT channel
//! recycling at arbitrary points and feed the successor links.

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use oxwire_rpch::vc::{
    Client, ClientConfig, InProxy, Link, OutProxy, Output, ProxyConfig, Server, ServerConfig,
};
use oxwire_rpch::Cookie;

const LINKS: [Link; 6] = [
    Link::In,
    Link::Out,
    Link::Client,
    Link::Server,
    Link::InNext,
    Link::OutNext,
];

fn drain(mut poll: impl FnMut() -> Output) {
    for _ in 0..100_000 {
        if matches!(poll(), Output::Timeout(_) | Output::Idle) {
            return;
        }
    }
    panic!("outputs never drained");
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let start = Instant::now();
    let cookies = [
        Cookie([1; 16]),
        Cookie([2; 16]),
        Cookie([3; 16]),
        Cookie([4; 16]),
    ];
    let mut client = Client::new(ClientConfig::new("/rpc/rpcproxy.dll?s:593", "p", cookies));
    let mut inp = InProxy::new(ProxyConfig::default());
    let mut outp = OutProxy::new(ProxyConfig::default());
    let mut server = Server::new(ServerConfig::default());
    client.start(start);
    let mut now = start;
    // Records: [link selector, length, bytes...].
    let mut rest = data;
    while rest.len() >= 2 {
        let link = LINKS[usize::from(rest[0] & 7) % LINKS.len()];
        let recycle = rest[0] >> 3;
        let n = usize::from(rest[1]).min(rest.len() - 2);
        let chunk = &rest[2..2 + n];
        rest = &rest[2 + n..];
        now += Duration::from_millis(u64::from(rest.first().copied().unwrap_or(0)) * 100);
        client.handle_data(now, link, chunk);
        inp.handle_data(now, link, chunk);
        outp.handle_data(now, link, chunk);
        server.handle_data(now, link, chunk);
        inp.handle_server_connected(now);
        outp.handle_server_connected(now);
        if recycle & 1 != 0 {
            client.recycle(now, Link::In, Cookie([recycle; 16]));
        }
        if recycle & 2 != 0 {
            client.recycle(now, Link::Out, Cookie([recycle; 16]));
        }
        if recycle & 4 != 0 {
            server.recycle_out(now);
        }
        if recycle & 8 != 0 {
            server.handle_accept(now, link);
        }
        client.send_pdu(now, chunk.to_vec());
        server.send_pdu(now, chunk.to_vec());
        client.handle_timeout(now);
        outp.handle_timeout(now);
        drain(|| client.poll_output());
        drain(|| inp.poll_output());
        drain(|| outp.poll_output());
        drain(|| server.poll_output());
    }
});
