//! [`RopSession`]: stateful pairing of ROP responses with their requests.
//!
//! A response buffer cannot be read alone: RopQueryRows, RopFindRow and RopExpandRow rows
//! follow the columns of the table's last RopSetColumns (often sent in an earlier call),
//! RopGetPropertiesSpecific returns a row over the tags it asked for, RopLogon's success
//! shape follows the request's LogonFlags, and two ROPs change layout on public-folder
//! logons. The session is fed each request buffer and then its response buffer and keeps
//! exactly what later buffers depend on: the columns per server object handle, the logon
//! kinds per LogonId, and the last handle table.
//!
//! ```
//! use oxwire_mapi_rop::session::RopSession;
//! use oxwire_mapi_rop::rop::RopResponse;
//!
//! let mut s = RopSession::new();
//! // RopSetColumns(InputHandleIndex 0, [PidTagDisplayName_W 0x3001001F]) on table 0x1234.
//! s.handle_request(&[0x0c, 0x00, 0x12, 0x00, 0x00, 0x00, 0x01, 0x00, 0x1f, 0x00, 0x01, 0x30,
//!                    0x34, 0x12, 0x00, 0x00]).unwrap();
//! // Success, TableStatus 0.
//! s.handle_response(&[0x09, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
//!                     0x34, 0x12, 0x00, 0x00]).unwrap();
//! // Next call: RopQueryRows on the same table.
//! s.handle_request(&[0x09, 0x00, 0x15, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x00,
//!                    0x34, 0x12, 0x00, 0x00]).unwrap();
//! // One row: "A" (standard PropertyRow).
//! let call = s.handle_response(&[0x10, 0x00, 0x15, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01,
//!                                0x00, 0x00, 0x41, 0x00, 0x00, 0x00, 0x34, 0x12, 0x00, 0x00]).unwrap();
//! let RopResponse::QueryRows(r) = &call.response.rops[0] else { panic!() };
//! let rows = &r.body.as_ref().unwrap().rows;
//! assert_eq!(rows[0].value(0), Some(&"A".into()));
//! ```

use std::collections::HashMap;

use crate::prop::PropTag;
use crate::rop::buffer::{resolve, RopBuffer};
use crate::rop::logon::LOGON_PRIVATE;
use crate::rop::{
    Limits, LogonKinds, Reader, ResponseContext, Result, RopError, RopRequest, RopRequestBuffer,
    RopResponse, RopResponseBuffer,
};

/// One EMSMDB call's ROPs after the session paired them.
#[derive(Clone, Debug, PartialEq)]
pub struct RopCall {
    /// The request buffer.
    pub request: RopRequestBuffer,
    /// The response buffer.
    pub response: RopResponseBuffer,
    /// For each response ROP, the index of its request ROP (`None` for RopNotify, RopPending,
    /// RopBackoff and RopBufferTooSmall, which answer no single request).
    pub pairs: Vec<Option<usize>>,
}

/// Remembers what ROP responses depend on across calls. Feed it every request buffer, then
/// that request's response buffer.
#[derive(Clone, Debug, Default)]
pub struct RopSession {
    limits: Limits,
    logons: LogonKinds,
    logon_flags: HashMap<u8, u8>,
    columns: HashMap<u32, Vec<PropTag>>,
    handles: Vec<u32>,
    pending: Option<RopRequestBuffer>,
    answered: Option<RopRequestBuffer>,
}

fn is_response_only(id: u8) -> bool {
    matches!(id, 0x2A | 0x6E | 0xF9 | 0xFF)
}

impl RopSession {
    /// A session with default [`Limits`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A session with explicit limits.
    pub fn with_limits(limits: Limits) -> Self {
        RopSession {
            limits,
            ..Self::default()
        }
    }

    /// Which logons are known to be public-folder logons.
    pub fn logons(&self) -> &LogonKinds {
        &self.logons
    }

    /// The handle table of the last response.
    pub fn handles(&self) -> &[u32] {
        &self.handles
    }

    /// Columns last set on the table with server object handle `handle`.
    pub fn columns_of(&self, handle: u32) -> Option<&[PropTag]> {
        self.columns.get(&handle).map(|v| v.as_slice())
    }

    /// Decodes a request buffer, checks its handle indexes and keeps it for pairing with
    /// the next response.
    pub fn handle_request(&mut self, buf: &[u8]) -> Result<&RopRequestBuffer> {
        let req = RopRequestBuffer::decode_with_limits(buf, &self.logons, &self.limits)?;
        req.check_handle_indexes()?;
        for rop in &req.rops {
            if let RopRequest::Logon(l) = rop {
                self.logon_flags.insert(l.logon_id, l.logon_flags);
                self.logons
                    .set_public(l.logon_id, l.logon_flags & LOGON_PRIVATE == 0);
            }
        }
        Ok(self.pending.insert(req))
    }

    /// Whether a request buffer is waiting for its response.
    pub fn has_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Makes the last answered request pending again, so that the next response buffer is
    /// read as its continuation: a server that packs (chains) responses sends several
    /// payloads for one request (MS-OXCRPC 3.1.4.2.1.1). Returns `false` when no request was
    /// answered yet.
    pub fn continue_last_request(&mut self) -> bool {
        match self.answered.clone() {
            Some(r) => {
                self.pending = Some(r);
                true
            }
            None => false,
        }
    }

