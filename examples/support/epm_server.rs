//! A small ncacn_ip_tcp endpoint mapper: answers bind, ept_lookup, ept_map and
//! ept_lookup_handle_free from a fixed table of entries.
//!
//! [`EpmConn`] is the sans-io part (bytes in, bytes out, one per TCP connection); [`serve`]
//! hosts it on tokio.

use std::sync::Arc;

use oxwire::epm::calls::{
    EptLookupHandleFreeResponse, EptLookupRequest, EptLookupResponse, EptMapRequest,
    EptMapResponse, Stub,
};
use oxwire::epm::{EptEntry, StringBinding, Tower, Twr, EPT_S_NOT_REGISTERED, INTERFACE};
use oxwire::msrpc::ndr::{ContextHandle, Guid, NdrSyntax};
use oxwire::msrpc::pdu::ContextResult;
use oxwire::msrpc::pdu::{BindAck, Fault};
use oxwire::msrpc::{
    fragments, CallTemplate, Framer, Limits, Pdu, PduBody, Reassembler, SyntaxId, Uuid, NDR20,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// `nca_s_op_rng_error`: the operation number is out of range.
const NCA_S_OP_RNG_ERROR: u32 = 0x1c01_0002;
/// `nca_s_unk_if`: the presentation context is unknown or was rejected.
const NCA_S_UNK_IF: u32 = 0x1c01_0003;
/// Largest fragment we send or accept, whatever the client offers.
const MAX_FRAG: u16 = 5840;

/// One endpoint map element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The registered interface.
    pub interface: SyntaxId,
    /// The object UUID (nil for none).
    pub object: Uuid,
    /// Where the interface listens.
    pub binding: StringBinding,
    /// Annotation text (at most 63 characters).
    pub annotation: String,
}

impl Entry {
    /// Parses `UUID VERSION BINDING [ANNOTATION...]`, e.g.
    /// `a4f1db00-ca47-1067-b31f-00dd010662da 4.0 ncacn_ip_tcp:127.0.0.1[6001] Exchange`.
    pub fn parse(s: &str) -> Result<Entry, String> {
        let mut it = s.split_whitespace();
        let (Some(uuid), Some(version), Some(binding)) = (it.next(), it.next(), it.next()) else {
            return Err(format!(
                "entry {s:?}: want UUID MAJOR.MINOR BINDING [ANNOTATION]"
            ));
        };
        let uuid = Uuid::parse(uuid).ok_or_else(|| format!("{uuid:?} is not a UUID"))?;
        let (major, minor) = version
            .split_once('.')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .ok_or_else(|| format!("{version:?} is not MAJOR.MINOR"))?;
        let binding = StringBinding::parse(binding).map_err(|e| e.to_string())?;
        let annotation = it.collect::<Vec<_>>().join(" ");
        if annotation.len() > 63 {
            return Err("annotations hold at most 63 characters".into());
        }
        let e = Entry {
            interface: SyntaxId::new(uuid, major, minor),
            object: binding.object.unwrap_or(Uuid::NIL),
            binding,
            annotation,
        };
        e.tower().map_err(|err| format!("{s:?}: {err}"))?;
        Ok(e)
    }

    /// The entry's protocol tower (NDR 2.0 transfer syntax).
    pub fn tower(&self) -> Result<Twr<'static>, oxwire::epm::Error> {
        Twr::from_tower(&Tower::from_binding(self.interface, None, &self.binding)?)
    }
}

/// The table served when none is given: the Exchange interfaces on loopback.
pub fn default_table() -> Vec<Entry> {
    [
        "a4f1db00-ca47-1067-b31f-00dd010662da 0.81 ncacn_ip_tcp:127.0.0.1[6001] Exchange EMSMDB",
        "5261574a-4572-206e-b268-6b199213b4e4 0.1 ncacn_ip_tcp:127.0.0.1[6001] Exchange AsyncEMSMDB",
        "1544f5e0-613c-11d1-93df-00c04fd7bd09 1.0 ncacn_ip_tcp:127.0.0.1[6002] Exchange RFR",
        "f5cc5a18-4264-101a-8c59-08002b2f8426 56.0 ncacn_ip_tcp:127.0.0.1[6004] Exchange NSPI",
    ]
    .iter()
    .map(|s| Entry::parse(s).expect("built-in entries parse"))
    .collect()
}

/// Whether `e` answers an ept_lookup inquiry (C706 appendix O: inquiry_type and vers_option).
fn lookup_matches(e: &Entry, q: &EptLookupRequest) -> bool {
    let by_if = || {
        let Some(want) = q.interface_id.value.as_ref() else {
            return true;
        };
        let (maj, min) = (e.interface.major(), e.interface.minor());
        e.interface.uuid == want.uuid
            && match q.vers_option {
                2 => maj == want.major && min >= want.minor,
                3 => maj == want.major && min == want.minor,
                4 => maj == want.major,
                5 => (maj, min) <= (want.major, want.minor),
                _ => true,
            }
    };
    let by_obj = || q.object.value.is_none_or(|o| o == e.object);
    match q.inquiry_type {
        1 => by_if(),
        2 => by_obj(),
        3 => by_if() && by_obj(),
        _ => true,
    }
}

