//! The DCE/RPC dissector behind the `dissect` example, as a library.
//!
//! [`Dissector`] consumes the [`StreamEvent`]s of a [`TcpReassembler`],
//! decides which TCP streams carry connection-oriented DCE/RPC (server port 135, ports the
//! caller adds, and a header heuristic for streams whose bind is not in the capture), frames
//! each direction, keeps an [`Association`] per stream, and yields one [`Record`] per PDU.
//! [`dissect_capture`] runs the whole pipeline on the bytes of a capture file.
//!
//! ```
//! let records = oxwire::dissect::dissect_capture(oxwire::dissect::SAMPLE_CAPTURE, &Default::default()).unwrap();
//! let binds = records.iter().filter(|r| r.get_str("ptype") == Some("bind")).count();
//! assert!(binds > 0);
//! ```
//!
//! # Output schema
//!
//! Every record is one JSON object. PDU records have `"event": "pdu"` and:
//!
//! | key | when | meaning |
//! |---|---|---|
//! | `frame` | always | capture frame in which the PDU's last byte arrived (tshark's `frame.number`) |
//! | `stream`, `dir` | from captures | TCP stream id (tshark's `tcp.stream`) and `"c2s"` / `"s2c"` |
//! | `ptype`, `ptype_num` | always | packet type name (C706) and number |
//! | `pfc_flags`, `flags` | always | the flag byte and the names of its set bits |
//! | `big_endian` | when true | the PDU's data representation is big-endian |
//! | `frag_length`, `auth_length`, `call_id` | always | header fields |
//! | `ctx_id`, `alloc_hint`, `stub_length` | request, response, fault | body fields (`stub_length` excludes auth padding) |
//! | `opnum` | request; response and fault when the request was seen | operation number |
//! | `object` | request with PFC_OBJECT_UUID | object UUID |
//! | `interface`, `if_version`, `interface_name`, `transfer_syntax` | calls in a negotiated context | from the association |
//! | `fault_status`, `fault_name` | fault | status as `0x%08x` and its C706 / MS-RPCE name |
//! | `max_xmit_frag`, `max_recv_frag`, `assoc_group_id` | bind, bind_ack, alter_context(_resp) | |
//! | `contexts` | bind, alter_context | `[{ctx_id, abstract_syntax, transfer_syntaxes}]`, syntaxes as `{uuid, version, name?}` |
//! | `results`, `sec_addr` | bind_ack, alter_context_resp (`sec_addr` bind_ack only) | `[{result, reason, transfer_syntax?}]` |
//! | `reject_reason`, `versions` | bind_nak | |
//! | `rts_flags`, `rts_commands` | rts | |
//! | `auth_type`, `auth_type_name`, `auth_level`, `auth_pad_length`, `auth_context_id` | with a verifier | sec_trailer fields |
//! | `reassembled` | last fragment of a multi-fragment call | `{fragments, stub_length}` |
//! | `call` | last fragment of a call on an interface with a stub decoder ([`calls`]) | the decoded parameters; `operation` names the call; EMSMDB calls add `rops`: per ROP buffer, `{rops: [{rop_id, name, logon_id, input_handle_index?, output_handle_index?, handle_index?, return_value?, byte_count?, data_length?, written_size?}], handles}` |
//! | `interface_from_port` | calls on a connection whose bind is not in the capture | the interface came from [`Options::decode_as`] or an endpoint-mapper response |
//! | `error` | when something was wrong | a sentence from the typed error; the PDU was still framed |
//! | `verified` | signed or sealed PDU whose signature was checked with a key from [`Options::keys`] | `true` |
//! | `stub_hex` | last fragment of a call, with [`Options::stub_hex`] | the plaintext (unsealed, reassembled) stub |
//!
//! Stream notices have `"event"` set to `"gap"`, `"framing_lost"`, `"resync"`, `"midstream"`,
//! `"unreadable"` (sealed calls that cannot be decrypted: no key, wrong key, authentication not
//! in the capture; once per stream) or `"unverified"` (the same for signed calls), and a
//! `detail` string. Keys are only ever added, never renamed.
//!
//! RPC over HTTP channels (and port-593 legs) are followed by [`http`]: their RTS PDUs and
//! inner PDUs use the same records, with `vc`, `channel` and `carrier` added.

