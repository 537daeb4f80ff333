//! Deterministic simulations of virtual connections whose IN and OUT channels are recycled at
//! random points, while inner PDUs flow through small windows and every connection delivers
//! its bytes in random chunks. With IN_R1 and OUT_R1 every successor channel reaches a new
//! proxy; with IN_R2 and OUT_R2 the host hands it to the proxy that runs the predecessor
//! (`adopt`); mixed runs choose per recycle. The host wiring follows the [`Event::Switched`]
//! and [`Event::RecycleNeeded`] contract. Every run must end with each inner PDU delivered
//! once and in order, or, with an abort somewhere, every party final.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use oxwire_msrpc::pdu::Request;
use oxwire_msrpc::{Pdu, PduBody};
use oxwire_rpch::vc::{
    leg_of, Client, ClientConfig, Event, InProxy, Link, OutProxy, Output, ProxyConfig, Server,
    ServerConfig, State,
};
use oxwire_rpch::Cookie;

/// xorshift64*: a small deterministic generator for chunk sizes, recycling points and faults.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A party of the simulation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Party {
    Client,
    In(usize),
    Out(usize),
    Server,
}

/// One TCP connection: two byte pipes, the link each end knows it by (`None` once that end
/// let go of it), and whether each end closed it.
struct Conn {
    ends: [Party; 2],
    links: [Option<Link>; 2],
    pipes: [VecDeque<u8>; 2],
    closed: [bool; 2],
    /// The server end is named by the first PDU the proxy writes (as a server routes legs).
    unrouted: bool,
}

struct Sim {
    now: Instant,
    rng: Rng,
    client: Client,
    ins: Vec<InProxy>,
    outs: Vec<OutProxy>,
    server: Server,
    conns: Vec<Conn>,
    client_got: Vec<Vec<u8>>,
    server_got: Vec<Vec<u8>>,
    events: Vec<(Party, Event)>,
    next_cookie: u8,
    pcfg: ProxyConfig,
    /// Same-proxy recycling: never (0), always (1), or by a coin flip per recycle (2).
    r2: u64,
}

fn cookie(n: u8) -> Cookie {
    Cookie([n; 16])
}

fn request(call_id: u32, len: usize) -> Vec<u8> {
    let stub: Vec<u8> = (0..len).map(|i| (i as u32 ^ call_id) as u8).collect();
    Pdu::new(
        PduBody::Request(Request {
            alloc_hint: len as u32,
            ctx_id: 0,
            opnum: (call_id % 7) as u16,
            object: None,
            stub: &stub,
        }),
        0x03,
        call_id,
    )
    .to_vec()
    .unwrap()
}

impl Sim {
    /// Windows of 8 KiB and channel lifetimes of `lifetime` bytes on both sides.
    fn new(seed: u64, lifetime: u32) -> Sim {
        let now = Instant::now();
        let mut ccfg = ClientConfig::new(
            "/rpc/rpcproxy.dll?exchange.example:6001",
            "proxy.example",
            [cookie(1), cookie(2), cookie(3), cookie(4)],
        );
        ccfg.receive_window = 8192;
        ccfg.in_channel_lifetime = lifetime;
        let pcfg = ProxyConfig {
            receive_window: 8192,
            channel_lifetime: lifetime,
            ..ProxyConfig::default()
        };
        let mut sim = Sim {
            now,
            rng: Rng(seed | 1),
            client: Client::new(ccfg),
            ins: vec![],
            outs: vec![],
            server: Server::new(ServerConfig {
                receive_window: 8192,
                ..ServerConfig::default()
            }),
            conns: vec![],
            client_got: vec![],
            server_got: vec![],
            events: vec![],
            next_cookie: 10,
            pcfg,
            r2: 0,
        };
        sim.client.start(now);
        sim
    }

    fn fresh_cookie(&mut self) -> Cookie {
        self.next_cookie += 1;
        cookie(self.next_cookie)
    }