/// The position a lookup walk continues from, carried in its context handle.
fn handle_at(next: usize) -> ContextHandle {
    ContextHandle {
        attributes: 0,
        uuid: Guid {
            data1: next as u32,
            data2: 0x6570,
            data3: 0x6d31,
            data4: *b"oxwire\0\0",
        },
    }
}

fn position_of(h: &ContextHandle) -> usize {
    if h.uuid.data2 == 0x6570 {
        h.uuid.data1 as usize
    } else {
        0
    }
}

/// One endpoint mapper connection, sans-io.
#[derive(Debug)]
pub struct EpmConn {
    table: Arc<Vec<Entry>>,
    port: u16,
    framer: Framer,
    reassembler: Reassembler,
    accepted: Vec<u16>,
    max_xmit: u16,
    /// Calls answered, by opnum (0..=6).
    pub calls: [u64; 7],
}

impl EpmConn {
    /// A connection serving `table`, announcing `port` as its secondary address.
    pub fn new(table: Arc<Vec<Entry>>, port: u16) -> Self {
        EpmConn {
            table,
            port,
            framer: Framer::new(Limits::default()),
            reassembler: Reassembler::new(Limits::default()),
            accepted: Vec::new(),
            max_xmit: 4280,
            calls: [0; 7],
        }
    }

    /// Bytes from the client; the answers are appended to `out`. An error ends the
    /// connection.
    pub fn handle(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        self.framer.push(data);
        loop {
            let pdu = match self.framer.next_pdu() {
                Ok(Some(p)) => p.to_vec(),
                Ok(None) => return Ok(()),
                Err(e) => return Err(e.to_string()),
            };
            let (pdu, _) = Pdu::decode(&pdu).map_err(|e| e.to_string())?;
            let call_id = pdu.header.call_id;
            match &pdu.body {
                PduBody::Bind(b) | PduBody::AlterContext(b) => {
                    let results = b.contexts.iter().map(|c| self.answer(c)).collect();
                    if matches!(pdu.body, PduBody::Bind(_)) {
                        self.max_xmit = b.max_recv_frag.min(MAX_FRAG);
                    }
                    let port = format!("{}\0", self.port);
                    let assoc = if b.assoc_group_id == 0 {
                        0x1d2b
                    } else {
                        b.assoc_group_id
                    };
                    let ack = BindAck::new(
                        self.max_xmit,
                        b.max_xmit_frag.min(MAX_FRAG),
                        assoc,
                        port.as_bytes(),
                        results,
                    );
                    let body = if matches!(pdu.body, PduBody::Bind(_)) {
                        PduBody::BindAck(ack)
                    } else {
                        PduBody::AlterContextResp(BindAck {
                            sec_addr: &[],
                            ..ack
                        })
                    };
                    Pdu::new(body, 0x03, call_id)
                        .encode(out)
                        .map_err(|e| e.to_string())?;
                }
                PduBody::Request(r) => {
                    let stub = r.stub.to_vec();
                    let Some(whole) = self
                        .reassembler
                        .push(&pdu, &stub)
                        .map_err(|e| e.to_string())?
                    else {
                        continue;
                    };
                    let (ctx, opnum) = (whole.ctx_id, whole.opnum.unwrap_or(u16::MAX));
                    let le = pdu.header.drep.little_endian();
                    let answer = if self.accepted.contains(&ctx) {
                        self.call(opnum, &whole.stub, le)
                    } else {
                        Err(NCA_S_UNK_IF)
                    };
                    match answer {
                        Ok(stub) => {
                            if let Some(n) = self.calls.get_mut(usize::from(opnum)) {
                                *n += 1;
                            }
                            let t = CallTemplate::Response { ctx_id: ctx };
                            for f in fragments(t, call_id, 0, &stub, self.max_xmit) {
                                f.encode(out).map_err(|e| e.to_string())?;
                            }
                        }
                        Err(status) => fault(ctx, call_id, status, out)?,
                    }
                }
                PduBody::Auth3(_) | PduBody::Orphaned(_) | PduBody::CoCancel(_) => {}
                PduBody::Shutdown(_) => return Err("shutdown".into()),
                _ => {
                    let t = pdu.header.ptype;
                    return Err(format!(
                        "unexpected {:?} PDU",
                        t.name().unwrap_or("unknown")
                    ));
                }
            }
        }
    }

