//! TCP header parsing.

use std::net::SocketAddr;

use super::ip::IpView;
use super::{DecodeError, TcpSegment};

/// TCP control bits (the 9 flag bits of the header, NS in bit 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TcpFlags(pub u16);

impl TcpFlags {
    /// No more data from sender.
    pub const FIN: u16 = 0x001;
    /// Synchronise sequence numbers.
    pub const SYN: u16 = 0x002;
    /// Reset the connection.
    pub const RST: u16 = 0x004;
    /// Push function.
    pub const PSH: u16 = 0x008;
    /// Acknowledgement field significant.
    pub const ACK: u16 = 0x010;
    /// Urgent pointer field significant.
    pub const URG: u16 = 0x020;
    /// ECN echo.
    pub const ECE: u16 = 0x040;
    /// Congestion window reduced.
    pub const CWR: u16 = 0x080;
    /// ECN nonce (historic).
    pub const NS: u16 = 0x100;

    /// Whether every bit of `mask` is set.
    pub fn has(self, mask: u16) -> bool {
        self.0 & mask == mask
    }
    /// FIN is set.
    pub fn fin(self) -> bool {
        self.has(Self::FIN)
    }
    /// SYN is set.
    pub fn syn(self) -> bool {
        self.has(Self::SYN)
    }
    /// RST is set.
    pub fn rst(self) -> bool {
        self.has(Self::RST)
    }
    /// ACK is set.
    pub fn ack(self) -> bool {
        self.has(Self::ACK)
    }
}

/// Parses the TCP header at `ip.start`.
pub(crate) fn parse<'a>(ip: &IpView, frame: &'a [u8]) -> Result<TcpSegment<'a>, DecodeError> {
    let at = ip.start;
    let seg = frame.get(at..ip.end).unwrap_or(&[]);
    let h = seg.get(..20).ok_or(DecodeError::Truncated {
        what: "TCP header",
        offset: at,
    })?;
    let be32 = |i: usize| u32::from_be_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
    let data_offset = usize::from(h[12] >> 4) * 4;
    if data_offset < 20 {
        return Err(DecodeError::Malformed {
            what: "TCP data offset",
            offset: at,
        });
    }
    let options = seg.get(20..data_offset).ok_or(DecodeError::Truncated {
        what: "TCP options",
        offset: at + 20,
    })?;
    Ok(TcpSegment {
        src: SocketAddr::new(ip.src, u16::from_be_bytes([h[0], h[1]])),
        dst: SocketAddr::new(ip.dst, u16::from_be_bytes([h[2], h[3]])),
        seq: be32(4),
        ack: be32(8),
        flags: TcpFlags(u16::from_be_bytes([h[12], h[13]]) & 0x01ff),
        window: u16::from_be_bytes([h[14], h[15]]),
        options,
        payload: &seg[data_offset..],
        payload_missing: ip.missing,
    })
}
