//! Reading packet captures and reassembling the TCP streams inside them.
//!
//! This is the layer beneath the `dissect` example: it turns the bytes of a capture file into
//! per-connection, per-direction byte streams that a DCE/RPC framer can consume. Everything is
//! sans-io: the caller reads the file (captures are small, so the whole file as one slice is
//! fine) and hands the bytes in; nothing here touches the file system or a clock.
//!
//! The pipeline has three stages:
//!
//! 1. [`CaptureReader`] detects the container format by its magic number ([`Format`]): classic
//!    pcap (either byte order, microsecond or nanosecond timestamps), pcapng, Microsoft Network
//!    Monitor 2.x, or any of these wrapped in gzip. It yields [`Packet`]s numbered from 1 in
//!    file order, the way Wireshark numbers frames.
//! 2. [`decode_packet`] strips the link layer ([`LinkType`]), the IPv4 or IPv6 header (with
//!    options and extension headers) and parses the TCP header into a borrowed
//!    [`TcpSegment`]. Anything that is not a TCP segment comes back as a [`DecodeError`] that
//!    says why, so the caller can count what it skipped.
//! 3. [`TcpReassembler`] takes segments with [`TcpReassembler::handle_segment`] and produces
//!    [`StreamEvent`]s, drained with [`TcpReassembler::poll_event`] until it returns `None`.
//!    [`TcpReassembler::finish`] flushes whatever is still buffered at the end of the capture.
//!
//! Memory is bounded by [`Limits`]; no input makes any of these types panic.
//!
//! # Example
//!
//! ```
//! use oxwire::capture::{decode_packet, CaptureReader, StreamEvent, TcpReassembler};
//!
//! # fn main() -> Result<(), oxwire::capture::Error> {
//! # let file = oxwire::capture::doc_example_capture();
//! // `file` holds the bytes of a .pcap, .pcapng, .cap (NetMon) or a gzip of one of them.
//! let reader = CaptureReader::new(&file)?;
//! let mut tcp = TcpReassembler::new();
//! let mut total = 0;
//! for packet in reader.packets() {
//!     // Non-TCP packets and IPv4 fragments come back as errors; skip them.
//!     if let Ok(segment) = decode_packet(&packet) {
//!         tcp.handle_segment(packet.frame, &segment);
//!     }
//!     while let Some(event) = tcp.poll_event() {
//!         if let StreamEvent::Data { bytes, .. } = event {
//!             total += bytes.len();
//!         }
//!     }
//! }
//! // A capture may stop in mid-file; what came before the damage is still usable.
//! if let Some(err) = reader.error() {
//!     eprintln!("capture damaged: {err}");
//! }
//! tcp.finish();
//! while let Some(event) = tcp.poll_event() {
//!     if let StreamEvent::Data { bytes, .. } = event {
//!         total += bytes.len();
//!     }
//! }
//! assert_eq!(total, 5);
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod file;
mod ip;
mod link;
mod netmon;
mod pcap;
mod pcapng;
mod reassembly;
mod tcp;

use std::net::SocketAddr;

pub use file::Format;
pub use reassembly::{
    CloseReason, Direction, ReassemblyStats, StreamEvent, StreamId, TcpReassembler,
};
pub use tcp::TcpFlags;

/// Resource limits for reading captures and reassembling streams.
///
/// The defaults suit the captures this project works with (a few MB, a few thousand flows)
/// with a wide margin; a host that reads untrusted traffic at scale should lower them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest decompressed size accepted for a gzip-wrapped capture, in bytes.
    /// Default 256 MiB. Guards against decompression bombs.
    pub max_decompressed_bytes: usize,
    /// Most out-of-order payload bytes buffered per flow and direction while waiting for a
    /// missing segment. When a new segment would exceed it, the reassembler gives up on the
    /// oldest hole: it reports a [`StreamEvent::Gap`] and delivers what follows. Default 4 MiB.
    pub max_buffered_bytes: usize,
    /// Most out-of-order payload bytes buffered across all flows. When exceeded, the direction
    /// that just grew gives up on all its holes at once. Default 64 MiB.
    pub max_total_buffered_bytes: usize,
    /// Most flows (4-tuples) tracked at once. When a new flow would exceed it, the flow that
    /// has been idle longest (closed flows first) is flushed and forgotten. Default 65 536.
    pub max_flows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_decompressed_bytes: 256 << 20,
            max_buffered_bytes: 4 << 20,
            max_total_buffered_bytes: 64 << 20,
            max_flows: 65_536,
        }
    }
}

