//! Bounds on what a peer can make us hold.

/// Limits applied while decoding, framing and reassembling.
///
/// Every count and length read from the wire is checked against the bytes present and against
/// these values before it is used, so memory stays proportional to input that was actually
/// received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest PDU (`frag_length`) accepted. The field is 16 bits, so the default lets every
    /// valid PDU through; a proxy that negotiated a smaller `max_recv_frag` can tighten it.
    pub max_frag_length: u16,
    /// Largest reassembled stub of one call. The default, 4 MiB, is sixteen times the largest
    /// EcDoRpcExt2 buffer (0x40000, MS-OXCRPC 3.1.4.2) and holds the largest NSPI and EPM
    /// responses seen in practice.
    pub max_stub_len: usize,
    /// Presentation context items in one bind or alter_context. The count is a u8 on the wire
    /// (C706 12.6.3.1), so the default of 255 is the protocol's own bound.
    pub max_context_items: usize,
    /// Transfer syntaxes offered in one context item (u8 on the wire).
    pub max_transfer_syntaxes: usize,
    /// Presentation contexts one association keeps.
    pub max_contexts: usize,
    /// Calls outstanding on one association or being reassembled in one direction.
    pub max_pending_calls: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_frag_length: u16::MAX,
            max_stub_len: 4 << 20,
            max_context_items: 255,
            max_transfer_syntaxes: 255,
            max_contexts: 1024,
            max_pending_calls: 1024,
        }
    }
}
