//! IPv4 and IPv6 headers, down to the transport payload.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::link::L3;
use super::DecodeError;

pub(crate) const PROTO_TCP: u8 = 6;
/// More extension headers than this is not a real packet.
const MAX_EXTENSION_HEADERS: usize = 16;

/// An IP packet carrying TCP: addresses and where the TCP bytes are in the frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IpView {
    pub(crate) src: IpAddr,
    pub(crate) dst: IpAddr,
    /// Offset of the transport header in the frame.
    pub(crate) start: usize,
    /// End of the captured transport bytes (link padding excluded).
    pub(crate) end: usize,
    /// Transport bytes announced by the IP header but not captured.
    pub(crate) missing: u32,
}

/// Parses the IP header at `offset` in `frame`; only TCP packets succeed.
pub(crate) fn parse(l3: L3, frame: &[u8], offset: usize) -> Result<IpView, DecodeError> {
    let first = *frame.get(offset).ok_or(DecodeError::Truncated {
        what: "IP header",
        offset,
    })?;
    match (l3, first >> 4) {
        (L3::V4, _) | (L3::Sniff, 4) => v4(frame, offset),
        (L3::V6, _) | (L3::Sniff, 6) => v6(frame, offset),
        (L3::Sniff, v) => Err(DecodeError::NotIp(u32::from(v))),
    }
}

/// Splits `announced` bytes starting at `start` into captured end and missing count.
fn clamp(frame: &[u8], start: usize, announced: usize) -> (usize, u32) {
    let end = start.saturating_add(announced);
    if end <= frame.len() {
        (end, 0)
    } else {
        (
            frame.len(),
            u32::try_from(end - frame.len()).unwrap_or(u32::MAX),
        )
    }
}

fn v4(frame: &[u8], offset: usize) -> Result<IpView, DecodeError> {
    let h = frame
        .get(offset..offset + 20)
        .ok_or(DecodeError::Truncated {
            what: "IPv4 header",
            offset,
        })?;
    let malformed = Err(DecodeError::Malformed {
        what: "IPv4 header",
        offset,
    });
    if h[0] >> 4 != 4 {
        return malformed;
    }
    let ihl = usize::from(h[0] & 0x0f) * 4;
    let total = usize::from(u16::from_be_bytes([h[2], h[3]]));
    if ihl < 20 {
        return malformed;
    }
    if frame.len() < offset + ihl {
        return Err(DecodeError::Truncated {
            what: "IPv4 options",
            offset: offset + 20,
        });
    }
    // Total length 0 happens with TCP segmentation offload on the capturing host; the
    // captured bytes are then all there is.
    let total = if total == 0 {
        frame.len() - offset
    } else {
        total
    };
    if total < ihl {
        return malformed;
    }
    let flags_frag = u16::from_be_bytes([h[6], h[7]]);
    let more_fragments = flags_frag & 0x2000 != 0;
    if more_fragments || flags_frag & 0x1fff != 0 {
        return Err(DecodeError::Ipv4Fragment);
    }
    if h[9] != PROTO_TCP {
        return Err(DecodeError::NotTcp(h[9]));
    }
    let src = Ipv4Addr::new(h[12], h[13], h[14], h[15]);
    let dst = Ipv4Addr::new(h[16], h[17], h[18], h[19]);
    let start = offset + ihl;
    let (end, missing) = clamp(frame, start, total - ihl);
    Ok(IpView {
        src: IpAddr::V4(src),
        dst: IpAddr::V4(dst),
        start,
        end,
        missing,
    })
}

fn v6(frame: &[u8], offset: usize) -> Result<IpView, DecodeError> {
    let h = frame
        .get(offset..offset + 40)
        .ok_or(DecodeError::Truncated {
            what: "IPv6 header",
            offset,
        })?;
    if h[0] >> 4 != 6 {
        return Err(DecodeError::Malformed {
            what: "IPv6 header",
            offset,
        });
    }
    let payload_len = usize::from(u16::from_be_bytes([h[4], h[5]]));
    let mut next = h[6];
    let addr = |at: usize| {
        let mut a = [0u8; 16];
        a.copy_from_slice(&h[at..at + 16]);
        Ipv6Addr::from(a)
    };
    let (src, dst) = (addr(8), addr(24));
    let payload_start = offset + 40;
    // Payload length 0 means a jumbogram or offload: use what was captured.
    let payload_len = if payload_len == 0 {
        frame.len() - payload_start
    } else {
        payload_len
    };
    let payload_end = payload_start.saturating_add(payload_len);
    let mut at = payload_start;
    for _ in 0..MAX_EXTENSION_HEADERS {
        match next {
            PROTO_TCP => {
                let announced = payload_end.checked_sub(at).ok_or(DecodeError::Malformed {
                    what: "IPv6 payload length",
                    offset,
                })?;
                let (end, missing) = clamp(frame, at, announced);
                return Ok(IpView {
                    src: IpAddr::V6(src),
                    dst: IpAddr::V6(dst),
                    start: at,
                    end,
                    missing,
                });
            }
            // Hop-by-hop, routing, destination options: length in 8-byte units past the first 8.
            0 | 43 | 60 => {
                let e = frame.get(at..at + 2).ok_or(DecodeError::Truncated {
                    what: "IPv6 extension header",
                    offset: at,
                })?;
                next = e[0];
                at += (usize::from(e[1]) + 1) * 8;
            }
            // Fragment header: only an atomic fragment (offset 0, no more fragments) is whole.
            44 => {
                let e = frame.get(at..at + 8).ok_or(DecodeError::Truncated {
                    what: "IPv6 fragment header",
                    offset: at,
                })?;
                if u16::from_be_bytes([e[2], e[3]]) & 0xfff9 != 0 {
                    return Err(DecodeError::Ipv6Fragment);
                }
                next = e[0];
                at += 8;
            }
            // Authentication header: length in 4-byte units, minus 2.
            51 => {
                let e = frame.get(at..at + 2).ok_or(DecodeError::Truncated {
                    what: "IPv6 authentication header",
                    offset: at,
                })?;
                next = e[0];
                at += (usize::from(e[1]) + 2) * 4;
            }
            50 => return Err(DecodeError::Encrypted),
            other => return Err(DecodeError::NotTcp(other)),
        }
    }
    Err(DecodeError::Malformed {
        what: "IPv6 extension header chain",
        offset: payload_start,
    })
}