/// Errors reading a capture file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The first bytes match no supported capture format.
    #[error("unrecognised capture format (first bytes {magic:02x?})")]
    UnknownFormat {
        /// Up to the first four bytes of the input.
        magic: Vec<u8>,
    },
    /// A recognised format in a variant this reader does not handle (e.g. NetMon 1.x).
    #[error("unsupported {what}")]
    Unsupported {
        /// What was not supported.
        what: &'static str,
    },
    /// The input ended inside a structure.
    #[error("truncated {what} at offset {offset}")]
    Truncated {
        /// The structure being read.
        what: &'static str,
        /// Byte offset (in the decompressed input) where it started.
        offset: u64,
    },
    /// A structure is present but inconsistent.
    #[error("malformed {what} at offset {offset}")]
    Malformed {
        /// The structure being read.
        what: &'static str,
        /// Byte offset (in the decompressed input) where it started.
        offset: u64,
    },
    /// A gzip-wrapped capture decompresses to more than [`Limits::max_decompressed_bytes`].
    #[error("decompressed capture exceeds {limit} bytes")]
    TooLarge {
        /// The limit in force.
        limit: usize,
    },
    /// The gzip stream is damaged.
    #[error("gzip: {reason}")]
    Gzip {
        /// The decompressor's message.
        reason: String,
    },
}

/// Errors (or reasons to skip) when decoding one packet down to its TCP segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The link type is not one of those [`decode_packet`] understands.
    #[error("unsupported link type {0:?}")]
    UnsupportedLinkType(LinkType),
    /// The link layer carries something other than IPv4 or IPv6.
    #[error("not IP (ethertype or family 0x{0:04x})")]
    NotIp(u32),
    /// The IP packet carries something other than TCP.
    #[error("not TCP (IP protocol {0})")]
    NotTcp(u8),
    /// An IPv4 fragment; fragments are not reassembled and are reported as skipped.
    #[error("IPv4 fragment (not reassembled)")]
    Ipv4Fragment,
    /// An IPv6 fragment; fragments are not reassembled and are reported as skipped.
    #[error("IPv6 fragment (not reassembled)")]
    Ipv6Fragment,
    /// IPv6 payload protected by ESP, which cannot be read.
    #[error("IPv6 ESP payload")]
    Encrypted,
    /// The packet ended inside a header.
    #[error("truncated {what} at offset {offset}")]
    Truncated {
        /// The header being read.
        what: &'static str,
        /// Offset in the packet where it started.
        offset: usize,
    },
    /// A header field is inconsistent (bad version, length shorter than the header, ...).
    #[error("malformed {what} at offset {offset}")]
    Malformed {
        /// The header being read.
        what: &'static str,
        /// Offset in the packet where it started.
        offset: usize,
    },
}

/// A link-layer header type, numbered as in pcap's LINKTYPE_* registry.
///
/// NetMon media types that have no pcap equivalent are mapped to
/// `LinkType(NETMON_MEDIA_BASE | media_type)`, a range that pcap does not use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkType(pub u32);

impl LinkType {
    /// BSD loopback: 4-byte address family in the capturing host's byte order.
    pub const NULL: LinkType = LinkType(0);
    /// Ethernet II / 802.3.
    pub const ETHERNET: LinkType = LinkType(1);
    /// Raw IP as some BSDs number it (DLT_RAW = 12).
    pub const RAW_BSD12: LinkType = LinkType(12);
    /// Raw IP as OpenBSD numbers it (DLT_RAW = 14).
    pub const RAW_BSD14: LinkType = LinkType(14);
    /// Raw IPv4 or IPv6, version taken from the first nibble.
    pub const RAW: LinkType = LinkType(101);
    /// OpenBSD loopback: 4-byte address family in network byte order.
    pub const LOOP: LinkType = LinkType(108);
    /// Linux "cooked" capture, version 1 (16-byte header).
    pub const LINUX_SLL: LinkType = LinkType(113);
    /// Raw IPv4.
    pub const IPV4: LinkType = LinkType(228);
    /// Raw IPv6.
    pub const IPV6: LinkType = LinkType(229);
    /// Linux "cooked" capture, version 2 (20-byte header).
    pub const LINUX_SLL2: LinkType = LinkType(276);
    /// Base of the range used for NetMon media types with no pcap equivalent.
    pub const NETMON_MEDIA_BASE: u32 = 0x8000_0000;
}

