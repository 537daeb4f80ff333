//! Extended buffers (MS-OXCRPC 2.2.2.1 and 3.1.7.2): RPC_HEADER_EXT chains around the ROP
//! and auxiliary payloads of EcDoConnectEx and EcDoRpcExt2.
//!
//! Each payload follows an 8-octet RPC_HEADER_EXT (`Version`, `Flags`, `Size`, `SizeActual`,
//! all 16-bit little-endian). `Flags` says whether the payload is LZ77-compressed
//! ([`Flags::COMPRESSED`]), XORed with 0xA5 ([`Flags::XOR_MAGIC`]) and whether it is the last
//! of the buffer ([`Flags::LAST`]). A sender compresses first and obfuscates second, so a
//! receiver undoes the XOR first and decompresses second, per header. Server packing (several
//! ROP response payloads in one `rgbOut` after a final RopQueryRows, RopReadStream or
//! RopFastTransferSourceGetBuffer) is a chain of such headers, the last one flagged `Last`.
//!
//! ```
//! use oxwire_mapi_rop::ext_buffer::{self, Chain, Flags};
//! use oxwire_mapi_rop::Limits;
//!
//! let rops = b"\x07\x00\x01\x00\x00\x00\x00\xff\xff\xff\xff".repeat(4);
//! let mut wire = Vec::new();
//! ext_buffer::encode_payload(&rops, Flags::COMPRESSED | Flags::XOR_MAGIC | Flags::LAST, &mut wire)?;
//!
//! let chain = Chain::decode(&wire, &Limits::default())?;
//! assert_eq!(chain.buffers.len(), 1);
//! assert!(chain.buffers[0].header.flags.contains(Flags::LAST));
//! assert_eq!(ext_buffer::plain_payloads(&wire, &Limits::default())?, vec![rops]);
//! # Ok::<(), oxwire_mapi_rop::Error>(())
//! ```

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::{lz77, xor};

/// The `Flags` field of RPC_HEADER_EXT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(pub u16);

impl Flags {
    /// The payload is LZ77-compressed (MS-XCA plain LZ77).
    pub const COMPRESSED: Flags = Flags(0x0001);
    /// The payload is XORed with 0xA5.
    pub const XOR_MAGIC: Flags = Flags(0x0002);
    /// No header follows this payload.
    pub const LAST: Flags = Flags(0x0004);

    /// Whether every bit of `other` is set.
    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Names of the set bits, unknown bits as hex.
    pub fn names(self) -> Vec<String> {
        let mut v = Vec::new();
        for (bit, name) in [
            (Self::COMPRESSED, "Compressed"),
            (Self::XOR_MAGIC, "XorMagic"),
            (Self::LAST, "Last"),
        ] {
            if self.contains(bit) {
                v.push(name.to_string());
            }
        }
        let unknown = self.0 & !0x0007;
        if unknown != 0 {
            v.push(format!("{unknown:#06x}"));
        }
        v
    }
}

impl core::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

/// RPC_HEADER_EXT (MS-OXCRPC 2.2.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RpcHeaderExt {
    /// `Version`: 0x0000 in every known version of the protocol.
    pub version: u16,
    /// `Flags`.
    pub flags: Flags,
    /// `Size`: octets of payload on the wire after this header.
    pub size: u16,
    /// `SizeActual`: octets of payload once decompressed (equal to `size` if uncompressed).
    pub size_actual: u16,
}

impl RpcHeaderExt {
    /// Wire size of the header.
    pub const LEN: usize = 8;

    /// Reads a header at the start of `b`; `offset` is used in errors only.
    pub fn decode(b: &[u8], offset: usize) -> Result<RpcHeaderExt> {
        let Some(h) = b.get(..Self::LEN) else {
            return Err(Error::Truncated {
                what: "RPC_HEADER_EXT",
                offset,
                needed: Self::LEN - b.len(),
            });
        };
        let u = |i: usize| u16::from_le_bytes([h[i], h[i + 1]]);
        Ok(RpcHeaderExt {
            version: u(0),
            flags: Flags(u(2)),
            size: u(4),
            size_actual: u(6),
        })
    }

