//! Reassembly of fragmented requests and responses (C706 12.4.1).
//!
//! One [`Reassembler`] serves one direction of one connection. Fragments of different calls may
//! interleave (multiplexed connections); each call's fragments are joined in order. Sealed
//! fragments must be unsealed first (MS-RPCE 3.3.1.5.2.2), which is why the stub is passed
//! separately from the PDU it came in.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::header::PacketType;
use crate::limits::Limits;
use crate::pdu::{Pdu, PduBody};

/// A whole call's stub, joined from its fragments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reassembled<'a> {
    /// The call.
    pub call_id: u32,
    /// request, response or fault.
    pub ptype: PacketType,
    /// The presentation context (from the first fragment).
    pub ctx_id: u16,
    /// The operation number, for requests.
    pub opnum: Option<u16>,
    /// How many fragments made it.
    pub fragments: u32,
    /// The stub: borrowed when the call had a single fragment, owned otherwise.
    pub stub: Cow<'a, [u8]>,
}

#[derive(Debug)]
struct Partial {
    ptype: PacketType,
    ctx_id: u16,
    opnum: Option<u16>,
    fragments: u32,
    stub: Vec<u8>,
}

/// Joins fragments per call id.
#[derive(Debug, Default)]
pub struct Reassembler {
    limits: Limits,
    pending: HashMap<u32, Partial>,
}

impl Reassembler {
    /// A reassembler with the given limits.
    pub fn new(limits: Limits) -> Self {
        Reassembler {
            limits,
            pending: HashMap::new(),
        }
    }

    /// Calls whose last fragment has not arrived.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Drops a partial call (e.g. after co_cancel or orphaned).
    pub fn abandon(&mut self, call_id: u32) -> bool {
        self.pending.remove(&call_id).is_some()
    }

    /// Feeds one fragment with its (possibly unsealed) stub. Returns the whole call when this
    /// was its last fragment. PDUs other than request, response and fault are ignored.
    pub fn push<'a>(&mut self, pdu: &Pdu<'_>, stub: &'a [u8]) -> Result<Option<Reassembled<'a>>> {
        let (ctx_id, opnum) = match &pdu.body {
            PduBody::Request(r) => (r.ctx_id, Some(r.opnum)),
            PduBody::Response(r) => (r.ctx_id, None),
            PduBody::Fault(f) => (f.ctx_id, None),
            _ => return Ok(None),
        };
        let h = &pdu.header;
        let call_id = h.call_id;
        let (first, last) = (h.pfc_flags.first(), h.pfc_flags.last());
        if stub.len() > self.limits.max_stub_len {
            return Err(Error::LimitExceeded {
                what: "reassembled stub",
                limit: self.limits.max_stub_len,
                actual: stub.len(),
            });
        }
        if first {
            let abandoned = self.pending.remove(&call_id).is_some();
            if last {
                // A whole call supersedes whatever was left of an earlier one.
                return Ok(Some(Reassembled {
                    call_id,
                    ptype: h.ptype,
                    ctx_id,
                    opnum,
                    fragments: 1,
                    stub: Cow::Borrowed(stub),
                }));
            }
            if self.pending.len() >= self.limits.max_pending_calls {
                return Err(Error::LimitExceeded {
                    what: "calls being reassembled",
                    limit: self.limits.max_pending_calls,
                    actual: self.pending.len() + 1,
                });
            }
            self.pending.insert(
                call_id,
                Partial {
                    ptype: h.ptype,
                    ctx_id,
                    opnum,
                    fragments: 1,
                    stub: stub.to_vec(),
                },
            );
            if abandoned {
                // The new call is kept; the caller learns that the earlier one was cut short.
                return Err(Error::FragmentSequence {
                    call_id,
                    reason: "first fragment while an earlier one of the same call is incomplete",
                });
            }
            return Ok(None);
        }
        let Some(p) = self.pending.get_mut(&call_id) else {
            return Err(Error::FragmentSequence {
                call_id,
                reason: "fragment without a first fragment",
            });
        };
        // A fault may end a call whose response was being sent; any other type change is wrong.
        if p.ptype != h.ptype && h.ptype != PacketType::FAULT {
            self.pending.remove(&call_id);
            return Err(Error::FragmentSequence {
                call_id,
                reason: "packet type changed between fragments",
            });
        }
        let total = p.stub.len() + stub.len();
        if total > self.limits.max_stub_len {
            self.pending.remove(&call_id);
            return Err(Error::LimitExceeded {
                what: "reassembled stub",
                limit: self.limits.max_stub_len,
                actual: total,
            });
        }
        p.stub.extend_from_slice(stub);
        p.fragments += 1;
        if !last {
            return Ok(None);
        }
        let p = self
            .pending
            .remove(&call_id)
            .ok_or(Error::FragmentSequence {
                call_id,
                reason: "call vanished",
            })?;
        Ok(Some(Reassembled {
            call_id,
            ptype: h.ptype,
            ctx_id: p.ctx_id,
            opnum: p.opnum,
            fragments: p.fragments,
            stub: Cow::Owned(p.stub),
        }))
    }
}