pub mod calls;
mod emsmdb;
mod epm;
pub mod http;
pub mod moh;
mod nspi;
mod record;
mod rops;
pub mod rts;
mod security;

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;

use serde_json::{Map, Value};

use crate::capture::{self, CaptureReader, StreamEvent, TcpReassembler};
use oxwire_msrpc::{
    interfaces, Association, Direction, Framer, Header, PacketType, Pdu, PduBody, Reassembler,
};

pub use record::Record;

/// The capture the dissector reads when given no file: the Zeek project's `mapi.pcap`
/// (BSD-3-Clause, see `testdata/README.md`), an Outlook client talking to Exchange over
/// ncacn_ip_tcp: endpoint mapper, NSPI and EMSMDB with NTLM.
pub const SAMPLE_CAPTURE: &[u8] = include_bytes!("../../testdata/zeek/mapi.pcap");

/// Dissector settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Server ports whose streams are DCE/RPC (135 is always included).
    pub ports: Vec<u16>,
    /// Also follow streams whose first bytes look like a DCE/RPC header (never on the SMB
    /// ports 139 and 445, where DCE/RPC travels inside SMB).
    pub heuristic: bool,
    /// Limits for the DCE/RPC layers.
    pub limits: oxwire_msrpc::Limits,
    /// Passwords, NT hashes and keytab keys for unsealing sealed streams and verifying signed
    /// ones.
    pub keys: std::sync::Arc<oxwire_emapi_sspi::Keyring>,
    /// Add each call's plaintext stub as hex (`stub_hex`).
    pub stub_hex: bool,
    /// Interfaces assumed on server ports for connections whose bind is not in the capture
    /// (like tshark's "Decode As"); ports the endpoint mapper announces are added as they
    /// are seen.
    pub decode_as: Vec<(u16, oxwire_msrpc::SyntaxId)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ports: vec![135],
            heuristic: true,
            limits: oxwire_msrpc::Limits::default(),
            keys: Default::default(),
            stub_hex: false,
            decode_as: Vec::new(),
        }
    }
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Mode {
    Undecided,
    Rpc,
    NotRpc,
}

#[derive(Debug)]
struct Half {
    framer: Framer,
    reasm: Reassembler,
    /// Framing was lost (garbage or a gap); bytes are dropped until a header is found again.
    resync: bool,
}

#[derive(Debug)]
struct Stream {
    client: SocketAddr,
    server: SocketAddr,
    syn_seen: bool,
    mode: Mode,
    /// The capture layer's initiator guess was wrong: its c2s is our s2c.
    swapped: bool,
    halves: [Half; 2],
    assoc: Association,
    /// The capture joined the connection after its bind: context ids cannot be resolved and
    /// responses to requests before the capture have nothing to pair with.
    midstream: bool,
    /// What the call decoders remember across calls (the ROP session).
    calls: calls::CallState,
    /// The interface offered on this connection's server port, when known without a bind.
    port_interface: Option<oxwire_msrpc::SyntaxId>,
    /// Authentication state: keys, unsealing, notices about what could not be read.
    sec: security::StreamSecurity,
}

/// Turns reassembled TCP stream events into DCE/RPC records.
#[derive(Debug)]
pub struct Dissector {
    opts: Options,
    ports: HashSet<u16>,
    streams: HashMap<u64, Stream>,
    /// Interface offered on each server port, from `decode_as` and from EPM responses.
    port_interfaces: HashMap<u16, oxwire_msrpc::SyntaxId>,
    /// MAPI over HTTP streams and session contexts.
    moh: moh::MohState,
    /// RPC over HTTP channels and their virtual connections.
    rpch: http::RpchState,
    out: std::collections::VecDeque<Record>,
}

fn plausible_header(b: &[u8]) -> bool {
    match Header::decode(b) {
        Ok(h) => {
            h.rpc_vers_minor <= 1
                && (h.frag_length as usize) >= h.ptype.min_len()
                && h.ptype.0 != PacketType::RTS.0
        }
        Err(_) => false,
    }
}