    /// The connection `party` knows as `link`.
    fn conn_of(&self, party: Party, link: Link) -> Option<(usize, usize)> {
        self.conns.iter().enumerate().find_map(|(i, c)| {
            (0..2)
                .find(|&e| c.ends[e] == party && c.links[e] == Some(link))
                .map(|e| (i, e))
        })
    }

    /// Writes bytes from `party` on `link`, opening a new channel (and a new proxy) when the
    /// client writes to a successor link for the first time.
    fn write(&mut self, party: Party, link: Link, data: Vec<u8>) {
        let (i, e) = match self.conn_of(party, link) {
            Some(x) => x,
            None if party == Party::Client => {
                let proxy = match link {
                    Link::In | Link::InNext => {
                        self.ins.push(InProxy::new(self.pcfg.clone()));
                        Party::In(self.ins.len() - 1)
                    }
                    _ => {
                        self.outs.push(OutProxy::new(self.pcfg.clone()));
                        Party::Out(self.outs.len() - 1)
                    }
                };
                self.conns.push(Conn {
                    ends: [Party::Client, proxy],
                    links: [Some(link), Some(Link::Client)],
                    pipes: Default::default(),
                    closed: [false; 2],
                    unrouted: false,
                });
                (self.conns.len() - 1, 0)
            }
            None => panic!("{party:?} wrote on {link:?}, which it does not have"),
        };
        let c = &mut self.conns[i];
        if c.unrouted && e == 0 {
            // A proxy's first PDU to the server names the leg, as `leg_of` lets a server route.
            let (_, leg) = leg_of(&data).expect("first PDU of a leg names it");
            c.links[1] = Some(leg);
            c.unrouted = false;
            let now = self.now;
            self.server.handle_accept(now, leg);
        }
        self.conns[i].pipes[e].extend(data);
    }

    /// A proxy opened by a successor channel asks for the server: the host either hands the
    /// channel to the proxy running the predecessor (IN_R2, OUT_R2) or connects it (R1).
    fn on_connect_server(&mut self, proxy: Party) {
        let same = match self.r2 {
            0 => false,
            1 => true,
            _ => self.rng.below(2) == 0,
        };
        let now = self.now;
        let adopted = match proxy {
            Party::In(i) if same && self.ins[i].successor_of().is_some() => {
                assert_eq!(i + 1, self.ins.len(), "the newest proxy asks");
                let mut p = self.ins.pop().unwrap();
                let (vc, _) = p.successor_of().unwrap();
                let j = (0..self.ins.len())
                    .find(|&j| self.ins[j].virtual_connection_cookie() == Some(vc))
                    .filter(|&j| self.ins[j].adopt(now, &mut p));
                if j.is_none() {
                    self.ins.push(p);
                }
                j.map(|j| (Party::In(j), Link::InNext))
            }
            Party::Out(i) if same && self.outs[i].successor_of().is_some() => {
                assert_eq!(i + 1, self.outs.len(), "the newest proxy asks");
                let mut p = self.outs.pop().unwrap();
                let (vc, _) = p.successor_of().unwrap();
                let j = (0..self.outs.len())
                    .rev()
                    .find(|&j| self.outs[j].virtual_connection_cookie() == Some(vc))
                    .filter(|&j| self.outs[j].adopt(now, &mut p));
                if j.is_none() {
                    self.outs.push(p);
                }
                j.map(|j| (Party::Out(j), Link::OutNext))
            }
            _ => None,
        };
        let Some((to, link)) = adopted else {
            return self.connect_server(proxy);
        };
        // The successor's client connection now ends at the running proxy.
        for c in &mut self.conns {
            if c.ends[1] == proxy {
                c.ends[1] = to;
                c.links[1] = Some(link);
            }
        }
    }

    fn connect_server(&mut self, proxy: Party) {
        self.conns.push(Conn {
            ends: [proxy, Party::Server],
            links: [Some(Link::Server), None],
            pipes: Default::default(),
            closed: [false; 2],
            unrouted: true,
        });
        let now = self.now;
        match proxy {
            Party::In(i) => self.ins[i].handle_server_connected(now),
            Party::Out(i) => self.outs[i].handle_server_connected(now),
            _ => unreachable!(),
        }
    }

