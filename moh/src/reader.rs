//! A little-endian cursor over a body, and the matching writer helpers.
//!
//! MAPI over HTTP bodies are plain little-endian structures (MS-OXCMAPIHTTP 2.2.2): no NDR, no
//! alignment. [`Reader`] never reads past its slice; [`Reader::sub`] hands out a reader over
//! the next `len` octets so that a length-prefixed part (a ROP buffer, an auxiliary buffer)
//! cannot read into what follows it. Offsets in errors count from the start of the body.

use crate::error::{Error, Result};

/// Reads little-endian integers and byte runs from a borrowed slice.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            pos: 0,
            base: 0,
        }
    }

    /// Offset of the next octet, from the start of the outermost body.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Octets not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Whether every octet has been read.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The octets not read yet, without consuming them.
    pub fn rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    /// Takes `n` octets.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(Error::Truncated {
                what,
                offset: self.offset(),
                needed: n - self.remaining(),
            });
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// A reader over the next `n` octets, which this reader skips.
    pub fn sub(&mut self, n: usize, what: &'static str) -> Result<Reader<'a>> {
        let base = self.offset();
        let buf = self.take(n, what)?;
        Ok(Reader { buf, pos: 0, base })
    }

    /// Takes everything left.
    pub fn take_rest(&mut self) -> &'a [u8] {
        let s = &self.buf[self.pos..];
        self.pos = self.buf.len();
        s
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, what)?);
        Ok(a)
    }

    /// One octet.
    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    /// A little-endian 16-bit integer.
    pub fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    /// A little-endian 32-bit integer.
    pub fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    /// A little-endian 64-bit integer.
    pub fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    /// A 16-octet GUID or FlatUID, as stored.
    pub fn guid(&mut self, what: &'static str) -> Result<[u8; 16]> {
        self.array(what)
    }

    /// A 32-bit length followed by that many octets (e.g. `RopBufferSize` + `RopBuffer`).
    pub fn sized_bytes(&mut self, what: &'static str) -> Result<&'a [u8]> {
        let n = self.u32(what)? as usize;
        self.take(n, what)
    }

    /// A 32-bit element count, checked so that `count * min_size` octets are still there;
    /// callers may then reserve `count` elements without trusting the peer.
    pub fn count(&mut self, min_size: usize, what: &'static str) -> Result<usize> {
        let at = self.offset();
        let n = self.u32(what)? as usize;
        if n.saturating_mul(min_size.max(1)) > self.remaining() {
            return Err(Error::Truncated {
                what,
                offset: at,
                needed: n.saturating_mul(min_size.max(1)) - self.remaining(),
            });
        }
        Ok(n)
    }

    /// A null-terminated 8-bit string, returned without its terminator.
    pub fn cstr(&mut self, what: &'static str) -> Result<&'a [u8]> {
        let rest = self.rest();
        match rest.iter().position(|&b| b == 0) {
            Some(i) => {
                let s = &rest[..i];
                self.pos += i + 1;
                Ok(s)
            }
            None => Err(Error::Truncated {
                what,
                offset: self.offset(),
                needed: 1,
            }),
        }
    }

    /// A null-terminated UTF-16LE string, returned as its code units' octets without the
    /// terminator.
    pub fn wstr(&mut self, what: &'static str) -> Result<&'a [u8]> {
        let rest = self.rest();
        let mut i = 0;
        while i + 1 < rest.len() {
            if rest[i] == 0 && rest[i + 1] == 0 {
                let s = &rest[..i];
                self.pos += i + 2;
                return Ok(s);
            }
            i += 2;
        }
        Err(Error::Truncated {
            what,
            offset: self.offset(),
            needed: 2,
        })
    }

    /// Fails with [`Error::TrailingBytes`] unless every octet was read.
    pub fn finish(&self, what: &'static str) -> Result<()> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(Error::TrailingBytes { what, count }),
        }
    }
}

/// Appends `v` little-endian.
pub fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends `v` little-endian.
pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends `v` little-endian.
pub fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends a 32-bit length and the octets; refuses lengths wider than 32 bits.
pub fn put_sized_bytes(out: &mut Vec<u8>, b: &[u8], what: &'static str) -> Result<()> {
    let n = u32::try_from(b.len()).map_err(|_| Error::LimitExceeded {
        what,
        offset: out.len(),
        value: b.len() as u64,
        limit: u32::MAX as u64,
    })?;
    put_u32(out, n);
    out.extend_from_slice(b);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_reader_reports_outer_offsets_and_stops_at_its_end() {
        let body = [1, 0, 0, 0, 2, 0, 3, 4];
        let mut r = Reader::new(&body);
        assert_eq!(r.u32("a").unwrap(), 1);
        let mut s = r.sub(2, "sub").unwrap();
        assert_eq!(s.u16("b").unwrap(), 2);
        assert_eq!(
            s.u8("c"),
            Err(Error::Truncated {
                what: "c",
                offset: 6,
                needed: 1
            })
        );
        assert_eq!(r.rest(), &[3, 4]);
    }

    #[test]
    fn count_refuses_more_elements_than_octets() {
        let body = [0xff, 0xff, 0xff, 0xff, 0, 0];
        let mut r = Reader::new(&body);
        assert!(matches!(
            r.count(4, "n"),
            Err(Error::Truncated { offset: 0, .. })
        ));
    }

    #[test]
    fn strings_need_their_terminators() {
        let mut r = Reader::new(b"ab\0c");
        assert_eq!(r.cstr("s").unwrap(), b"ab");
        assert!(r.cstr("s").is_err());
        let mut r = Reader::new(&[b'a', 0, 0, 0, b'b']);
        assert_eq!(r.wstr("w").unwrap(), &[b'a', 0]);
        assert!(r.wstr("w").is_err());
    }
}
