//! pcapng files, parsed block by block with `pcap-parser`.

use pcap_parser::nom;
use pcap_parser::pcapng::{parse_block_be, parse_block_le, Block};

use super::file::offset_in;
use super::{Error, FrameIndex, Indexed, LinkType, Timestamp};

/// What a packet block needs from its interface description.
#[derive(Clone, Copy)]
struct Interface {
    linktype: LinkType,
    /// Timestamp units per second.
    units: u64,
    /// Seconds added to every timestamp (`if_tsoffset`).
    offset: i64,
}

/// Units per second for an `if_tsresol` value: a power of ten, or of two when the top bit is
/// set. Values that overflow fall back to the default, microseconds.
fn resolution(tsresol: u8) -> u64 {
    let exp = u32::from(tsresol & 0x7f);
    let units = if tsresol & 0x80 == 0 {
        10u64.checked_pow(exp)
    } else {
        1u64.checked_shl(exp).filter(|_| exp < 64)
    };
    units.unwrap_or(1_000_000)
}

pub(crate) fn index(buf: &[u8]) -> Result<Indexed, Error> {
    let mut frames = Vec::new();
    let mut error = None;
    let mut interfaces: Vec<Interface> = Vec::new();
    let mut big_endian = false;
    let mut rem = buf;
    let mut first = true;
    while !rem.is_empty() {
        let offset = (buf.len() - rem.len()) as u64;
        // pcap-parser subtracts 12 from a block's length before checking it against 12 for
        // some block types, so a short length is refused here first.
        if !first && rem.len() >= 8 {
            let raw = [rem[4], rem[5], rem[6], rem[7]];
            let len = if big_endian {
                u32::from_be_bytes(raw)
            } else {
                u32::from_le_bytes(raw)
            };
            if len < 12 {
                error = Some(Error::Malformed {
                    what: "pcapng block length",
                    offset,
                });
                break;
            }
        }
        let parsed = if big_endian {
            parse_block_be(rem)
        } else {
            parse_block_le(rem)
        };
        let (next, block) = match parsed {
            Ok(ok) => ok,
            Err(e) => {
                let err = match e {
                    nom::Err::Incomplete(_) => Error::Truncated {
                        what: "pcapng block",
                        offset,
                    },
                    _ => Error::Malformed {
                        what: "pcapng block",
                        offset,
                    },
                };
                // A file whose first block is unreadable is not a usable pcapng at all.
                if first {
                    return Err(err);
                }
                error = Some(err);
                break;
            }
        };
        if first && !matches!(block, Block::SectionHeader(_)) {
            return Err(Error::Malformed {
                what: "pcapng section header",
                offset: 0,
            });
        }
        first = false;
        match block {
            Block::SectionHeader(shb) => {
                // Interface ids are per section.
                big_endian = shb.big_endian();
                interfaces.clear();
            }
            Block::InterfaceDescription(idb) => interfaces.push(Interface {
                linktype: LinkType(u32::from(idb.linktype.0 as u16)),
                units: resolution(idb.if_tsresol),
                offset: idb.if_tsoffset,
            }),
            Block::EnhancedPacket(epb) => {
                let Some(iface) = usize::try_from(epb.if_id)
                    .ok()
                    .and_then(|i| interfaces.get(i).copied())
                else {
                    error = Some(Error::Malformed {
                        what: "pcapng enhanced packet block interface id",
                        offset,
                    });
                    break;
                };
                // `data` includes the padding to 32 bits; the captured length is the truth.
                let len = (epb.caplen as usize).min(epb.data.len());
                let ticks = (u64::from(epb.ts_high) << 32) | u64::from(epb.ts_low);
                let secs = i64::try_from(ticks / iface.units).unwrap_or(i64::MAX);
                let ts = Timestamp::from_parts(
                    secs.saturating_add(iface.offset),
                    ticks % iface.units,
                    iface.units,
                );
                push(
                    buf,
                    &mut frames,
                    &mut error,
                    epb.data,
                    len,
                    ts,
                    iface,
                    epb.origlen,
                    offset,
                );
            }
            Block::SimplePacket(spb) => {
                let Some(iface) = interfaces.first().copied() else {
                    error = Some(Error::Malformed {
                        what: "pcapng simple packet block without interface",
                        offset,
                    });
                    break;
                };
                // No captured length in an SPB: the original length bounded by the block.
                let len = (spb.origlen as usize).min(spb.data.len());
                let ts = Timestamp::default();
                push(
                    buf,
                    &mut frames,
                    &mut error,
                    spb.data,
                    len,
                    ts,
                    iface,
                    spb.origlen,
                    offset,
                );
            }
            _ => {}
        }
        if error.is_some() {
            break;
        }
        rem = next;
    }
    Ok(Indexed { frames, error })
}

#[allow(clippy::too_many_arguments)]
fn push(
    buf: &[u8],
    frames: &mut Vec<FrameIndex>,
    error: &mut Option<Error>,
    data: &[u8],
    len: usize,
    ts: Timestamp,
    iface: Interface,
    orig_len: u32,
    offset: u64,
) {
    match offset_in(buf, data) {
        Some(start) => frames.push(FrameIndex {
            start,
            len,
            ts,
            linktype: iface.linktype,
            orig_len,
        }),
        None => {
            *error = Some(Error::Malformed {
                what: "pcapng packet block",
                offset,
            })
        }
    }
}
