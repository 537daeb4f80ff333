//! A minimal DER reader for the SPNEGO and Kerberos structures: tag, length, value, with
//! every length checked against the bytes present.

use crate::error::{Error, Result};

/// One TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet (single-octet tags only, which is all these protocols use).
    pub tag: u8,
    /// The contents.
    pub value: &'a [u8],
    /// The whole TLV as encoded.
    pub raw: &'a [u8],
    /// Offset of the TLV in the outermost buffer.
    pub offset: usize,
}

/// Reads TLVs one after another from a buffer.
#[derive(Clone, Debug)]
pub struct DerReader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> DerReader<'a> {
    /// A reader over `buf`, whose first byte sits at `base` in the outermost buffer.
    pub fn new(buf: &'a [u8], base: usize) -> Self {
        DerReader { buf, pos: 0, base }
    }

    /// No bytes left.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// The tag of the next TLV without consuming it.
    pub fn peek_tag(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Reads the next TLV.
    pub fn read(&mut self, what: &'static str) -> Result<Tlv<'a>> {
        let start = self.pos;
        let off = self.base + start;
        let trunc = |needed: usize, available: usize| Error::Truncated {
            what,
            offset: off,
            needed,
            available,
        };
        let rest = &self.buf[start.min(self.buf.len())..];
        if rest.len() < 2 {
            return Err(trunc(2, rest.len()));
        }
        let tag = rest[0];
        if tag & 0x1f == 0x1f {
            return Err(Error::Invalid {
                what,
                offset: off,
                reason: "multi-byte DER tags are not used by these protocols",
            });
        }
        let (len, hdr) = match rest[1] {
            l @ 0..=0x7f => (l as usize, 2),
            0x80 => {
                return Err(Error::Invalid {
                    what,
                    offset: off + 1,
                    reason: "indefinite length is not DER",
                })
            }
            l => {
                let n = (l & 0x7f) as usize;
                if n > 4 {
                    return Err(Error::Invalid {
                        what,
                        offset: off + 1,
                        reason: "length of length above 4",
                    });
                }
                if rest.len() < 2 + n {
                    return Err(trunc(2 + n, rest.len()));
                }
                let mut v = 0usize;
                for b in &rest[2..2 + n] {
                    v = (v << 8) | *b as usize;
                }
                (v, 2 + n)
            }
        };
        if rest.len() - hdr < len {
            return Err(trunc(hdr + len, rest.len()));
        }
        self.pos = start + hdr + len;
        Ok(Tlv {
            tag,
            value: &rest[hdr..hdr + len],
            raw: &rest[..hdr + len],
            offset: off,
        })
    }

    /// Reads a TLV that must carry `tag`.
    pub fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>> {
        let t = self.read(what)?;
        if t.tag != tag {
            return Err(Error::Invalid {
                what,
                offset: t.offset,
                reason: "unexpected DER tag",
            });
        }
        Ok(t)
    }

    /// Reads the next TLV when it carries `tag`.
    pub fn optional(&mut self, tag: u8, what: &'static str) -> Result<Option<Tlv<'a>>> {
        if self.peek_tag() == Some(tag) {
            self.read(what).map(Some)
        } else {
            Ok(None)
        }
    }
}

impl<'a> Tlv<'a> {
    /// A reader over the contents of a constructed TLV.
    pub fn inner(&self) -> DerReader<'a> {
        DerReader::new(
            self.value,
            self.offset + (self.raw.len() - self.value.len()),
        )
    }

    /// The contents read as a DER INTEGER (at most 8 bytes, two's complement).
    pub fn integer(&self, what: &'static str) -> Result<i64> {
        if self.value.is_empty() || self.value.len() > 8 {
            return Err(Error::Invalid {
                what,
                offset: self.offset,
                reason: "INTEGER of 0 or more than 8 bytes",
            });
        }
        let mut v: i64 = if self.value[0] & 0x80 != 0 { -1 } else { 0 };
        for b in self.value {
            v = (v << 8) | *b as i64;
        }
        Ok(v)
    }

    /// The single TLV inside an explicit context tag, e.g. `[1] INTEGER`.
    pub fn explicit(&self, what: &'static str) -> Result<Tlv<'a>> {
        self.inner().read(what)
    }
}
