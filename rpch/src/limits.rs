//! Bounds on what a peer can make us hold.

/// Limits applied while decoding RTS PDUs, framing HTTP and running virtual connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Commands decoded from one RTS PDU. The largest named PDU (CONN/B2) has 7; every command
    /// takes at least 4 bytes, so the 16-bit `frag_length` bounds the count at 16379 anyway.
    pub max_commands: usize,
    /// Bytes of one HTTP head (request or status line plus headers). 64 KiB is far above what
    /// Outlook and RPC proxies send, even with Negotiate/Kerberos tokens.
    pub max_http_head: usize,
    /// Headers in one HTTP head.
    pub max_http_headers: usize,
    /// Inner bytes buffered per channel while waiting for a complete PDU or for window; one
    /// maximal DCE/RPC fragment plus one receive window (MS-RPCH default 64 KiB).
    pub max_buffered: usize,
    /// Virtual connections a passive pairer keeps while waiting for the matching channel.
    pub max_pending_channels: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_commands: 64,
            max_http_head: 64 * 1024,
            max_http_headers: 64,
            max_buffered: 4 << 20,
            max_pending_channels: 1024,
        }
    }
}
