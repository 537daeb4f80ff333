#![no_main]
//! Two modes, chosen by the first byte's top bit.
//!
//! Raw: each virtual-connection role fed arbitrary bytes on arbitrary links, with time moving:
//! no panic, and outputs drain to Timeout or Idle. Records also start IN and OUT channel
//! recycling at arbitrary points and feed the successor links.
//!
//! Wired: a client, proxies and a server joined by byte pipes as a host would join them; the
//! input schedules deliveries in chunks, inner PDUs, recycles, whether each successor channel
//! is taken by the running proxy (IN_R2, OUT_R2) or a new one (IN_R1, OUT_R1), corruption of
//! bytes in flight, aborts and time. No panic, and inner PDUs reach the server in order.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use oxwire_rpch::vc::{
    leg_of, Client, ClientConfig, Event, InProxy, Link, OutProxy, Output, ProxyConfig, Server,
    ServerConfig,
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
    if data[0] & 0x80 != 0 {
        Wired::new(&data[1..]).run();
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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Client,
    In(usize),
    Out(usize),
    Server,
}

/// One connection: the two ends, the link each knows it by (`None` once let go), and the
/// bytes travelling from each end.
struct Pipe {
    ends: [Who; 2],
    links: [Option<Link>; 2],
    q: [VecDeque<u8>; 2],
    unrouted: bool,
}

struct Wired<'a> {
    input: &'a [u8],
    now: Instant,
    client: Client,
    ins: Vec<InProxy>,
    outs: Vec<OutProxy>,
    server: Server,
    pipes: Vec<Pipe>,
    next_cookie: u8,
    call: u32,
    got: u32,
    /// Bytes were changed in flight: delivered PDUs may differ from those sent.
    corrupted: bool,
}

const MAX_PROXIES: usize = 8;

fn request(call: u32, len: usize) -> Vec<u8> {
    // A request PDU: header, alloc_hint, context id, opnum, stub.
    let frag = (24 + len) as u16;
    let mut p = vec![5, 0, 0, 3, 0x10, 0, 0, 0];
    p.extend_from_slice(&frag.to_le_bytes());
    p.extend_from_slice(&[0, 0]);
    p.extend_from_slice(&call.to_le_bytes());
    p.extend_from_slice(&(len as u32).to_le_bytes());
    p.extend_from_slice(&[0, 0, 0, 0]);
    p.resize(24 + len, 0x5a);
    p
}

