//! The request PDU (C706 12.6.4.9).

use crate::error::Result;
use crate::header::PfcFlags;
use crate::reader::{Reader, Writer};
use crate::uuid::Uuid;

/// A request fragment: call parameters for one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    /// `alloc_hint`: the sender's estimate of the whole stub, or 0.
    pub alloc_hint: u32,
    /// `p_cont_id`: the presentation context the call runs in.
    pub ctx_id: u16,
    /// `opnum`: which operation of the interface.
    pub opnum: u16,
    /// The object UUID, present when `PFC_OBJECT_UUID` is set.
    pub object: Option<Uuid>,
    /// This fragment's stub data (without authentication padding).
    pub stub: &'a [u8],
}

impl<'a> Request<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>, flags: PfcFlags) -> Result<Self> {
        let alloc_hint = r.u32("request.alloc_hint")?;
        let ctx_id = r.u16("request.p_cont_id")?;
        let opnum = r.u16("request.opnum")?;
        let object = if flags.has(PfcFlags::OBJECT_UUID) {
            Some(Uuid::read(r, "request.object")?)
        } else {
            None
        };
        Ok(Request {
            alloc_hint,
            ctx_id,
            opnum,
            object,
            stub: r.rest(),
        })
    }

    pub(crate) fn encoded_len(&self) -> usize {
        8 + if self.object.is_some() { 16 } else { 0 } + self.stub.len()
    }

    pub(crate) fn encode(&self, w: &mut Writer<'_>) {
        w.u32(self.alloc_hint);
        w.u16(self.ctx_id);
        w.u16(self.opnum);
        if let Some(o) = &self.object {
            o.write(w);
        }
        w.bytes(self.stub);
    }
}
