//! RPC over HTTP v2 (MS-RPCH) in captures: the `RPC_IN_DATA` / `RPC_OUT_DATA` channels
//! between a client and an RPC proxy, and the legacy `ncacn_http/1.0` legs on port 593
//! between a proxy and a server.
//!
//! A TCP stream is taken as RPC over HTTP when its first request starts with one of the two
//! channel methods, or when it runs to server port 593 (or its server greets with
//! `ncacn_http/1.0`). The HTTP framing is stripped by [`oxwire_rpch::passive::Passive`], which
//! also names each channel's virtual connection from its opening RTS PDU (CONN/A1, CONN/B1);
//! successor channels of a recycle open with IN_R1/A1 or OUT_R1/A3 instead and are attached
//! here. Legacy legs are read with [`ChannelReader::legacy`] and named from CONN/A2, CONN/B2,
//! IN_R1/A2 and OUT_R1/A4.
//!
//! Records:
//!
//! * RTS PDUs: a PDU record with `ptype` `"rts"`, its TCP `stream` and `dir`, and the RTS
//!   fields of [`super::rts::rts_fields`] (`rts_flags`, `rts_flag_names`, `rts_pdu`, and
//!   `rts_commands` as an array of commands with their names and values).
//! * Inner DCE/RPC PDUs go through one pipeline per virtual connection (association, fragment
//!   reassembly, call decoders), so they look exactly as over ncacn_ip_tcp; `dir` is `"c2s"`
//!   for the IN channel and `"s2c"` for the OUT channel.
//! * Every record of this path adds `vc` (the virtual connection cookie, or `null` when the
//!   channel's opening PDU is not in the capture), `channel` (`"in"`, `"out"` or `null`) and
//!   `carrier` (`"http"` for client channels, `"ncacn_http"` for port-593 legs). A proxy's
//!   client channels and its server legs are separate pipelines, as they are separate hops.
//! * Notices: `"rpch_http"` for each HTTP head (`detail`: its first line, and whether it opens
//!   the channel or comes ahead of it: authentication rounds, echo requests, `100 Continue`),
//!   `"rpch_channel"` once a stream is named (`detail` says which channel of which
//!   virtual connection), `"rpch_error"` when the HTTP framing or a PDU length is wrong (the
//!   stream is then no longer read), and `"gap"` for missing bytes (likewise).

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use oxwire_msrpc::{Association, Framer, Header, Pdu, Reassembler};
use oxwire_rpch::http::{
    ChannelReader, Side, ECHO_MAX_CONTENT_LENGTH, ECHO_RESPONSE_LENGTH, NCACN_HTTP_GREETING,
};
use oxwire_rpch::named::{ConnA1, ConnA2, ConnB1, ConnB2, InR1A1, InR1A2, OutR1A3, OutR1A4};
use oxwire_rpch::passive::{Channel, Dir, Passive};
use oxwire_rpch::{Cookie, RtsPdu};

use super::{calls, capture, epm, record, security, Dissector, Half, Mode, Record, Stream};

/// The methods that open a client channel.
const METHODS: [&[u8]; 2] = [b"RPC_IN_DATA ", b"RPC_OUT_DATA "];

/// The port of the legacy ncacn_http form.
const LEGACY_PORT: u16 = 593;

/// Which hop a stream is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Hop {
    /// A client channel over HTTP, to an RPC proxy.
    Http,
    /// A proxy's leg to the server on port 593.
    Legacy,
}

impl Hop {
    fn carrier(self) -> &'static str {
        match self {
            Hop::Http => "http",
            Hop::Legacy => "ncacn_http",
        }
    }
}

/// Which inner pipeline a PDU belongs to.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Key {
    /// A named virtual connection on one hop.
    Vc(Cookie, Hop),
    /// A stream whose channel was never named (the capture starts after its opening PDU).
    Stream(u64),
}

/// What one direction of a client channel stream is reading before the channel itself:
/// keep-alive connections carry authentication rounds, echo requests and interim responses
/// (`100 Continue`, `401`) ahead of the channel's message, which [`Passive`] then reads.
#[derive(Debug)]
enum Pre {
    /// Collecting a head.
    Head(Vec<u8>),
    /// Skipping the body of a message that is not the channel.
    Skip(u64),
    /// The channel's message began: everything goes to [`Passive`].
    Channel,
}