    /// `party` replaced its predecessor on `link` by the successor: it closes the predecessor
    /// and renames the successor.
    fn switch(&mut self, party: Party, link: Link) {
        let next = match (party, link) {
            (_, Link::In) | (Party::In(_), Link::Client) => Link::InNext,
            _ => Link::OutNext,
        };
        if let Some((i, e)) = self.conn_of(party, link) {
            self.conns[i].links[e] = None;
            self.conns[i].closed[e] = true;
        }
        if let Some((i, e)) = self.conn_of(party, next) {
            self.conns[i].links[e] = Some(link);
        }
    }

    fn poll(&mut self, party: Party) -> Option<Output> {
        let o = match party {
            Party::Client => self.client.poll_output(),
            // A proxy handed to another one is gone.
            Party::In(i) => self.ins.get_mut(i)?.poll_output(),
            Party::Out(i) => self.outs.get_mut(i)?.poll_output(),
            Party::Server => self.server.poll_output(),
        };
        match o {
            Output::Timeout(_) | Output::Idle => None,
            o => Some(o),
        }
    }

    fn parties(&self) -> Vec<Party> {
        let mut v = vec![Party::Client, Party::Server];
        v.extend((0..self.ins.len()).map(Party::In));
        v.extend((0..self.outs.len()).map(Party::Out));
        v
    }

    fn state(&self, p: Party) -> State {
        match p {
            Party::Client => self.client.state(),
            Party::In(i) => self.ins.get(i).map_or(State::Closed, InProxy::state),
            Party::Out(i) => self.outs.get(i).map_or(State::Closed, OutProxy::state),
            Party::Server => self.server.state(),
        }
    }

    /// Drains every machine's outputs; a party that ended closes its connections.
    fn drain(&mut self) {
        loop {
            let mut progress = false;
            for p in self.parties() {
                while let Some(o) = self.poll(p) {
                    progress = true;
                    match o {
                        Output::Transmit(link, d) => self.write(p, link, d),
                        Output::Deliver(pdu) if p == Party::Server => {
                            let now = self.now;
                            self.server.send_pdu(now, pdu.clone());
                            self.server_got.push(pdu);
                        }
                        Output::Deliver(pdu) => self.client_got.push(pdu),
                        Output::Event(Event::ConnectServer { .. }) => self.on_connect_server(p),
                        Output::Event(Event::RecycleNeeded(link)) => {
                            let c = self.fresh_cookie();
                            let now = self.now;
                            self.client.recycle(now, link, c);
                            self.events.push((p, Event::RecycleNeeded(link)));
                        }
                        Output::Event(Event::Switched(link)) => {
                            self.switch(p, link);
                            self.events.push((p, Event::Switched(link)));
                        }
                        Output::Event(e) => self.events.push((p, e)),
                        o => panic!("{p:?} output {o:?}"),
                    }
                }
                if self.state(p).is_final() {
                    for c in &mut self.conns {
                        for e in 0..2 {
                            if c.ends[e] == p {
                                c.closed[e] = true;
                            }
                        }
                    }
                }
            }
            if !progress {
                return;
            }
        }
    }

    fn deliver(&mut self, to: Party, link: Link, data: &[u8]) {
        let now = self.now;
        match to {
            Party::Client => self.client.handle_data(now, link, data),
            // Both ways into the inbound proxy: borrowed, and handed over for the direct path.
            Party::In(i) if data.len() % 2 == 0 => {
                self.ins[i].handle_data_owned(now, link, data.to_vec())
            }
            Party::In(i) => self.ins[i].handle_data(now, link, data),
            Party::Out(i) => self.outs[i].handle_data(now, link, data),
            Party::Server => self.server.handle_data(now, link, data),
        }
    }

