//! The response PDU (C706 12.6.4.10).

use crate::error::Result;
use crate::reader::{Reader, Writer};

/// A response fragment: the results of one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Response<'a> {
    /// `alloc_hint`.
    pub alloc_hint: u32,
    /// `p_cont_id`.
    pub ctx_id: u16,
    /// `cancel_count`: cancels the server received for this call.
    pub cancel_count: u8,
    /// Reserved byte, kept for exact re-encoding.
    pub reserved: u8,
    /// This fragment's stub data (without authentication padding).
    pub stub: &'a [u8],
}

impl<'a> Response<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Response {
            alloc_hint: r.u32("response.alloc_hint")?,
            ctx_id: r.u16("response.p_cont_id")?,
            cancel_count: r.u8("response.cancel_count")?,
            reserved: r.u8("response.reserved")?,
            stub: r.rest(),
        })
    }

    pub(crate) fn encoded_len(&self) -> usize {
        8 + self.stub.len()
    }

    pub(crate) fn encode(&self, w: &mut Writer<'_>) {
        w.u32(self.alloc_hint);
        w.u16(self.ctx_id);
        w.u8(self.cancel_count);
        w.u8(self.reserved);
        w.bytes(self.stub);
    }
}