/// A capture timestamp: seconds and nanoseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    pub secs: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    pub nanos: u32,
}

impl Timestamp {
    /// Builds a timestamp from whole seconds and a fraction expressed in `units_per_sec`.
    /// Out-of-range fractions are carried into the seconds; a zero unit counts as 1.
    pub(crate) fn from_parts(secs: i64, frac: u64, units_per_sec: u64) -> Timestamp {
        let units = units_per_sec.max(1);
        let carry = i64::try_from(frac / units).unwrap_or(i64::MAX);
        let rem = frac % units;
        let nanos = (u128::from(rem) * 1_000_000_000 / u128::from(units)) as u32;
        Timestamp {
            secs: secs.saturating_add(carry),
            nanos,
        }
    }
}

/// One captured frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<'a> {
    /// 1-based index of this frame in the capture file (Wireshark's `frame.number`).
    pub frame: u64,
    /// When the frame was captured.
    pub ts: Timestamp,
    /// How to read `data`.
    pub linktype: LinkType,
    /// Length of the frame on the wire; larger than `data.len()` when the capture was cut short
    /// by a snapshot length.
    pub orig_len: u32,
    /// The captured bytes, starting with the link-layer header.
    pub data: &'a [u8],
}

/// A TCP segment decoded from a packet, borrowing the packet's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpSegment<'a> {
    /// Sender address and port.
    pub src: SocketAddr,
    /// Receiver address and port.
    pub dst: SocketAddr,
    /// Sequence number.
    pub seq: u32,
    /// Acknowledgement number (meaningful when [`TcpFlags::ACK`] is set).
    pub ack: u32,
    /// Control bits.
    pub flags: TcpFlags,
    /// Advertised receive window (unscaled).
    pub window: u16,
    /// TCP options, raw.
    pub options: &'a [u8],
    /// The captured payload.
    pub payload: &'a [u8],
    /// Payload bytes the IP header announces but the capture did not keep (snapshot length);
    /// the reassembler sees them as missing.
    pub payload_missing: u32,
}

/// Decodes a captured frame down to its TCP segment.
///
/// Handles Ethernet (with any number of 802.1Q/802.1ad tags up to 8), Linux SLL and SLL2,
/// raw IPv4/IPv6 and the BSD/OpenBSD loopback headers; IPv4 with options (Ethernet padding
/// beyond the IP total length is dropped); IPv6 with hop-by-hop, routing, destination-options,
/// AH and atomic-fragment extension headers.
pub fn decode_packet<'a>(packet: &Packet<'a>) -> Result<TcpSegment<'a>, DecodeError> {
    decode_frame(packet.linktype, packet.data)
}

/// Like [`decode_packet`], from a link type and the raw bytes of a frame.
pub fn decode_frame(linktype: LinkType, data: &[u8]) -> Result<TcpSegment<'_>, DecodeError> {
    let (l3, offset) = link::strip(linktype, data)?;
    let ip = ip::parse(l3, data, offset)?;
    tcp::parse(&ip, data)
}

/// Reads a whole capture file held in memory.
///
/// Construction parses the container and indexes every frame; the frames are then handed out
/// by [`CaptureReader::packets`] without copying. A file damaged in mid-stream still yields
/// the frames before the damage, and [`CaptureReader::error`] says what went wrong.
#[derive(Debug, Clone)]
pub struct CaptureReader<'a> {
    buf: std::borrow::Cow<'a, [u8]>,
    format: Format,
    gzipped: bool,
    frames: Vec<FrameIndex>,
    error: Option<Error>,
}

/// Where one frame lives in the (decompressed) buffer, plus its metadata.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FrameIndex {
    pub(crate) start: usize,
    pub(crate) len: usize,
    pub(crate) ts: Timestamp,
    pub(crate) linktype: LinkType,
    pub(crate) orig_len: u32,
}