    fn closed(&mut self, to: Party, link: Link) {
        let now = self.now;
        match to {
            Party::Client => self.client.handle_closed(now, link),
            Party::In(i) => self.ins[i].handle_closed(now, link),
            Party::Out(i) => self.outs[i].handle_closed(now, link),
            Party::Server => self.server.handle_closed(now, link),
        }
    }

    /// Moves one random chunk along one random busy pipe, or reports one close whose bytes
    /// have all arrived; false when nothing is left to do.
    fn step(&mut self) -> bool {
        self.drain();
        let mut busy = vec![];
        for (i, c) in self.conns.iter().enumerate() {
            for e in 0..2 {
                let peer_link = c.links[1 - e];
                if !c.pipes[e].is_empty() {
                    busy.push((i, e, false));
                } else if c.closed[e] && peer_link.is_some() && !c.closed[1 - e] {
                    busy.push((i, e, true));
                }
            }
        }
        if busy.is_empty() {
            return false;
        }
        let (i, e, close) = busy[self.rng.below(busy.len() as u64) as usize];
        let to = self.conns[i].ends[1 - e];
        let link = self.conns[i].links[1 - e];
        if close {
            // The peer sees the close; it let go of its end too.
            self.conns[i].closed[1 - e] = true;
            if let Some(link) = link {
                self.conns[i].links[1 - e] = None;
                self.closed(to, link);
            }
        } else {
            let n = 1 + self.rng.below(1500) as usize;
            let q = &mut self.conns[i].pipes[e];
            let n = n.min(q.len());
            let chunk: Vec<u8> = q.drain(..n).collect();
            // Bytes reaching an end that let go of its connection are lost; the checks on
            // delivered PDUs would see it.
            if let Some(link) = link {
                self.deliver(to, link, &chunk);
            }
        }
        self.now += Duration::from_millis(1);
        true
    }

    fn run(&mut self) {
        for _ in 0..2_000_000 {
            if !self.step() {
                return;
            }
        }
        panic!("simulation did not settle");
    }

    fn count(&self, f: impl Fn(&Event) -> bool) -> usize {
        self.events.iter().filter(|(_, e)| f(e)).count()
    }

    fn count_of(&self, party: Party, event: Event) -> usize {
        self.events
            .iter()
            .filter(|(p, e)| *p == party && *e == event)
            .count()
    }
}

fn same(got: &[Vec<u8>], want: &[Vec<u8>], seed: u64, what: &str, sim: &Sim) {
    let first = got.iter().zip(want).position(|(a, b)| a != b);
    assert!(
        got.len() == want.len() && first.is_none(),
        "seed {seed}, {what}: {} of {} PDUs, first difference at {first:?}; events {:?}",
        got.len(),
        want.len(),
        sim.events
    );
}

/// Sends `calls` requests with random sizes, forcing recycles at random points on top of the
/// ones the channel lifetimes ask for.
fn traffic(sim: &mut Sim, calls: u32, forced: bool) -> Vec<Vec<u8>> {
    let mut sent = vec![];
    for call in 0..calls {
        let len = sim.rng.below(3000) as usize;
        let p = request(call, len);
        sent.push(p.clone());
        let now = sim.now;
        sim.client.send_pdu(now, p);
        if forced && sim.rng.below(40) == 0 {
            let c = sim.fresh_cookie();
            sim.client.recycle(now, Link::In, c);
        }
        if forced && sim.rng.below(40) == 0 {
            sim.server.recycle_out(now);
        }
        for _ in 0..sim.rng.below(60) {
            sim.step();
        }
    }
    sent
}