/// A stricter test for finding a header inside a stream after framing was lost, where any
/// stub bytes could pass the plain check: the data representation must be one Windows and
/// DCE stacks send (IEEE floats, zero padding), the verifier must fit, and when the bytes are
/// there, another header must follow at `frag_length`.
fn resync_point(buf: &[u8]) -> Option<usize> {
    let strict = |b: &[u8]| {
        plausible_header(b)
            && matches!(b[4], 0x10 | 0x00)
            && b[5..8] == [0, 0, 0]
            && Header::decode(b).is_ok_and(|h| {
                h.auth_length == 0
                    || h.auth_length as usize + 8 + h.ptype.min_len() <= h.frag_length as usize
            })
    };
    (0..buf.len()).find(|&i| {
        let b = &buf[i..];
        if !strict(b) {
            return false;
        }
        let next = Header::decode(b).map_or(0, |h| h.frag_length as usize);
        match b.get(next..) {
            Some(rest) if rest.len() >= 16 => strict(rest),
            _ => true,
        }
    })
}

impl Dissector {
    /// A dissector with the given options.
    pub fn new(opts: Options) -> Self {
        let mut ports: HashSet<u16> = opts.ports.iter().copied().collect();
        ports.insert(135);
        let port_interfaces = opts.decode_as.iter().copied().collect();
        Dissector {
            opts,
            ports,
            streams: HashMap::new(),
            port_interfaces,
            moh: Default::default(),
            rpch: Default::default(),
            out: Default::default(),
        }
    }

    /// Adds a server port whose new streams are DCE/RPC (e.g. learnt from an EPM response).
    pub fn learn_port(&mut self, port: u16) {
        self.ports.insert(port);
    }

    /// The next record, oldest first.
    pub fn poll_record(&mut self) -> Option<Record> {
        self.out.pop_front()
    }

    /// Feeds one event from the TCP reassembler.
    pub fn handle_event(&mut self, ev: StreamEvent) {
        match ev {
            StreamEvent::Opened {
                stream,
                client,
                server,
                syn_seen,
                ..
            } => {
                let limits = self.opts.limits;
                let half = || Half {
                    framer: Framer::new(limits),
                    reasm: Reassembler::new(limits),
                    resync: false,
                };
                self.streams.insert(
                    stream,
                    Stream {
                        client,
                        server,
                        syn_seen,
                        mode: Mode::Undecided,
                        swapped: false,
                        halves: [half(), half()],
                        assoc: Association::new(limits),
                        midstream: false,
                        calls: calls::CallState::default(),
                        port_interface: None,
                        sec: security::StreamSecurity::new(
                            self.opts.keys.clone(),
                            self.opts.stub_hex,
                        ),
                    },
                );
            }
            StreamEvent::Data {
                stream,
                dir,
                frame,
                bytes,
            } => self.data(stream, dir, frame, &bytes),
            StreamEvent::Gap {
                stream,
                dir,
                frame,
                missing,
            } => {
                self.moh.gap(stream, frame, missing, &mut self.out);
                if self.rpch_gap(stream, dir, frame) {
                    return;
                }
                let Some(s) = self.streams.get_mut(&stream) else {
                    return;
                };
                if s.mode != Mode::Rpc {
                    return;
                }
                let d = dir_index(dir, s.swapped);
                let h = &mut s.halves[d];
                h.framer.reset();
                h.resync = true;
                self.notice(
                    frame,
                    stream,
                    d,
                    "gap",
                    format!("{missing} bytes missing; resynchronising"),
                );
            }
            StreamEvent::Closed { stream, frame, .. } => {
                self.moh.closed(stream, frame, &mut self.out);
            }
        }
    }

    fn notice(&mut self, frame: u64, stream: u64, d: usize, event: &str, detail: String) {
        let mut m = Map::new();
        m.insert("frame".into(), frame.into());
        m.insert("stream".into(), stream.into());
        m.insert("dir".into(), dir_name(d).into());
        m.insert("event".into(), event.into());
        m.insert("detail".into(), detail.into());
        self.out.push_back(Record {
            frame,
            stream: Some(stream),
            dir: Some(dir_name(d)),
            fields: m,
        });
    }