/// What a format module produces: the frames it could index and, if it stopped early, why.
pub(crate) struct Indexed {
    pub(crate) frames: Vec<FrameIndex>,
    pub(crate) error: Option<Error>,
}

impl<'a> CaptureReader<'a> {
    /// Reads a capture with the default [`Limits`].
    pub fn new(data: &'a [u8]) -> Result<CaptureReader<'a>, Error> {
        Self::with_limits(data, &Limits::default())
    }

    /// Reads a capture; gzip input is decompressed up to `limits.max_decompressed_bytes`.
    ///
    /// Fails when the format is not recognised or its file header is unusable; damage after
    /// the header is reported by [`CaptureReader::error`] instead.
    pub fn with_limits(data: &'a [u8], limits: &Limits) -> Result<CaptureReader<'a>, Error> {
        let mut gzipped = false;
        let buf: std::borrow::Cow<'a, [u8]> = if file::is_gzip(data) {
            gzipped = true;
            std::borrow::Cow::Owned(file::gunzip(data, limits.max_decompressed_bytes)?)
        } else {
            std::borrow::Cow::Borrowed(data)
        };
        let format = file::detect(&buf)?;
        let indexed = match format {
            Format::Pcap { .. } => pcap::index(&buf)?,
            Format::PcapNg => pcapng::index(&buf)?,
            Format::NetMon2 => netmon::index(&buf)?,
        };
        Ok(CaptureReader {
            buf,
            format,
            gzipped,
            frames: indexed.frames,
            error: indexed.error,
        })
    }

    /// The detected container format (of the decompressed bytes, for gzip input).
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether the input was gzip-compressed.
    pub fn is_gzipped(&self) -> bool {
        self.gzipped
    }

    /// Number of frames indexed.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Whether the capture holds no frames.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The reason reading stopped before the end of the input, if it did.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// The frames in file order, numbered from 1.
    pub fn packets(&self) -> Packets<'_> {
        Packets {
            reader: self,
            next: 0,
        }
    }

    /// The frame with the given 1-based number.
    pub fn packet(&self, frame: u64) -> Option<Packet<'_>> {
        let idx = usize::try_from(frame.checked_sub(1)?).ok()?;
        let f = self.frames.get(idx)?;
        Some(Packet {
            frame,
            ts: f.ts,
            linktype: f.linktype,
            orig_len: f.orig_len,
            data: self.buf.get(f.start..f.start + f.len).unwrap_or(&[]),
        })
    }
}

/// Iterator over the frames of a [`CaptureReader`].
#[derive(Debug, Clone)]
pub struct Packets<'r> {
    reader: &'r CaptureReader<'r>,
    next: usize,
}

impl<'r> Iterator for Packets<'r> {
    type Item = Packet<'r>;

    fn next(&mut self) -> Option<Packet<'r>> {
        let frame = u64::try_from(self.next).ok()?.checked_add(1)?;
        let p = self.reader.packet(frame)?;
        self.next += 1;
        Some(p)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.reader.frames.len().saturating_sub(self.next);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Packets<'_> {}

/// A tiny pcap holding one TCP segment with the 5-byte payload `hello`, for the module example.
#[doc(hidden)]
pub fn doc_example_capture() -> Vec<u8> {
    let mut f = Vec::new();
    // pcap file header: little-endian, v2.4, snaplen 65535, Ethernet.
    f.extend_from_slice(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&65535u32.to_le_bytes());
    f.extend_from_slice(&1u32.to_le_bytes());
    let frame: Vec<u8> = [
        &[0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00][..],
        // IPv4: 20-byte header, total length 45, TCP, 10.0.0.1 -> 10.0.0.2
        &[
            0x45, 0, 0, 45, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ],
        // TCP: 1025 -> 135, seq 1000, ack 0, data offset 5, PSH|ACK
        &[
            0x04, 0x01, 0x00, 0x87, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0,
            0,
        ],
        b"hello",
    ]
    .concat();
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&(frame.len() as u32).to_le_bytes());
    f.extend_from_slice(&(frame.len() as u32).to_le_bytes());
    f.extend_from_slice(&frame);
    f
}