#[test]
fn recycling_at_random_points_keeps_every_pdu_once_in_order() {
    for seed in 1..60u64 {
        // Lifetimes of 48 KiB: recycling is asked for every 24 KiB on each side.
        let mut sim = Sim::new(seed, 48 * 1024);
        sim.run();
        assert_eq!(
            sim.client.state(),
            State::Opened,
            "seed {seed}: {:?}",
            sim.events
        );
        let sent = traffic(&mut sim, 150, seed % 2 == 0);
        sim.run();
        same(&sim.server_got, &sent, seed, "server side", &sim);
        same(&sim.client_got, &sent, seed, "echoed back", &sim);
        let in_switches = sim.count(|e| *e == Event::Switched(Link::In));
        let out_switches = sim.count(|e| *e == Event::Switched(Link::Out));
        // Both ends see each switch; ~200 KiB each way through 48 KiB channels.
        assert!(
            in_switches >= 2 * 3,
            "seed {seed}: {in_switches} IN switches"
        );
        assert!(
            out_switches >= 2 * 3,
            "seed {seed}: {out_switches} OUT switches"
        );
        assert_eq!(sim.ins.len() * 2, in_switches + 2, "seed {seed}");
        assert_eq!(sim.outs.len() * 2, out_switches + 2, "seed {seed}");
        // The last proxy of each side carries the connection; every earlier one ended.
        for (i, p) in sim.ins.iter().enumerate() {
            let want = if i + 1 == sim.ins.len() {
                State::Opened
            } else {
                State::Closed
            };
            assert_eq!(p.state(), want, "seed {seed}: inbound proxy {i}");
        }
        for (i, p) in sim.outs.iter().enumerate() {
            let want = if i + 1 == sim.outs.len() {
                State::Opened
            } else {
                State::Closed
            };
            assert_eq!(p.state(), want, "seed {seed}: outbound proxy {i}");
        }
        assert_eq!(sim.server.state(), State::Opened);
        assert_eq!(sim.client.queued_bytes(), 0);
        assert!(
            !sim.events
                .iter()
                .any(|(_, e)| matches!(e, Event::Failed(_))),
            "seed {seed}: {:?}",
            sim.events
        );
    }
}

#[test]
fn abort_during_recycling_ends_every_party() {
    for seed in 1..150u64 {
        abort_run(seed, 0);
    }
}

#[test]
fn abort_during_same_proxy_recycling_ends_every_party() {
    for seed in 1..80u64 {
        abort_run(seed, 1 + seed % 2);
    }
}

/// Aborts one random party at a random step while PDUs flow and channels are recycled.
fn abort_run(seed: u64, r2: u64) {
    {
        let mut sim = Sim::new(seed, 32 * 1024);
        sim.r2 = r2;
        sim.run();
        let abort_at = sim.rng.below(3000);
        let who = sim.rng.below(4);
        let mut steps = 0u64;
        let mut call = 0u32;
        loop {
            if steps == abort_at {
                let now = sim.now;
                match who {
                    0 => sim.client.abort(now),
                    1 => sim.server.abort(now),
                    2 => {
                        if let Some(p) = sim.ins.last_mut() {
                            p.abort(now)
                        }
                    }
                    _ => {
                        if let Some(p) = sim.outs.last_mut() {
                            p.abort(now)
                        }
                    }
                }
            }
            if steps < 2000 && steps % 7 == 0 && sim.client.state() == State::Opened {
                let len = sim.rng.below(3000) as usize;
                let now = sim.now;
                sim.client.send_pdu(now, request(call, len));
                call += 1;
                if sim.rng.below(10) == 0 {
                    sim.server.recycle_out(now);
                }
            }
            if !sim.step() && steps > abort_at {
                break;
            }
            steps += 1;
            assert!(steps < 1_000_000, "seed {seed}: no end");
        }
        // Delivered PDUs are a prefix of what was sent, in order, never duplicated.
        for (i, p) in sim.server_got.iter().enumerate() {
            assert_eq!(p[12..16], (i as u32).to_le_bytes(), "seed {seed}: call ids");
        }
        for p in sim.parties() {
            assert!(
                sim.state(p).is_final(),
                "seed {seed}, abort {who} at {abort_at}: {p:?} in {:?}; events {:?}",
                sim.state(p),
                sim.events
            );
        }
    }
}