    fn data(&mut self, stream: u64, dir: capture::Direction, frame: u64, bytes: &[u8]) {
        if self.rpch_data(stream, dir, frame, bytes) {
            return;
        }
        let Some(s) = self.streams.get_mut(&stream) else {
            return;
        };
        if s.mode != Mode::Rpc {
            let from_client = (dir == capture::Direction::ClientToServer) != s.swapped;
            if self
                .moh
                .data(stream, from_client, frame, bytes, &mut self.out)
            {
                if let Some(s) = self.streams.get_mut(&stream) {
                    s.mode = Mode::NotRpc;
                }
                return;
            }
        }
        let Some(s) = self.streams.get_mut(&stream) else {
            return;
        };
        if s.mode == Mode::Undecided {
            let by_port = self.ports.contains(&s.server.port());
            let by_reverse_port = !s.syn_seen && self.ports.contains(&s.client.port());
            // SMB ports carry DCE/RPC inside SMB (ncacn_np), never bare.
            let smb = matches!(s.server.port(), 139 | 445) || matches!(s.client.port(), 139 | 445);
            let looks = self.opts.heuristic && !smb && plausible_header(bytes);
            s.mode = if !smb && (by_port || by_reverse_port || looks) {
                Mode::Rpc
            } else {
                Mode::NotRpc
            };
            if s.mode == Mode::Rpc && !s.syn_seen {
                // Without a SYN the initiator is a guess; the well-known port or the first
                // PDU's type tells which side is the server.
                let from_is_server_port = match dir {
                    capture::Direction::ClientToServer => self.ports.contains(&s.client.port()),
                    capture::Direction::ServerToClient => self.ports.contains(&s.server.port()),
                };
                let first_is_reply = Header::decode(bytes)
                    .is_ok_and(|h| matches!(h.ptype.0, 2 | 3 | 12 | 13 | 15 | 17));
                let sender_is_server = from_is_server_port || (!by_port && first_is_reply);
                s.swapped = (dir == capture::Direction::ClientToServer) == sender_is_server;
                if s.swapped {
                    core::mem::swap(&mut s.client, &mut s.server);
                }
            }
        }
        if s.mode != Mode::Rpc {
            return;
        }
        let d = dir_index(dir, s.swapped);
        let mut input = bytes;
        if s.halves[d].resync {
            match resync_point(input) {
                Some(i) => {
                    input = &input[i..];
                    s.halves[d].resync = false;
                    let detail = format!("skipped {i} bytes to the next header");
                    self.notice(frame, stream, d, "resync", detail);
                }
                None => return,
            }
        }
        let Some(s) = self.streams.get_mut(&stream) else {
            return;
        };
        let first_pdu = s.halves.iter().all(|h| h.framer.buffered() == 0) && !s.midstream;
        if first_pdu && !s.syn_seen && s.assoc.contexts().next().is_none() {
            let opens = Header::decode(input).is_ok_and(|h| h.ptype == PacketType::BIND);
            if !opens {
                s.midstream = true;
                self.notice(
                    frame,
                    stream,
                    d,
                    "midstream",
                    "the capture starts after this connection's bind; interfaces are unknown"
                        .into(),
                );
            }
        }
        let Some(s) = self.streams.get_mut(&stream) else {
            return;
        };
        s.halves[d].framer.push(input);
        loop {
            let s = match self.streams.get_mut(&stream) {
                Some(s) => s,
                None => return,
            };
            let half = &mut s.halves[d];
            let bytes = match half.framer.next_pdu() {
                Ok(Some(b)) => b.to_vec(),
                Ok(None) => return,
                Err(e) => {
                    half.framer.reset();
                    half.resync = true;
                    self.notice(frame, stream, d, "framing_lost", e.to_string());
                    return;
                }
            };
            s.port_interface = self.port_interfaces.get(&s.server.port()).copied();
            let rec = pdu_record(s, d, &bytes, frame, stream);
            for (event, detail) in std::mem::take(&mut s.sec.notices) {
                self.notice(frame, stream, d, event, detail);
            }
            // Ports the endpoint mapper announces carry the dynamic connections that follow.
            for port in epm::learned_ports(&rec) {
                self.learn_port(port);
            }
            for (port, interface) in epm::learned_interfaces(&rec) {
                self.port_interfaces.entry(port).or_insert(interface);
            }
            self.out.push_back(rec);
        }
    }
}

fn dir_index(dir: capture::Direction, swapped: bool) -> usize {
    let c2s = dir == capture::Direction::ClientToServer;
    if c2s != swapped {
        0
    } else {
        1
    }
}

fn dir_name(d: usize) -> &'static str {
    if d == 0 {
        "c2s"
    } else {
        "s2c"
    }
}

