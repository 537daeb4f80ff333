//! [`ContextHandle`]: the 20-octet wire form of an RPC context handle.

use super::codec::{NdrDecode, NdrEncode};
use super::error::Result;
use super::guid::Guid;
use super::reader::NdrReader;
use super::writer::NdrWriter;

/// An RPC context handle on the wire (`ndr_context_handle`): 4 octets of
/// attributes and a 16-octet GUID, 20 octets in both syntaxes, aligned to 4.
/// All zero means a null handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ContextHandle {
    /// Attributes word (0 in practice).
    pub attributes: u32,
    /// Server-chosen identity of the handle.
    pub uuid: Guid,
}

impl ContextHandle {
    /// Whether this is the null handle (all 20 octets zero).
    pub fn is_null(&self) -> bool {
        self.attributes == 0 && self.uuid.is_nil()
    }
}

impl<'a> NdrDecode<'a> for ContextHandle {
    const MIN_WIRE_SIZE: usize = 20;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        r.context_handle()
    }
}

impl NdrEncode for ContextHandle {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.context_handle(self);
        Ok(())
    }
}

impl<'a> NdrReader<'a> {
    /// Reads a 20-octet context handle.
    pub fn context_handle(&mut self) -> Result<ContextHandle> {
        self.align(4)?;
        let attributes = self.u32()?;
        let uuid = self.guid()?;
        Ok(ContextHandle { attributes, uuid })
    }
}

impl NdrWriter {
    /// Writes a 20-octet context handle.
    pub fn context_handle(&mut self, h: &ContextHandle) {
        self.u32(h.attributes);
        self.guid(&h.uuid);
    }
}
