//! Fragmenting a stub on encode (C706 12.4.1): the reverse of reassembly.

use crate::header::{Header, PfcFlags, HEADER_LEN};
use crate::pdu::{Pdu, PduBody, Request, Response};
use crate::uuid::Uuid;

/// What one call looks like apart from its stub; used to cut the stub into fragments.
#[derive(Clone, Copy, Debug)]
pub enum CallTemplate {
    /// A request in context `ctx_id` for operation `opnum`, optionally on an object.
    Request {
        /// `p_cont_id`.
        ctx_id: u16,
        /// `opnum`.
        opnum: u16,
        /// Object UUID, sets `PFC_OBJECT_UUID`.
        object: Option<Uuid>,
    },
    /// A response in context `ctx_id`.
    Response {
        /// `p_cont_id`.
        ctx_id: u16,
    },
}

impl CallTemplate {
    fn overhead(&self) -> usize {
        match self {
            CallTemplate::Request { object, .. } => {
                HEADER_LEN + 8 + if object.is_some() { 16 } else { 0 }
            }
            CallTemplate::Response { .. } => HEADER_LEN + 8,
        }
    }
}

/// Cuts `stub` into PDUs no longer than `max_xmit_frag`, borrowing the stub.
///
/// Every fragment but the last carries a multiple of 8 stub bytes, so NDR alignment inside the
/// stub does not depend on where it was cut; `alloc_hint` is the number of stub bytes from this
/// fragment on, as Windows sends it. An empty stub still yields one PDU. Flags get FIRST_FRAG
/// and LAST_FRAG as appropriate; `extra_flags` are added to every fragment.
///
/// `max_xmit_frag` values too small to carry 8 stub bytes are raised to that minimum.
pub fn fragments<'a>(
    template: CallTemplate,
    call_id: u32,
    extra_flags: u8,
    stub: &'a [u8],
    max_xmit_frag: u16,
) -> impl Iterator<Item = Pdu<'a>> + 'a {
    let overhead = template.overhead();
    let room = (max_xmit_frag as usize).saturating_sub(overhead) / 8 * 8;
    let room = room.max(8);
    let mut offset = 0usize;
    let mut done = false;
    core::iter::from_fn(move || {
        if done {
            return None;
        }
        let first = offset == 0;
        let take = room.min(stub.len() - offset);
        let chunk = &stub[offset..offset + take];
        let remaining = stub.len() - offset;
        offset += take;
        let last = offset == stub.len();
        done = last;
        let mut flags = extra_flags;
        if first {
            flags |= PfcFlags::FIRST_FRAG;
        }
        if last {
            flags |= PfcFlags::LAST_FRAG;
        }
        let alloc_hint = u32::try_from(remaining).unwrap_or(u32::MAX);
        let body = match template {
            CallTemplate::Request {
                ctx_id,
                opnum,
                object,
            } => {
                if object.is_some() {
                    flags |= PfcFlags::OBJECT_UUID;
                }
                PduBody::Request(Request {
                    alloc_hint,
                    ctx_id,
                    opnum,
                    object,
                    stub: chunk,
                })
            }
            CallTemplate::Response { ctx_id } => PduBody::Response(Response {
                alloc_hint,
                ctx_id,
                cancel_count: 0,
                reserved: 0,
                stub: chunk,
            }),
        };
        Some(Pdu {
            header: Header::new(body.ptype(), flags, call_id),
            body,
            auth: None,
        })
    })
}