/// A message head seen ahead of (or opening) a channel.
struct HeadSeen {
    /// Its first line.
    line: String,
    /// Whether it opens the channel.
    channel: bool,
}

impl Pre {
    /// Splits `data`: returns the heads completed on the way and the bytes for the channel.
    fn push(
        &mut self,
        side: Side,
        limits: oxwire_rpch::Limits,
        mut data: &[u8],
        heads: &mut Vec<HeadSeen>,
    ) -> Result<Vec<u8>, String> {
        loop {
            match self {
                Pre::Channel => return Ok(data.to_vec()),
                Pre::Skip(n) => {
                    let k = (*n).min(data.len() as u64) as usize;
                    *n -= k as u64;
                    data = &data[k..];
                    if *n > 0 || data.is_empty() {
                        if *n == 0 {
                            *self = Pre::Head(Vec::new());
                        }
                        return Ok(Vec::new());
                    }
                    *self = Pre::Head(Vec::new());
                }
                Pre::Head(buf) => {
                    let had = buf.len();
                    // Only as much as can still belong to a head is buffered.
                    let room = limits.max_http_head.saturating_sub(had);
                    buf.extend_from_slice(&data[..data.len().min(room)]);
                    let from = had.saturating_sub(3);
                    let Some(end) = buf[from..].windows(4).position(|w| w == b"\r\n\r\n") else {
                        if buf.len() >= limits.max_http_head {
                            return Err(format!(
                                "HTTP head longer than {} bytes",
                                limits.max_http_head
                            ));
                        }
                        return Ok(Vec::new());
                    };
                    let end = from + end + 4;
                    let mut r = ChannelReader::new(side, limits);
                    r.push(&buf[..end]).map_err(|e| e.to_string())?;
                    let head = r.take_head().ok_or("HTTP head not understood")?;
                    let line_end = buf.iter().position(|&b| b == b'\r').unwrap_or(0);
                    let line: String = String::from_utf8_lossy(&buf[..line_end])
                        .chars()
                        .take(200)
                        .collect();
                    let len = head.content_length.unwrap_or(0);
                    let channel = match side {
                        Side::Request => head.chunked || len > ECHO_MAX_CONTENT_LENGTH,
                        _ => {
                            head.status == Some(200) && (head.chunked || len > ECHO_RESPONSE_LENGTH)
                        }
                    };
                    heads.push(HeadSeen { line, channel });
                    // Bytes of `data` past the head.
                    let used = end - had;
                    if channel {
                        let mut out = buf[..end].to_vec();
                        out.extend_from_slice(&data[used..]);
                        *self = Pre::Channel;
                        return Ok(out);
                    }
                    // Interim responses (1xx) have no body.
                    let interim = head.status.is_some_and(|s| s < 200);
                    *self = Pre::Skip(if interim { 0 } else { len });
                    data = &data[used..];
                    if data.is_empty() {
                        if len == 0 || interim {
                            *self = Pre::Head(Vec::new());
                        }
                        return Ok(Vec::new());
                    }
                }
            }
        }
    }
}

#[derive(Debug)]
struct Conn {
    hop: Hop,
    /// Client channels: [request side, response side] ahead of the channel message.
    pre: [Pre; 2],
    /// The capture direction in which requests (or the proxy's bytes on a legacy leg) flow.
    request_dir: capture::Direction,
    vc: Option<Cookie>,
    channel: Option<Channel>,
    /// Readers of a legacy leg: [towards the server, towards the proxy].
    legacy: Option<Box<[ChannelReader; 2]>>,
    /// Nothing more is read from this stream.
    failed: bool,
    syn_seen: bool,
    client: std::net::SocketAddr,
    server: std::net::SocketAddr,
}