    /// Appends the header.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for v in [self.version, self.flags.0, self.size, self.size_actual] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

/// One header and the payload octets that follow it, as on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtBuffer<'a> {
    /// Offset of the header in the buffer it was read from.
    pub offset: usize,
    /// The header.
    pub header: RpcHeaderExt,
    /// `Size` octets of payload, still obfuscated and compressed as flagged.
    pub payload: Cow<'a, [u8]>,
}

impl ExtBuffer<'_> {
    /// The payload with the XOR undone and LZ77 decompressed, checked to be exactly
    /// `SizeActual` octets long and at most [`Limits::max_payload`].
    pub fn plain(&self, limits: &Limits) -> Result<Vec<u8>> {
        let h = &self.header;
        let actual = usize::from(h.size_actual);
        let at = self.offset + 6;
        if actual > limits.max_payload {
            return Err(Error::LimitExceeded {
                what: "RPC_HEADER_EXT.SizeActual",
                offset: at,
                value: actual as u64,
                limit: limits.max_payload as u64,
            });
        }
        let mut data = self.payload.to_vec();
        if h.flags.contains(Flags::XOR_MAGIC) {
            xor::xor_magic(&mut data);
        }
        if h.flags.contains(Flags::COMPRESSED) {
            let mut out = vec![0u8; actual];
            let n = lz77::decompress_into(&data, &mut out)?;
            if n != actual {
                return Err(Error::Mismatch {
                    what: "RPC_HEADER_EXT.SizeActual against the decompressed payload",
                    offset: at,
                    expected: actual as u64,
                    found: n as u64,
                });
            }
            Ok(out)
        } else {
            if data.len() != actual {
                return Err(Error::Mismatch {
                    what: "RPC_HEADER_EXT.SizeActual of an uncompressed payload",
                    offset: at,
                    expected: data.len() as u64,
                    found: actual as u64,
                });
            }
            Ok(data)
        }
    }

    /// Appends header and payload as they are.
    pub fn encode(&self, out: &mut Vec<u8>) {
        self.header.encode(out);
        out.extend_from_slice(&self.payload);
    }
}

/// A buffer of chained extended buffers (`rgbIn`, `rgbOut`, `rgbAuxIn`, `rgbAuxOut`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain<'a> {
    /// The headers and payloads in order; the last one has [`Flags::LAST`] unless the buffer
    /// ended without one.
    pub buffers: Vec<ExtBuffer<'a>>,
    /// Octets after the payload flagged `Last` (none in well-formed traffic), kept so the
    /// buffer re-encodes exactly.
    pub trailing: &'a [u8],
}

impl<'a> Chain<'a> {
    /// Reads headers until one carries [`Flags::LAST`] or the buffer ends on a payload
    /// boundary. Each `Size` is checked against the bytes that remain; `Version` must be 0.
    pub fn decode(buf: &'a [u8], limits: &Limits) -> Result<Chain<'a>> {
        if buf.len() > limits.max_rop_buffer {
            return Err(Error::LimitExceeded {
                what: "extended buffer length",
                offset: 0,
                value: buf.len() as u64,
                limit: limits.max_rop_buffer as u64,
            });
        }
        let mut buffers = Vec::new();
        let mut pos = 0;
        let mut total_actual = 0usize;
        loop {
            if buffers.len() >= limits.max_chain {
                return Err(Error::LimitExceeded {
                    what: "RPC_HEADER_EXT chain length",
                    offset: pos,
                    value: buffers.len() as u64 + 1,
                    limit: limits.max_chain as u64,
                });
            }
            let header = RpcHeaderExt::decode(&buf[pos..], pos)?;
            if header.version != 0 {
                return Err(Error::Invalid {
                    what: "RPC_HEADER_EXT.Version",
                    offset: pos,
                    value: header.version.into(),
                });
            }
            let start = pos + RpcHeaderExt::LEN;
            let size = usize::from(header.size);
            let Some(payload) = buf.get(start..start + size) else {
                return Err(Error::Truncated {
                    what: "RPC_HEADER_EXT payload (Size)",
                    offset: start,
                    needed: start + size - buf.len(),
                });
            };
            if !header.flags.contains(Flags::COMPRESSED) && header.size != header.size_actual {
                return Err(Error::Mismatch {
                    what: "RPC_HEADER_EXT.SizeActual of an uncompressed payload",
                    offset: pos + 6,
                    expected: header.size.into(),
                    found: header.size_actual.into(),
                });
            }
            total_actual += usize::from(header.size_actual);
            if total_actual > limits.max_rop_buffer {
                return Err(Error::LimitExceeded {
                    what: "sum of RPC_HEADER_EXT.SizeActual in a chain",
                    offset: pos + 6,
                    value: total_actual as u64,
                    limit: limits.max_rop_buffer as u64,
                });
            }
            buffers.push(ExtBuffer {
                offset: pos,
                header,
                payload: Cow::Borrowed(payload),
            });
            pos = start + size;
            if header.flags.contains(Flags::LAST) || pos == buf.len() {
                break;
            }
        }
        Ok(Chain {
            buffers,
            trailing: &buf[pos..],
        })
    }

    /// Appends every header and payload, then the trailing octets.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for b in &self.buffers {
            b.encode(out);
        }
        out.extend_from_slice(self.trailing);
    }

    /// Every payload with its transforms undone, in order.
    pub fn plain_payloads(&self, limits: &Limits) -> Result<Vec<Vec<u8>>> {
        self.buffers.iter().map(|b| b.plain(limits)).collect()
    }
}