    /// The result for one proposed context: EPM over NDR 2.0 is accepted, a bind-time
    /// feature item is acknowledged with no features, anything else is rejected.
    fn answer(&mut self, c: &oxwire::msrpc::pdu::ContextItem) -> ContextResult {
        let reject = |reason| ContextResult {
            result: ContextResult::PROVIDER_REJECTION,
            reason,
            transfer_syntax: SyntaxId::new(Uuid::NIL, 0, 0),
        };
        if c.transfer_syntaxes
            .iter()
            .any(|t| t.bind_time_features().is_some())
        {
            return ContextResult {
                result: ContextResult::NEGOTIATE_ACK,
                reason: 0,
                transfer_syntax: SyntaxId::new(Uuid::NIL, 0, 0),
            };
        }
        if c.abstract_syntax != INTERFACE {
            return reject(1);
        }
        if !c.transfer_syntaxes.contains(&NDR20) {
            return reject(2);
        }
        self.accepted.push(c.ctx_id);
        ContextResult {
            result: ContextResult::ACCEPTANCE,
            reason: 0,
            transfer_syntax: NDR20,
        }
    }

    /// Runs one call; `Err` is a fault status.
    fn call(&self, opnum: u16, stub: &[u8], le: bool) -> Result<Vec<u8>, u32> {
        let syntax = NdrSyntax::Ndr20;
        let bad = |_| NCA_S_OP_RNG_ERROR;
        match opnum {
            2 => {
                let q = EptLookupRequest::decode(stub, syntax, le).map_err(bad)?;
                let hits: Vec<&Entry> = self
                    .table
                    .iter()
                    .filter(|e| lookup_matches(e, &q))
                    .collect();
                let from = position_of(&q.entry_handle).min(hits.len());
                let take = (q.max_ents as usize).min(hits.len() - from);
                let mut entries = Vec::with_capacity(take);
                for e in &hits[from..from + take] {
                    entries.push(EptEntry {
                        object: e.object,
                        tower: oxwire::epm::Ptr::some(e.tower().map_err(bad)?),
                        annotation: oxwire::epm::Annotation::new(&e.annotation),
                    });
                }
                let next = from + take;
                let r = EptLookupResponse {
                    entry_handle: if next < hits.len() {
                        handle_at(next)
                    } else {
                        ContextHandle::default()
                    },
                    num_ents: take as u32,
                    max_count: u64::from(q.max_ents),
                    offset: 0,
                    entries,
                    status: if take == 0 { EPT_S_NOT_REGISTERED } else { 0 },
                };
                r.encode(syntax, le).map_err(bad)
            }
            3 => {
                let q = EptMapRequest::decode(stub, syntax, le).map_err(bad)?;
                let want = q
                    .map_tower
                    .value
                    .as_ref()
                    .and_then(|t| t.tower().ok())
                    .and_then(|t| Some((t.interface()?, t.tcp_port().is_some())));
                let mut towers = Vec::new();
                if let Some((want, tcp)) = want {
                    for e in self.table.iter() {
                        let i = e.interface;
                        let same = i.uuid == want.uuid
                            && i.major() == want.major()
                            && i.minor() >= want.minor();
                        if same && (e.binding.protseq == "ncacn_ip_tcp") == tcp {
                            towers.push(e.tower().map_err(bad)?);
                        }
                    }
                }
                towers.truncate(q.max_towers as usize);
                let status = if towers.is_empty() {
                    EPT_S_NOT_REGISTERED
                } else {
                    0
                };
                let mut r = EptMapResponse::new(towers, status);
                r.max_count = u64::from(q.max_towers);
                r.encode(syntax, le).map_err(bad)
            }
            4 => EptLookupHandleFreeResponse {
                entry_handle: ContextHandle::default(),
                status: 0,
            }
            .encode(syntax, le)
            .map_err(bad),
            _ => Err(NCA_S_OP_RNG_ERROR),
        }
    }
}

fn fault(ctx_id: u16, call_id: u32, status: u32, out: &mut Vec<u8>) -> Result<(), String> {
    let f = Fault {
        alloc_hint: 0,
        ctx_id,
        cancel_count: 0,
        flags: 0,
        status,
        reserved2: Some([0; 4]),
        stub: &[],
    };
    Pdu::new(PduBody::Fault(f), 0x23, call_id)
        .encode(out)
        .map_err(|e| e.to_string())
}

/// Serves `table` on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, table: Arc<Vec<Entry>>) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    loop {
        let (mut sock, _) = listener.accept().await?;
        let mut conn = EpmConn::new(table.clone(), port);
        tokio::spawn(async move {
            let mut buf = vec![0u8; 16 * 1024];
            let mut out = Vec::new();
            loop {
                let n = match sock.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                out.clear();
                let r = conn.handle(&buf[..n], &mut out);
                if !out.is_empty() && sock.write_all(&out).await.is_err() {
                    return;
                }
                if r.is_err() {
                    return;
                }
            }
        });
    }
}