/// RPC over HTTP state of a whole capture.
#[derive(Debug)]
pub(super) struct RpchState {
    passive: Passive,
    limits: oxwire_rpch::Limits,
    /// `None`: the stream was looked at and is not RPC over HTTP.
    conns: HashMap<u64, Option<Conn>>,
    pipelines: BTreeMap<Key, Stream>,
}

impl Default for RpchState {
    fn default() -> Self {
        let limits = oxwire_rpch::Limits::default();
        RpchState {
            passive: Passive::new(limits),
            limits,
            conns: HashMap::new(),
            pipelines: BTreeMap::new(),
        }
    }
}

/// One PDU read from a stream, with where it was seen.
struct Item {
    dir: capture::Direction,
    pdu: Vec<u8>,
}

fn other(d: capture::Direction) -> capture::Direction {
    match d {
        capture::Direction::ClientToServer => capture::Direction::ServerToClient,
        capture::Direction::ServerToClient => capture::Direction::ClientToServer,
    }
}

fn channel_name(c: Option<Channel>) -> Value {
    match c {
        Some(Channel::In) => "in".into(),
        Some(Channel::Out) => "out".into(),
        None => Value::Null,
    }
}

/// The virtual connection and channel a stream's opening RTS PDU names, on either hop.
fn names(p: &RtsPdu<'_>) -> Option<(Cookie, Channel)> {
    if let Some(x) = ConnB1::from_pdu(p) {
        return Some((x.virtual_connection_cookie, Channel::In));
    }
    if let Some(x) = ConnA1::from_pdu(p) {
        return Some((x.virtual_connection_cookie, Channel::Out));
    }
    if let Some(x) = InR1A1::from_pdu(p) {
        return Some((x.virtual_connection_cookie, Channel::In));
    }
    if let Some(x) = OutR1A3::from_pdu(p) {
        return Some((x.virtual_connection_cookie, Channel::Out));
    }
    if let Some(x) = ConnB2::from_pdu(p) {
        return Some((x.virtual_connection_cookie, Channel::In));
    }
    if let Some(x) = ConnA2::from_pdu(p) {
        return Some((x.virtual_connection_cookie, Channel::Out));
    }
    if let Some(x) = InR1A2::from_pdu(p) {
        return Some((x.virtual_connection_cookie, Channel::In));
    }
    if let Some(x) = OutR1A4::from_pdu(p) {
        return Some((x.virtual_connection_cookie, Channel::Out));
    }
    None
}

impl Dissector {
    /// Bytes of a TCP stream: returns true when the stream is RPC over HTTP (then they were
    /// handled here).
    pub(super) fn rpch_data(
        &mut self,
        stream: u64,
        dir: capture::Direction,
        frame: u64,
        bytes: &[u8],
    ) -> bool {
        if !self.rpch.conns.contains_key(&stream) {
            let conn = self.rpch_detect(stream, dir, bytes);
            let claimed = conn.is_some();
            self.rpch.conns.insert(stream, conn);
            if !claimed {
                return false;
            }
            if let Some(s) = self.streams.get_mut(&stream) {
                s.mode = Mode::NotRpc;
            }
        }
        let Some(Some(c)) = self.rpch.conns.get_mut(&stream) else {
            return false;
        };
        if c.failed {
            return true;
        }
        let mut items = Vec::new();
        let mut heads = Vec::new();
        let mut error = None;
        match c.hop {
            Hop::Http => {
                let (pdir, side, i) = if dir == c.request_dir {
                    (Dir::ToProxy, Side::Request, 0)
                } else {
                    (Dir::ToClient, Side::Response, 1)
                };
                match c.pre[i].push(side, self.rpch.limits, bytes, &mut heads) {
                    Ok(body) if !body.is_empty() => {
                        if let Err(e) = self.rpch.passive.handle_data(stream, pdir, &body) {
                            error = Some(e.to_string());
                        }
                    }
                    Ok(_) => {}
                    Err(e) => error = Some(e),
                }
                while let Some(seen) = self.rpch.passive.poll() {
                    let d = if seen.dir == Dir::ToProxy {
                        c.request_dir
                    } else {
                        other(c.request_dir)
                    };
                    // One capture stream is one Passive connection.
                    if seen.conn == stream {
                        items.push(Item {
                            dir: d,
                            pdu: seen.pdu,
                        });
                    }
                }
            }
            Hop::Legacy => {
                let i = usize::from(dir != c.request_dir);
                if let Some(readers) = c.legacy.as_mut() {
                    let r = &mut readers[i];
                    let mut res = r.push(bytes);
                    while res.is_ok() {
                        match r.next_pdu() {
                            Ok(Some(p)) => items.push(Item {
                                dir,
                                pdu: p.to_vec(),
                            }),
                            Ok(None) => break,
                            Err(e) => res = Err(e),
                        }
                    }
                    if let Err(e) = res {
                        error = Some(e.to_string());
                    }
                }
            }
        }
        let d = usize::from(dir != c.request_dir);
        let extra = conn_fields(c);
        for h in heads {
            let what = if h.channel {
                "opens the channel"
            } else {
                "ahead of the channel"
            };
            self.notice(
                frame,
                stream,
                d,
                "rpch_http",
                format!("{} ({what})", h.line),
            );
            if let Some(r) = self.out.back_mut() {
                r.fields.extend(extra.clone());
            }
        }
        for it in items {
            self.rpch_pdu(stream, frame, it);
        }
        if let Some(e) = error {
            self.rpch_fail(stream, frame, dir, "rpch_error", e);
        }
        true
    }