#[test]
fn same_proxy_recycling_keeps_every_pdu_once_in_order() {
    for seed in 1..30u64 {
        // Every successor channel reaches the proxy of its predecessor (IN_R2, OUT_R2).
        let mut sim = Sim::new(seed, 48 * 1024);
        sim.r2 = 1;
        sim.run();
        assert_eq!(sim.client.state(), State::Opened, "seed {seed}");
        let sent = traffic(&mut sim, 150, seed % 2 == 0);
        sim.run();
        same(&sim.server_got, &sent, seed, "server side", &sim);
        same(&sim.client_got, &sent, seed, "echoed back", &sim);
        let client_in = sim.count_of(Party::Client, Event::Switched(Link::In));
        let client_out = sim.count_of(Party::Client, Event::Switched(Link::Out));
        assert!(client_in >= 3, "seed {seed}: {client_in} IN switches");
        assert!(client_out >= 3, "seed {seed}: {client_out} OUT switches");
        // One proxy per side did every switch itself; the server saw no new leg.
        assert_eq!((sim.ins.len(), sim.outs.len()), (1, 1), "seed {seed}");
        assert_eq!(
            sim.count_of(Party::In(0), Event::Switched(Link::Client)),
            client_in,
            "seed {seed}"
        );
        assert_eq!(
            sim.count_of(Party::Out(0), Event::Switched(Link::Client)),
            client_out,
            "seed {seed}"
        );
        assert_eq!(sim.count_of(Party::Server, Event::Switched(Link::In)), 0);
        assert_eq!(sim.count_of(Party::Server, Event::Switched(Link::Out)), 0);
        // Two channels and two legs, then one connection per successor channel.
        assert_eq!(sim.conns.len(), 4 + client_in + client_out, "seed {seed}");
        for p in sim.parties() {
            assert_eq!(sim.state(p), State::Opened, "seed {seed}: {p:?}");
        }
        assert_eq!(sim.client.queued_bytes(), 0);
        assert_eq!(sim.outs[0].queued_bytes(), 0);
    }
}

#[test]
fn mixed_recycling_keeps_every_pdu_once_in_order() {
    for seed in 1..30u64 {
        // Each successor channel reaches the running proxy or a new one, by a coin flip.
        let mut sim = Sim::new(seed, 48 * 1024);
        sim.r2 = 2;
        sim.run();
        let sent = traffic(&mut sim, 150, seed % 2 == 1);
        sim.run();
        same(&sim.server_got, &sent, seed, "server side", &sim);
        same(&sim.client_got, &sent, seed, "echoed back", &sim);
        let client_in = sim.count_of(Party::Client, Event::Switched(Link::In));
        let client_out = sim.count_of(Party::Client, Event::Switched(Link::Out));
        let r2_in: usize = (0..sim.ins.len())
            .map(|i| sim.count_of(Party::In(i), Event::Switched(Link::Client)))
            .sum();
        let r2_out: usize = (0..sim.outs.len())
            .map(|i| sim.count_of(Party::Out(i), Event::Switched(Link::Client)))
            .sum();
        // Every switch is one of the two kinds: a new proxy (R1) or the running one (R2).
        assert_eq!(sim.ins.len() - 1 + r2_in, client_in, "seed {seed}");
        assert_eq!(sim.outs.len() - 1 + r2_out, client_out, "seed {seed}");
        for (i, p) in sim.ins.iter().enumerate() {
            let want = if i + 1 == sim.ins.len() {
                State::Opened
            } else {
                State::Closed
            };
            assert_eq!(p.state(), want, "seed {seed}: inbound proxy {i}");
        }
        for (i, p) in sim.outs.iter().enumerate() {
            let want = if i + 1 == sim.outs.len() {
                State::Opened
            } else {
                State::Closed
            };
            assert_eq!(p.state(), want, "seed {seed}: outbound proxy {i}");
        }
        assert!(
            !sim.events
                .iter()
                .any(|(_, e)| matches!(e, Event::Failed(_))),
            "seed {seed}: {:?}",
            sim.events
        );
    }
}

