//! Microsoft Network Monitor 2.x capture files (`GMBU`), read directly.
//!
//! Layout (all little-endian): a file header with the signature, BCD minor and major version,
//! the media type, the capture start as a Windows SYSTEMTIME (local time), and the offset and
//! length of a frame table of 32-bit frame offsets. Each frame starts with a 16-byte header:
//! 64-bit microseconds since capture start, original length, captured length; the captured
//! bytes follow. From version 2.1 on, a trailer after the bytes gives the frame's own media
//! type; from 2.2 on, it also carries a process-info index and the frame's UTC time as a
//! FILETIME (100 ns units since 1601), which is more precise than the header clock.

use super::{Error, FrameIndex, Indexed, LinkType, Timestamp};

const HEADER_LEN: usize = 32;
const FRAME_HEADER_LEN: usize = 16;
/// Seconds between 1601-01-01 (FILETIME epoch) and 1970-01-01.
const FILETIME_UNIX_DIFF_SECS: u64 = 11_644_473_600;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// NetMon media type to pcap link type.
fn media_to_linktype(media: u16) -> LinkType {
    match media {
        1 => LinkType::ETHERNET,
        2 => LinkType(6),  // Token Ring
        3 => LinkType(10), // FDDI
        // 0xE000 + n wraps a frame of pcap link type n.
        0xE000..=0xEFFF => LinkType(u32::from(media - 0xE000)),
        _ => LinkType(LinkType::NETMON_MEDIA_BASE | u32::from(media)),
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The header's SYSTEMTIME as Unix nanoseconds; zero when the fields are out of range.
fn systemtime_nanos(h: &[u8]) -> i128 {
    let f = |i: usize| i64::from(u16_at(h, 8 + 2 * i).unwrap_or(0));
    let (year, month, day) = (f(0), f(1), f(3));
    let (hour, min, sec, ms) = (f(4), f(5), f(6), f(7));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 60 {
        return 0;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec;
    i128::from(secs) * 1_000_000_000 + i128::from(ms) * 1_000_000
}

fn from_nanos(n: i128) -> Timestamp {
    let secs = n.div_euclid(1_000_000_000);
    Timestamp {
        secs: i64::try_from(secs).unwrap_or(if secs < 0 { i64::MIN } else { i64::MAX }),
        nanos: n.rem_euclid(1_000_000_000) as u32,
    }
}

pub(crate) fn index(buf: &[u8]) -> Result<Indexed, Error> {
    let header = buf.get(..HEADER_LEN).ok_or(Error::Truncated {
        what: "NetMon file header",
        offset: 0,
    })?;
    let minor = header[4];
    let major = header[5];
    if major != 2 {
        return Err(Error::Unsupported {
            what: "NetMon version other than 2.x",
        });
    }
    // The version bytes are BCD; 2.10 and later would still be >= 2.1.
    let minor = (minor >> 4) * 10 + (minor & 0x0f);
    let file_media = u16_at(header, 6).unwrap_or(0);
    let start = systemtime_nanos(header);
    let table_off = u32_at(header, 24).unwrap_or(0) as usize;
    let table_len = u32_at(header, 28).unwrap_or(0) as usize;
    let table = table_off
        .checked_add(table_len)
        .and_then(|end| buf.get(table_off..end))
        .ok_or(Error::Truncated {
            what: "NetMon frame table",
            offset: table_off as u64,
        })?;
    let count = table.len() / 4;
    // Each frame needs at least its header, so the file size bounds the useful count.
    let mut frames = Vec::with_capacity(count.min(buf.len() / FRAME_HEADER_LEN));
    let mut error = None;
    for i in 0..count {
        let off = u32_at(table, i * 4).unwrap_or(0) as usize;
        match frame(buf, off, minor, file_media, start) {
            Some(f) => frames.push(f),
            None => {
                error = Some(Error::Truncated {
                    what: "NetMon frame",
                    offset: off as u64,
                });
                break;
            }
        }
    }
    Ok(Indexed { frames, error })
}

fn frame(buf: &[u8], off: usize, minor: u8, file_media: u16, start: i128) -> Option<FrameIndex> {
    let delta_us = u64_at(buf, off)?;
    let orig_len = u32_at(buf, off.checked_add(8)?)?;
    let incl_len = u32_at(buf, off.checked_add(12)?)? as usize;
    let data_start = off.checked_add(FRAME_HEADER_LEN)?;
    let data_end = data_start.checked_add(incl_len)?;
    if data_end > buf.len() {
        return None;
    }
    let mut media = file_media;
    let mut ts = from_nanos(start.saturating_add(i128::from(delta_us) * 1000));
    if minor >= 1 {
        if let Some(m) = u16_at(buf, data_end) {
            media = m;
        }
    }
    if minor >= 2 {
        // Trailer: media (2), process-info index (4), UTC FILETIME (8), ...
        if let Some(ft) = data_end.checked_add(6).and_then(|at| u64_at(buf, at)) {
            if ft != 0 {
                let unix_100ns = i128::from(ft) - i128::from(FILETIME_UNIX_DIFF_SECS) * 10_000_000;
                ts = from_nanos(unix_100ns * 100);
            }
        }
    }
    Some(FrameIndex {
        start: data_start,
        len: incl_len,
        ts,
        linktype: media_to_linktype(media),
        orig_len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2016, 8, 9), 17_022);
    }
}