    /// Decodes the response buffer of the last request, pairing each response ROP with its
    /// request ROP, and updates the session from the outcome.
    pub fn handle_response(&mut self, buf: &[u8]) -> Result<RopCall> {
        let request = self.pending.take().ok_or(RopError::MissingContext {
            rop: "response buffer",
            needs: "its request buffer (handle_request first)",
        })?;
        let parts = RopBuffer::split(buf, &self.limits)?;
        let mut r = Reader::with_base(parts.rops, parts.rops_offset);
        let mut used = vec![false; request.rops.len()];
        // Columns set earlier in this same call, by handle index.
        let mut call_columns: HashMap<u8, Vec<PropTag>> = HashMap::new();
        let mut next = 0usize;
        let mut rops = Vec::new();
        let mut pairs = Vec::new();
        while !r.is_empty() {
            let id = r.peek_u8("RopId")?;
            if is_response_only(id) {
                let mut rop = RopResponse::read(&mut r, &ResponseContext::default())?;
                // Table notifications carry the table's handle; its columns lay out the row.
                if let RopResponse::Notify(n) = &mut rop {
                    if let Some(cols) = self.columns.get(&n.notification_handle) {
                        n.data.apply_columns(cols);
                    }
                }
                rops.push(rop);
                pairs.push(None);
                continue;
            }
            // Responses come in request order; RopRelease has none, so skip over it.
            let found = (next..request.rops.len())
                .find(|&i| !used[i] && request.rops[i].rop_id() == id && id != 0x01);
            let Some(i) = found else {
                return Err(RopError::Invalid {
                    what: "RopId",
                    offset: r.offset(),
                    reason: "response ROP without a matching request ROP",
                });
            };
            used[i] = true;
            next = i + 1;
            let req = &request.rops[i];
            // Columns from earlier SetColumns of this call apply to the ROPs after them.
            for j in 0..i {
                if let RopRequest::SetColumns(sc) = &request.rops[j] {
                    call_columns.insert(sc.input_handle_index, sc.property_tags.0.clone());
                }
            }
            let mut ctx = ResponseContext {
                logons: self.logons,
                ..Default::default()
            };
            let table_cols: Option<&[PropTag]>;
            match req {
                RopRequest::QueryRows(q) => {
                    table_cols = self.table_columns(&request, &call_columns, q.input_handle_index);
                    ctx.columns = table_cols;
                }
                RopRequest::FindRow(q) => {
                    table_cols = self.table_columns(&request, &call_columns, q.input_handle_index);
                    ctx.columns = table_cols;
                }
                RopRequest::ExpandRow(q) => {
                    table_cols = self.table_columns(&request, &call_columns, q.input_handle_index);
                    ctx.columns = table_cols;
                }
                RopRequest::GetPropertiesSpecific(g) => {
                    ctx.property_tags = Some(&g.property_tags.0);
                }
                RopRequest::Logon(l) => ctx.logon_flags = Some(l.logon_flags),
                _ => {}
            }
            rops.push(RopResponse::read(&mut r, &ctx)?);
            pairs.push(Some(i));
        }
        let response = RopResponseBuffer {
            rops,
            handles: parts.handles,
        };
        self.learn(&request, &response, &pairs);
        self.answered = Some(request.clone());
        Ok(RopCall {
            request,
            response,
            pairs,
        })
    }

    fn table_columns<'a>(
        &'a self,
        request: &RopRequestBuffer,
        call_columns: &'a HashMap<u8, Vec<PropTag>>,
        index: u8,
    ) -> Option<&'a [PropTag]> {
        if let Some(c) = call_columns.get(&index) {
            return Some(c);
        }
        let h = resolve(&request.handles, index, "InputHandleIndex").ok()?;
        self.columns.get(&h).map(|v| v.as_slice())
    }

    fn learn(
        &mut self,
        request: &RopRequestBuffer,
        response: &RopResponseBuffer,
        pairs: &[Option<usize>],
    ) {
        for (resp, pair) in response.rops.iter().zip(pairs) {
            let Some(i) = pair else { continue };
            let ok = resp.header().is_some_and(|(_, rc)| rc == 0);
            match &request.rops[*i] {
                RopRequest::SetColumns(sc) if ok => {
                    // After the call, the table's slot of the response handle table holds
                    // its handle (new tables get theirs there too).
                    if let Ok(h) = resolve(&response.handles, sc.input_handle_index, "handle") {
                        self.columns.insert(h, sc.property_tags.0.clone());
                    }
                }
                RopRequest::Logon(l) => {
                    self.logons
                        .set_public(l.logon_id, l.logon_flags & LOGON_PRIVATE == 0);
                }
                _ => {}
            }
        }
        for rop in &request.rops {
            if let RopRequest::Release(rel) = rop {
                if let Ok(h) = resolve(&request.handles, rel.input_handle_index, "handle") {
                    self.columns.remove(&h);
                }
            }
        }
        self.handles = response.handles.clone();
    }
}