/// A fixed run: the connection opens, six PDUs go out, and one IN (or OUT) recycle starts
/// that the running proxy takes (IN_R2 or OUT_R2). With `abort = Some((k, who))` one party
/// aborts after `k` steps. Returns the run and the step at which the proxy switched.
fn r2_scenario(out: bool, abort: Option<(u64, u64)>) -> (Sim, Option<u64>) {
    let mut sim = Sim::new(7, 1 << 20);
    sim.r2 = 1;
    sim.run();
    let now = sim.now;
    for call in 0..6 {
        sim.client.send_pdu(now, request(call, 1000));
    }
    if out {
        sim.server.recycle_out(now);
    } else {
        let c = sim.fresh_cookie();
        sim.client.recycle(now, Link::In, c);
    }
    let proxy = if out { Party::Out(0) } else { Party::In(0) };
    let mut switched = None;
    for steps in 0..1_000_000u64 {
        if let Some((_, who)) = abort.filter(|&(k, _)| k == steps) {
            let now = sim.now;
            match who {
                0 => sim.client.abort(now),
                1 => sim.server.abort(now),
                2 => sim.ins[0].abort(now),
                _ => sim.outs[0].abort(now),
            }
        }
        let more = sim.step();
        if switched.is_none() && sim.count_of(proxy, Event::Switched(Link::Client)) > 0 {
            switched = Some(steps);
        }
        if !more {
            return (sim, switched);
        }
    }
    panic!("no end");
}

#[test]
fn abort_at_each_step_of_same_proxy_recycling() {
    for out in [false, true] {
        let (sim, switched) = r2_scenario(out, None);
        let end = switched.expect("the running proxy switched");
        let sent: Vec<_> = (0..6).map(|c| request(c, 1000)).collect();
        same(&sim.server_got, &sent, 7, "without abort", &sim);
        assert_eq!((sim.ins.len(), sim.outs.len()), (1, 1));
        for k in 0..=end + 1 {
            for who in 0..4 {
                let (sim, _) = r2_scenario(out, Some((k, who)));
                for (i, p) in sim.server_got.iter().enumerate() {
                    assert_eq!(p[12..16], (i as u32).to_le_bytes(), "out {out}, step {k}");
                }
                for p in sim.parties() {
                    assert!(
                        sim.state(p).is_final(),
                        "out {out}, abort {who} at step {k} of {end}: {p:?} in {:?}; {:?}",
                        sim.state(p),
                        sim.events
                    );
                }
            }
        }
    }
}

#[test]
fn channels_shorter_than_half_a_window_recycle_again_and_again() {
    // A successor IN channel of 4 KiB never carries the 4 KiB (half the inbound proxy's 8 KiB
    // window) after which acknowledgments come; the client must still learn that the server
    // took it, or it never recycles it and stalls once its lifetime is used.
    for seed in 1..20u64 {
        let mut sim = Sim::new(seed, 4096);
        sim.r2 = seed % 3;
        sim.run();
        assert_eq!(sim.client.state(), State::Opened, "seed {seed}");
        let mut sent = vec![];
        for call in 0..120u32 {
            let p = request(call, 40 + sim.rng.below(200) as usize);
            sent.push(p.clone());
            let now = sim.now;
            sim.client.send_pdu(now, p);
            for _ in 0..sim.rng.below(30) {
                sim.step();
            }
        }
        sim.run();
        same(&sim.server_got, &sent, seed, "server side", &sim);
        same(&sim.client_got, &sent, seed, "echoed back", &sim);
        let in_switches = sim.count(|e| *e == Event::Switched(Link::In));
        assert!(
            in_switches >= 2 * 3,
            "seed {seed}: {in_switches} IN switches"
        );
        assert!(
            !sim.events
                .iter()
                .any(|(_, e)| matches!(e, Event::Failed(_))),
            "seed {seed}: {:?}",
            sim.events
        );
    }
}