fn pdu_record(s: &mut Stream, d: usize, bytes: &[u8], frame: u64, stream: u64) -> Record {
    let mut fields = match Pdu::decode(bytes) {
        Ok((pdu, _)) => {
            let mut m = record::pdu_fields(&pdu);
            let dir = if d == 0 {
                Direction::ClientToServer
            } else {
                Direction::ServerToClient
            };
            let mut errors = Vec::new();
            let mut call_info = None;
            // A connection whose bind the capture missed: take the interface its port is
            // known to offer, and say so.
            if let (PduBody::Request(r), Some(interface)) = (&pdu.body, s.port_interface) {
                if s.assoc.context(r.ctx_id).is_none() {
                    s.assoc.learn_context(oxwire_msrpc::PresentationContext {
                        ctx_id: r.ctx_id,
                        interface,
                        transfer_syntax: oxwire_msrpc::NDR20,
                    });
                }
            }
            if s.port_interface.is_some() && s.midstream {
                m.insert("interface_from_port".into(), true.into());
            }
            match s.assoc.handle_pdu(dir, &pdu) {
                Ok(Some(info)) => {
                    call_info = Some(info);
                    m.insert("opnum".into(), info.opnum.into());
                    if let Some(c) = info.context {
                        m.insert("interface".into(), c.interface.uuid.to_string().into());
                        m.insert(
                            "if_version".into(),
                            format!("{}.{}", c.interface.major(), c.interface.minor()).into(),
                        );
                        if let Some(n) = interfaces::name(&c.interface.uuid) {
                            m.insert("interface_name".into(), n.into());
                        }
                        m.insert(
                            "transfer_syntax".into(),
                            c.transfer_syntax.uuid.to_string().into(),
                        );
                    }
                }
                Ok(None) => {}
                Err(oxwire_msrpc::Error::UnknownContext { .. }) if s.midstream => {
                    if let PduBody::Request(r) = &pdu.body {
                        m.insert("opnum".into(), r.opnum.into());
                    }
                }
                Err(oxwire_msrpc::Error::FragmentSequence { .. })
                    if s.midstream && pdu.body.ctx_id().is_some() => {}
                Err(e) => errors.push(e.to_string()),
            }
            // Sealed fragments are decrypted before they are reassembled.
            let frag = s.sec.fragment(d, &pdu, bytes, &mut m, &mut errors);
            if let Some(stub) = pdu.body.stub() {
                let stub = match &frag {
                    security::Fragment::Unsealed(p) => &p[..],
                    _ => stub,
                };
                match s.halves[d].reasm.push(&pdu, stub) {
                    Ok(Some(call)) => {
                        let readable = !s.sec.take_unreadable(d, call.call_id)
                            && !matches!(frag, security::Fragment::Unreadable);
                        if readable && s.sec.stub_hex {
                            m.insert("stub_hex".into(), security::hex(&call.stub).into());
                        }
                        if call.fragments > 1 {
                            m.insert(
                                "reassembled".into(),
                                serde_json::json!({"fragments": call.fragments, "stub_length": call.stub.len()}),
                            );
                        }
                        if let Some(info) = call_info {
                            if let Some(c) = info.context {
                                let stub_ref = calls::StubRef {
                                    interface: c.interface.uuid,
                                    ndr64: c.transfer_syntax == oxwire_msrpc::NDR64,
                                    little_endian: pdu.header.drep.little_endian(),
                                    opnum: info.opnum,
                                    request: d == 0,
                                    stub: &call.stub,
                                };
                                // Faults carry no parameters to describe; ciphertext neither.
                                if call.ptype != PacketType::FAULT && readable {
                                    match calls::describe_stateful(&stub_ref, &mut s.calls) {
                                        Some(Ok(v)) => {
                                            m.insert("call".into(), Value::Object(v));
                                        }
                                        Some(Err(e)) => errors.push(e),
                                        None => {}
                                    }
                                }
                            }
                        }
                    }
                    Ok(None) => {}
                    Err(e) => errors.push(e.to_string()),
                }
            } else if let PduBody::CoCancel(_) | PduBody::Orphaned(_) = pdu.body {
                s.halves[d].reasm.abandon(pdu.header.call_id);
            }
            if !errors.is_empty() {
                m.insert("error".into(), errors.join("; ").into());
            }
            m
        }
        Err(e) => {
            // Framed but not decodable: report the header so the PDU is still counted.
            let mut m = Map::new();
            m.insert("event".into(), "pdu".into());
            if let Ok(h) = Header::decode(bytes) {
                m.insert("ptype".into(), h.ptype.name().unwrap_or("unknown").into());
                m.insert("ptype_num".into(), h.ptype.0.into());
                m.insert("pfc_flags".into(), h.pfc_flags.0.into());
                m.insert("frag_length".into(), h.frag_length.into());
                m.insert("auth_length".into(), h.auth_length.into());
                m.insert("call_id".into(), h.call_id.into());
            }
            m.insert("error".into(), e.to_string().into());
            m
        }
    };
    let mut head = Map::new();
    head.insert("frame".into(), frame.into());
    head.insert("stream".into(), stream.into());
    head.insert("dir".into(), dir_name(d).into());
    head.append(&mut fields);
    Record {
        frame,
        stream: Some(stream),
        dir: Some(dir_name(d)),
        fields: head,
    }
}