/// The plain ROP (or auxiliary) payloads of an `rgbIn` / `rgbOut` / `rgbAuxIn` / `rgbAuxOut`
/// buffer: one per RPC_HEADER_EXT, XOR undone and LZ77 decompressed. Each ROP payload is a
/// complete ROP buffer (`RopSize`, ROPs, server object handle table) for the ROP decoder.
pub fn plain_payloads(buf: &[u8], limits: &Limits) -> Result<Vec<Vec<u8>>> {
    Chain::decode(buf, limits)?.plain_payloads(limits)
}

/// Appends one RPC_HEADER_EXT and its payload built from `plain`.
///
/// With [`Flags::COMPRESSED`] in `flags` the payload is compressed, but sent uncompressed
/// (flag cleared) when compression would not make it smaller, as MS-OXCRPC 3.1.7.2.1 allows;
/// with [`Flags::XOR_MAGIC`] it is then obfuscated. `plain` must fit the 16-bit `SizeActual`.
pub fn encode_payload(plain: &[u8], flags: Flags, out: &mut Vec<u8>) -> Result<Flags> {
    let size_actual = u16::try_from(plain.len()).map_err(|_| Error::LimitExceeded {
        what: "RPC_HEADER_EXT.SizeActual",
        offset: out.len() + 6,
        value: plain.len() as u64,
        limit: u16::MAX.into(),
    })?;
    let mut flags = flags;
    let header_at = out.len();
    out.extend_from_slice(&[0; RpcHeaderExt::LEN]);
    let body_at = out.len();
    if flags.contains(Flags::COMPRESSED) {
        lz77::compress(plain, out);
        if out.len() - body_at >= plain.len() {
            out.truncate(body_at);
            out.extend_from_slice(plain);
            flags = Flags(flags.0 & !Flags::COMPRESSED.0);
        }
    } else {
        out.extend_from_slice(plain);
    }
    if flags.contains(Flags::XOR_MAGIC) {
        xor::xor_magic(&mut out[body_at..]);
    }
    let size = out.len() - body_at;
    let header = RpcHeaderExt {
        version: 0,
        flags,
        // Not larger than `plain`, which fits in 16 bits.
        size: size as u16,
        size_actual,
    };
    let mut h = Vec::with_capacity(RpcHeaderExt::LEN);
    header.encode(&mut h);
    out[header_at..body_at].copy_from_slice(&h);
    Ok(flags)
}

/// Server packing on encode: splits `plain` payloads into a chain, each compressed and
/// obfuscated as `flags` says, the last one flagged [`Flags::LAST`].
pub fn encode_chain(payloads: &[&[u8]], flags: Flags, out: &mut Vec<u8>) -> Result<()> {
    let base = Flags(flags.0 & !Flags::LAST.0);
    for (i, p) in payloads.iter().enumerate() {
        let f = if i + 1 == payloads.len() {
            base | Flags::LAST
        } else {
            base
        };
        encode_payload(p, f, out)?;
    }
    Ok(())
}
