//! Container detection by magic number, and gzip unwrapping.

use std::io::Read;

use super::Error;

/// A capture container format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Classic libpcap format.
    Pcap {
        /// Header fields are big-endian.
        big_endian: bool,
        /// Timestamps carry nanoseconds rather than microseconds.
        nanosecond: bool,
    },
    /// pcapng (sections, interfaces, enhanced/simple packet blocks).
    PcapNg,
    /// Microsoft Network Monitor 2.x (`GMBU`).
    NetMon2,
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

pub(crate) fn is_gzip(data: &[u8]) -> bool {
    data.starts_with(&GZIP_MAGIC)
}

/// Decompresses every gzip member in `data`, refusing to produce more than `limit` bytes.
pub(crate) fn gunzip(data: &[u8], limit: usize) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    // One byte past the limit tells "exactly at the limit" from "over it".
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    flate2::read::MultiGzDecoder::new(data)
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|e| Error::Gzip {
            reason: e.to_string(),
        })?;
    if out.len() > limit {
        return Err(Error::TooLarge { limit });
    }
    Ok(out)
}

/// Identifies the container from its first four bytes.
pub(crate) fn detect(data: &[u8]) -> Result<Format, Error> {
    let magic: [u8; 4] = match data.get(..4).and_then(|m| m.try_into().ok()) {
        Some(m) => m,
        None => {
            return Err(Error::UnknownFormat {
                magic: data.to_vec(),
            })
        }
    };
    let pcap = |big_endian, nanosecond| {
        Ok(Format::Pcap {
            big_endian,
            nanosecond,
        })
    };
    match magic {
        [0xd4, 0xc3, 0xb2, 0xa1] => pcap(false, false),
        [0xa1, 0xb2, 0xc3, 0xd4] => pcap(true, false),
        [0x4d, 0x3c, 0xb2, 0xa1] => pcap(false, true),
        [0xa1, 0xb2, 0x3c, 0x4d] => pcap(true, true),
        // Kuznetzov's "modified" pcap (extra per-record fields), little-endian only.
        [0x34, 0xcd, 0xb2, 0xa1] => pcap(false, false),
        [0x0a, 0x0d, 0x0d, 0x0a] => Ok(Format::PcapNg),
        [b'G', b'M', b'B', b'U'] => Ok(Format::NetMon2),
        [b'R', b'T', b'S', b'S'] => Err(Error::Unsupported {
            what: "NetMon 1.x capture",
        }),
        [0x1f, 0x8b, ..] => Err(Error::Unsupported {
            what: "nested gzip",
        }),
        _ => Err(Error::UnknownFormat {
            magic: magic.to_vec(),
        }),
    }
}

/// Offset of `part` inside `whole`, when `part` is a subslice of it.
pub(crate) fn offset_in(whole: &[u8], part: &[u8]) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start.checked_add(part.len())? <= whole.len()).then_some(start)
}
