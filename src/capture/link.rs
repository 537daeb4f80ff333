//! Link-layer headers: finding where the IP packet starts.

use super::{DecodeError, LinkType};

/// Which IP version follows the link header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum L3 {
    V4,
    V6,
    /// Raw IP: take the version from the first nibble.
    Sniff,
}

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86dd;
const ETHERTYPE_VLAN: u16 = 0x8100;
const ETHERTYPE_QINQ: u16 = 0x88a8;
const ETHERTYPE_QINQ_OLD: u16 = 0x9100;
/// More stacked tags than this is not a real frame.
const MAX_VLAN_TAGS: usize = 8;

fn be16(data: &[u8], at: usize, what: &'static str) -> Result<u16, DecodeError> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or(DecodeError::Truncated { what, offset: at })
}

/// Returns the IP version to expect and the offset of the IP header in `data`.
pub(crate) fn strip(linktype: LinkType, data: &[u8]) -> Result<(L3, usize), DecodeError> {
    match linktype {
        LinkType::ETHERNET => {
            let ethertype = be16(data, 12, "Ethernet header")?;
            ethertype_at(data, ethertype, 14)
        }
        LinkType::LINUX_SLL => {
            let proto = be16(data, 14, "Linux SLL header")?;
            ethertype_at(data, proto, 16)
        }
        LinkType::LINUX_SLL2 => {
            let proto = be16(data, 0, "Linux SLL2 header")?;
            if data.len() < 20 {
                return Err(DecodeError::Truncated {
                    what: "Linux SLL2 header",
                    offset: 0,
                });
            }
            ethertype_at(data, proto, 20)
        }
        LinkType::RAW | LinkType::RAW_BSD12 | LinkType::RAW_BSD14 => Ok((L3::Sniff, 0)),
        LinkType::IPV4 => Ok((L3::V4, 0)),
        LinkType::IPV6 => Ok((L3::V6, 0)),
        LinkType::NULL | LinkType::LOOP => {
            let b: [u8; 4] =
                data.get(..4)
                    .and_then(|b| b.try_into().ok())
                    .ok_or(DecodeError::Truncated {
                        what: "loopback header",
                        offset: 0,
                    })?;
            // NULL uses the capturing host's byte order; an address family is small, so the
            // order whose value fits in 16 bits is the right one.
            let family = if linktype == LinkType::LOOP || b[0] == 0 && b[1] == 0 {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            };
            match family {
                2 => Ok((L3::V4, 4)),
                // AF_INET6 differs per OS: Linux, NetBSD/OpenBSD, FreeBSD, macOS.
                10 | 24 | 28 | 30 => Ok((L3::V6, 4)),
                other => Err(DecodeError::NotIp(other)),
            }
        }
        other => Err(DecodeError::UnsupportedLinkType(other)),
    }
}

/// Follows VLAN tags starting from `ethertype` whose payload begins at `offset`.
fn ethertype_at(
    data: &[u8],
    mut ethertype: u16,
    mut offset: usize,
) -> Result<(L3, usize), DecodeError> {
    for _ in 0..=MAX_VLAN_TAGS {
        match ethertype {
            ETHERTYPE_IPV4 => return Ok((L3::V4, offset)),
            ETHERTYPE_IPV6 => return Ok((L3::V6, offset)),
            ETHERTYPE_VLAN | ETHERTYPE_QINQ | ETHERTYPE_QINQ_OLD => {
                // Tag control (2 bytes), then the inner ethertype.
                ethertype = be16(data, offset + 2, "802.1Q tag")?;
                offset += 4;
            }
            other => return Err(DecodeError::NotIp(u32::from(other))),
        }
    }
    Err(DecodeError::Malformed {
        what: "802.1Q tag stack",
        offset,
    })
}