/// Decodes one PDU given as bytes (no capture context) into a record.
pub fn dissect_pdu(bytes: &[u8]) -> Record {
    let mut fields = Map::new();
    fields.insert("frame".into(), 0.into());
    match Pdu::decode(bytes) {
        Ok((pdu, used)) => {
            fields.append(&mut record::pdu_fields(&pdu));
            if used != bytes.len() {
                fields.insert(
                    "error".into(),
                    format!("{} bytes follow the PDU", bytes.len() - used).into(),
                );
            }
        }
        Err(e) => {
            fields.insert("event".into(), "pdu".into());
            fields.insert("error".into(), Value::String(e.to_string()));
        }
    }
    Record {
        frame: 0,
        stream: None,
        dir: None,
        fields,
    }
}

/// Decodes a bare call stub of interface `layer` (a name accepted by
/// [`calls::layer_interface`]) into a record whose `call` key holds the parameters.
pub fn dissect_stub(layer: &str, opnum: u16, request: bool, ndr64: bool, stub: &[u8]) -> Record {
    let mut fields = Map::new();
    fields.insert("frame".into(), 0.into());
    fields.insert("event".into(), "stub".into());
    fields.insert("layer".into(), layer.into());
    fields.insert("opnum".into(), opnum.into());
    fields.insert(
        "dir".into(),
        if request { "request" } else { "response" }.into(),
    );
    if layer == "rop" {
        match rops::describe_buffer(stub, request) {
            Ok(v) => {
                fields.insert("rops".into(), v);
            }
            Err(e) => {
                fields.insert("error".into(), e.into());
            }
        }
        fields.remove("opnum");
        return Record {
            frame: 0,
            stream: None,
            dir: None,
            fields,
        };
    }
    match calls::layer_interface(layer) {
        None => {
            fields.insert("error".into(), format!("unknown layer {layer:?}").into());
        }
        Some(interface) => {
            let call = calls::StubRef {
                interface,
                ndr64,
                little_endian: true,
                opnum,
                request,
                stub,
            };
            match calls::describe_stateful(&call, &mut calls::CallState::default()) {
                Some(Ok(v)) => {
                    fields.insert("call".into(), Value::Object(v));
                }
                Some(Err(e)) => {
                    fields.insert("error".into(), e.into());
                }
                None => {
                    fields.insert("error".into(), "no decoder for this layer".into());
                }
            }
        }
    }
    Record {
        frame: 0,
        stream: None,
        dir: None,
        fields,
    }
}

/// Reads a whole capture file's bytes and returns every record in order.
pub fn dissect_capture(file: &[u8], opts: &Options) -> Result<Vec<Record>, capture::Error> {
    let reader = CaptureReader::new(file)?;
    let mut tcp = TcpReassembler::new();
    let mut d = Dissector::new(opts.clone());
    let mut out = Vec::new();
    let drain = |tcp: &mut TcpReassembler, d: &mut Dissector, out: &mut Vec<Record>| {
        while let Some(ev) = tcp.poll_event() {
            d.handle_event(ev);
        }
        while let Some(r) = d.poll_record() {
            out.push(r);
        }
    };
    for packet in reader.packets() {
        if let Ok(seg) = capture::decode_packet(&packet) {
            tcp.handle_segment(packet.frame, &seg);
        }
        drain(&mut tcp, &mut d, &mut out);
    }
    tcp.finish();
    drain(&mut tcp, &mut d, &mut out);
    Ok(out)
}