    /// Missing bytes in a stream of this path: the channel cannot be followed further.
    pub(super) fn rpch_gap(&mut self, stream: u64, dir: capture::Direction, frame: u64) -> bool {
        match self.rpch.conns.get(&stream) {
            Some(Some(c)) if !c.failed => {
                let detail = "bytes missing; this RPC over HTTP stream is not read further";
                self.rpch_fail(stream, frame, dir, "gap", detail.into());
                true
            }
            Some(Some(_)) => true,
            _ => false,
        }
    }

    fn rpch_fail(
        &mut self,
        stream: u64,
        frame: u64,
        dir: capture::Direction,
        event: &str,
        detail: String,
    ) {
        let Some(Some(c)) = self.rpch.conns.get_mut(&stream) else {
            return;
        };
        c.failed = true;
        let d = usize::from(dir != c.request_dir);
        let extra = conn_fields(c);
        self.notice(frame, stream, d, event, detail);
        if let Some(r) = self.out.back_mut() {
            r.fields.extend(extra);
        }
    }

    /// Whether a new stream is RPC over HTTP, from its first bytes and ports.
    fn rpch_detect(&self, stream: u64, dir: capture::Direction, bytes: &[u8]) -> Option<Conn> {
        let s = self.streams.get(&stream)?;
        let conn = |hop, request_dir| {
            let mut c = Conn {
                hop,
                request_dir,
                vc: None,
                channel: None,
                pre: [Pre::Head(Vec::new()), Pre::Head(Vec::new())],
                legacy: None,
                failed: false,
                syn_seen: s.syn_seen,
                client: s.client,
                server: s.server,
            };
            if hop == Hop::Legacy {
                c.legacy = Some(Box::new([
                    ChannelReader::legacy(self.rpch.limits),
                    ChannelReader::legacy(self.rpch.limits),
                ]));
            }
            if request_dir != capture::Direction::ClientToServer {
                core::mem::swap(&mut c.client, &mut c.server);
            }
            Some(c)
        };
        if METHODS.iter().any(|m| bytes.starts_with(m)) {
            return conn(Hop::Http, dir);
        }
        if bytes.starts_with(NCACN_HTTP_GREETING) {
            // The server greets; the other side is the proxy.
            return conn(Hop::Legacy, other(dir));
        }
        let to_legacy = s.server.port() == LEGACY_PORT;
        let from_legacy = !s.syn_seen && s.client.port() == LEGACY_PORT;
        if (to_legacy || from_legacy) && Header::decode(bytes).is_ok() {
            let proxy_dir = if to_legacy {
                capture::Direction::ClientToServer
            } else {
                capture::Direction::ServerToClient
            };
            return conn(Hop::Legacy, proxy_dir);
        }
        None
    }