impl<'a> Wired<'a> {
    fn new(input: &'a [u8]) -> Self {
        let now = Instant::now();
        let cookies = [
            Cookie([1; 16]),
            Cookie([2; 16]),
            Cookie([3; 16]),
            Cookie([4; 16]),
        ];
        let mut ccfg = ClientConfig::new("/rpc/rpcproxy.dll?s:593", "p", cookies);
        ccfg.receive_window = 8192;
        ccfg.in_channel_lifetime = 16 * 1024;
        let mut client = Client::new(ccfg);
        client.start(now);
        Wired {
            input,
            now,
            client,
            ins: vec![],
            outs: vec![],
            server: Server::new(ServerConfig {
                receive_window: 8192,
                ..ServerConfig::default()
            }),
            pipes: vec![],
            next_cookie: 10,
            call: 0,
            got: 0,
            corrupted: false,
        }
    }

    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.input.split_first()?;
        self.input = rest;
        Some(b)
    }

    fn pcfg() -> ProxyConfig {
        ProxyConfig {
            receive_window: 8192,
            channel_lifetime: 16 * 1024,
            ..ProxyConfig::default()
        }
    }

    fn pipe_of(&self, who: Who, link: Link) -> Option<(usize, usize)> {
        self.pipes.iter().enumerate().find_map(|(i, p)| {
            (0..2)
                .find(|&e| p.ends[e] == who && p.links[e] == Some(link))
                .map(|e| (i, e))
        })
    }

    fn write(&mut self, who: Who, link: Link, data: Vec<u8>) {
        let (i, e) = match self.pipe_of(who, link) {
            Some(x) => x,
            None if who == Who::Client => {
                let proxy = if matches!(link, Link::In | Link::InNext) {
                    if self.ins.len() >= MAX_PROXIES {
                        return;
                    }
                    self.ins.push(InProxy::new(Self::pcfg()));
                    Who::In(self.ins.len() - 1)
                } else {
                    if self.outs.len() >= MAX_PROXIES {
                        return;
                    }
                    self.outs.push(OutProxy::new(Self::pcfg()));
                    Who::Out(self.outs.len() - 1)
                };
                self.pipes.push(Pipe {
                    ends: [Who::Client, proxy],
                    links: [Some(link), Some(Link::Client)],
                    q: Default::default(),
                    unrouted: false,
                });
                (self.pipes.len() - 1, 0)
            }
            None if link == Link::Server => {
                self.pipes.push(Pipe {
                    ends: [who, Who::Server],
                    links: [Some(Link::Server), None],
                    q: Default::default(),
                    unrouted: true,
                });
                (self.pipes.len() - 1, 0)
            }
            None => return,
        };
        let p = &mut self.pipes[i];
        if p.unrouted && e == 0 {
            p.unrouted = false;
            if let Some((_, leg)) = leg_of(&data) {
                p.links[1] = Some(leg);
                self.server.handle_accept(self.now, leg);
            }
        }
        self.pipes[i].q[e].extend(&data);
        // The proxies take written buffers back, as a host that cares for allocations does.
        match who {
            Who::In(k) => self.ins[k].reuse(data),
            Who::Out(k) => self.outs[k].reuse(data),
            _ => {}
        }
    }

    /// A proxy opened by a successor channel asks for the server: the input chooses between
    /// handing the channel to the running proxy (R2) and connecting this one (R1).
    fn connect(&mut self, who: Who) {
        let same = self.byte().is_some_and(|b| b & 1 == 0);
        let now = self.now;
        let taken = match who {
            Who::In(i) if same && self.ins[i].successor_of().is_some() => {
                let mut p = std::mem::replace(&mut self.ins[i], InProxy::new(Self::pcfg()));
                let j = (0..self.ins.len()).find(|&j| j != i && self.ins[j].adopt(now, &mut p));
                self.ins[i] = p;
                j.map(|j| (Who::In(j), Link::InNext))
            }
            Who::Out(i) if same && self.outs[i].successor_of().is_some() => {
                let mut p = std::mem::replace(&mut self.outs[i], OutProxy::new(Self::pcfg()));
                let j = (0..self.outs.len()).find(|&j| j != i && self.outs[j].adopt(now, &mut p));
                self.outs[i] = p;
                j.map(|j| (Who::Out(j), Link::OutNext))
            }
            _ => None,
        };
        match taken {
            Some((to, link)) => {
                for p in &mut self.pipes {
                    if p.ends[1] == who {
                        p.ends[1] = to;
                        p.links[1] = Some(link);
                    }
                }
            }
            None => match who {
                Who::In(i) => self.ins[i].handle_server_connected(now),
                Who::Out(i) => self.outs[i].handle_server_connected(now),
                _ => {}
            },
        }
    }

    fn switch(&mut self, who: Who, link: Link) {
        let next = match (who, link) {
            (_, Link::In) | (Who::In(_), Link::Client) => Link::InNext,
            _ => Link::OutNext,
        };
        if let Some((i, e)) = self.pipe_of(who, link) {
            self.pipes[i].links[e] = None;
        }
        if let Some((i, e)) = self.pipe_of(who, next) {
            self.pipes[i].links[e] = Some(link);
        }
    }

    fn poll(&mut self, who: Who) -> Output {
        match who {
            Who::Client => self.client.poll_output(),
            Who::In(i) => self.ins[i].poll_output(),
            Who::Out(i) => self.outs[i].poll_output(),
            Who::Server => self.server.poll_output(),
        }
    }

    fn drain(&mut self) {
        for _ in 0..1000 {
            let mut progress = false;
            let mut parties = vec![Who::Client, Who::Server];
            parties.extend((0..self.ins.len()).map(Who::In));
            parties.extend((0..self.outs.len()).map(Who::Out));
            for who in parties {
                for _ in 0..100_000 {
                    match self.poll(who) {
                        Output::Timeout(_) | Output::Idle => break,
                        Output::Transmit(link, d) => self.write(who, link, d),
                        Output::Deliver(pdu) if who == Who::Server => {
                            // Inner PDUs arrive once each, in the order they were sent.
                            if !self.corrupted {
                                assert_eq!(pdu.get(12..16), Some(&self.got.to_le_bytes()[..]));
                            }
                            self.got += 1;
                            self.server.send_pdu(self.now, pdu);
                        }
                        Output::Event(Event::ConnectServer { .. }) => self.connect(who),
                        Output::Event(Event::RecycleNeeded(link)) => {
                            self.next_cookie = self.next_cookie.wrapping_add(1);
                            let c = Cookie([self.next_cookie; 16]);
                            self.client.recycle(self.now, link, c);
                        }
                        Output::Event(Event::Switched(link)) => self.switch(who, link),
                        _ => {}
                    }
                    progress = true;
                }
            }
            if !progress {
                return;
            }
        }
    }

    fn deliver(&mut self, i: usize, e: usize, n: usize) {
        let p = &mut self.pipes[i];
        let n = n.min(p.q[e].len());
        let chunk: Vec<u8> = p.q[e].drain(..n).collect();
        let (to, link) = (p.ends[1 - e], p.links[1 - e]);
        let Some(link) = link else { return };
        let now = self.now;
        match to {
            Who::Client => self.client.handle_data(now, link, &chunk),
            // Both ways into the inbound proxy: handed over, and borrowed.
            Who::In(k) if chunk.len() % 2 == 0 => self.ins[k].handle_data_owned(now, link, chunk),
            Who::In(k) => self.ins[k].handle_data(now, link, &chunk),
            Who::Out(k) if chunk.len() % 2 == 0 => self.outs[k].handle_data_owned(now, link, chunk),
            Who::Out(k) => self.outs[k].handle_data(now, link, &chunk),
            Who::Server => self.server.handle_data(now, link, &chunk),
        }
    }

    fn run(&mut self) {
        self.drain();
        while let (Some(op), Some(arg)) = (self.byte(), self.byte()) {
            let now = self.now;
            match op & 7 {
                0..=3 if !self.pipes.is_empty() => {
                    let i = usize::from(arg) % self.pipes.len();
                    let e = usize::from(op >> 3) & 1;
                    self.deliver(i, e, 1 + usize::from(op >> 4) * 211);
                }
                4 if self.call < 10_000 => {
                    self.client
                        .send_pdu(now, request(self.call, usize::from(arg) * 11));
                    self.call += 1;
                }
                5 if arg & 1 == 0 => {
                    self.next_cookie = self.next_cookie.wrapping_add(1);
                    let c = Cookie([self.next_cookie; 16]);
                    self.client.recycle(now, Link::In, c);
                }
                5 => self.server.recycle_out(now),
                6 if !self.pipes.is_empty() => {
                    // Hostile: one byte changed in flight.
                    let i = usize::from(arg) % self.pipes.len();
                    let q = &mut self.pipes[i].q[usize::from(op >> 3) & 1];
                    let at = usize::from(op >> 4) % q.len().max(1);
                    if let Some(b) = q.get_mut(at) {
                        *b ^= arg | 1;
                        self.corrupted = true;
                    }
                }
                7 if op & 0x08 != 0 => match arg % 4 {
                    0 => self.client.abort(now),
                    1 => self.server.abort(now),
                    2 => {
                        if let Some(p) = self.ins.last_mut() {
                            p.abort(now)
                        }
                    }
                    _ => {
                        if let Some(p) = self.outs.last_mut() {
                            p.abort(now)
                        }
                    }
                },
                _ => {
                    self.now += Duration::from_millis(u64::from(arg) * 50);
                    let now = self.now;
                    self.client.handle_timeout(now);
                    self.server.handle_timeout(now);
                    for p in &mut self.ins {
                        p.handle_timeout(now);
                    }
                    for p in &mut self.outs {
                        p.handle_timeout(now);
                    }
                }
            }
            self.drain();
        }
    }
}
