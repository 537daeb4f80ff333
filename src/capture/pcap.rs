//! Classic libpcap files, parsed with `pcap-parser`.

use pcap_parser::pcap::{
    parse_pcap_frame, parse_pcap_frame_be, parse_pcap_frame_modified, parse_pcap_header,
    LegacyPcapBlock,
};
use pcap_parser::{nom, PcapError};

use super::file::offset_in;
use super::{Error, FrameIndex, Indexed, LinkType, Timestamp};

type FrameParser = fn(&[u8]) -> nom::IResult<&[u8], LegacyPcapBlock<'_>, PcapError<&[u8]>>;

pub(crate) fn index(buf: &[u8]) -> Result<Indexed, Error> {
    let (mut rem, header) = parse_pcap_header(buf).map_err(|e| match e {
        nom::Err::Incomplete(_) => Error::Truncated {
            what: "pcap file header",
            offset: 0,
        },
        _ => Error::Malformed {
            what: "pcap file header",
            offset: 0,
        },
    })?;
    let linktype = LinkType(header.network.0 as u32);
    let units = if header.is_nanosecond_precision() {
        1_000_000_000
    } else {
        1_000_000
    };
    let parse: FrameParser = if header.is_modified_format() {
        parse_pcap_frame_modified
    } else if header.is_bigendian() {
        parse_pcap_frame_be
    } else {
        parse_pcap_frame
    };
    let mut frames = Vec::new();
    let mut error = None;
    while !rem.is_empty() {
        let offset = (buf.len() - rem.len()) as u64;
        match parse(rem) {
            Ok((next, block)) => {
                let Some(start) = offset_in(buf, block.data) else {
                    error = Some(Error::Malformed {
                        what: "pcap record",
                        offset,
                    });
                    break;
                };
                frames.push(FrameIndex {
                    start,
                    len: block.data.len(),
                    ts: Timestamp::from_parts(
                        i64::from(block.ts_sec),
                        u64::from(block.ts_usec),
                        units,
                    ),
                    linktype,
                    orig_len: block.origlen,
                });
                rem = next;
            }
            Err(nom::Err::Incomplete(_)) => {
                error = Some(Error::Truncated {
                    what: "pcap record",
                    offset,
                });
                break;
            }
            Err(_) => {
                error = Some(Error::Malformed {
                    what: "pcap record",
                    offset,
                });
                break;
            }
        }
    }
    Ok(Indexed { frames, error })
}