    /// One PDU of a stream: RTS PDUs become records here, the others go to the pipeline of
    /// their virtual connection.
    fn rpch_pdu(&mut self, stream: u64, frame: u64, it: Item) {
        let Some(Some(c)) = self.rpch.conns.get_mut(&stream) else {
            return;
        };
        let d = usize::from(it.dir != c.request_dir);
        if it.pdu.get(2) == Some(&20) {
            let mut m = Map::new();
            m.insert("frame".into(), frame.into());
            m.insert("stream".into(), stream.into());
            m.insert("dir".into(), super::dir_name(d).into());
            let mut named = None;
            match Pdu::decode(&it.pdu) {
                Ok((pdu, _)) => m.extend(record::pdu_fields(&pdu)),
                Err(e) => {
                    m.insert("event".into(), "pdu".into());
                    m.insert("ptype".into(), "rts".into());
                    m.insert("error".into(), e.to_string().into());
                }
            }
            match RtsPdu::decode(&it.pdu) {
                Ok((p, _)) => {
                    m.extend(super::rts::rts_fields(&p));
                    if c.vc.is_none() {
                        named = names(&p);
                    }
                }
                Err(e) => {
                    m.insert("error".into(), e.to_string().into());
                }
            }
            let mut notice = None;
            if let Some((vc, ch)) = named {
                c.vc = Some(vc);
                c.channel = Some(ch);
                notice = Some(format!(
                    "{} channel of virtual connection {vc} ({})",
                    if ch == Channel::In { "IN" } else { "OUT" },
                    c.hop.carrier()
                ));
            }
            let extra = conn_fields(c);
            if let Some(detail) = notice {
                self.notice(frame, stream, d, "rpch_channel", detail);
                if let Some(r) = self.out.back_mut() {
                    r.fields.extend(extra.clone());
                }
            }
            m.extend(extra);
            self.out.push_back(Record {
                frame,
                stream: Some(stream),
                dir: Some(super::dir_name(d)),
                fields: m,
            });
            return;
        }
        // Inner PDUs: the IN channel carries calls, the OUT channel their answers.
        let d = match c.channel {
            Some(Channel::In) => 0,
            Some(Channel::Out) => 1,
            None => d,
        };
        let key = match c.vc {
            Some(vc) => Key::Vc(vc, c.hop),
            None => Key::Stream(stream),
        };
        let extra = conn_fields(c);
        let (client, server, syn_seen, named) = (c.client, c.server, c.syn_seen, c.vc.is_some());
        let limits = self.opts.limits;
        let keys = self.opts.keys.clone();
        let stub_hex = self.opts.stub_hex;
        let s = self.rpch.pipelines.entry(key).or_insert_with(|| {
            let half = || Half {
                framer: Framer::new(limits),
                reasm: Reassembler::new(limits),
                resync: false,
            };
            Stream {
                client,
                server,
                syn_seen,
                mode: Mode::Rpc,
                swapped: false,
                halves: [half(), half()],
                assoc: Association::new(limits),
                // Without the channel's opening PDU the bind may be missing too.
                midstream: !named,
                calls: calls::CallState::default(),
                port_interface: None,
                sec: security::StreamSecurity::new(keys, stub_hex),
            }
        });
        let mut rec = super::pdu_record(s, d, &it.pdu, frame, stream);
        rec.fields.extend(extra.clone());
        let notices = std::mem::take(&mut s.sec.notices);
        for (event, detail) in notices {
            self.notice(frame, stream, d, event, detail);
            if let Some(r) = self.out.back_mut() {
                r.fields.extend(extra.clone());
            }
        }
        for port in epm::learned_ports(&rec) {
            self.learn_port(port);
        }
        for (port, interface) in epm::learned_interfaces(&rec) {
            self.port_interfaces.entry(port).or_insert(interface);
        }
        self.out.push_back(rec);
    }
}

/// The keys every record of this path adds.
fn conn_fields(c: &Conn) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "vc".into(),
        c.vc.map_or(Value::Null, |v| v.to_string().into()),
    );
    m.insert("channel".into(), channel_name(c.channel));
    m.insert("carrier".into(), c.hop.carrier().into());
    m
}
