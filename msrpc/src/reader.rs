//! A small cursor over a byte slice that knows the data representation's byte order.

use crate::error::{Error, Result};

/// Reads integers in either byte order from a borrowed slice, never past its end.
///
/// `base` is added to every offset reported in errors so that a sub-reader over part of a PDU
/// still names offsets from the start of the PDU.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    little_endian: bool,
}

impl<'a> Reader<'a> {
    /// A reader over `buf`, in the given byte order.
    pub fn new(buf: &'a [u8], little_endian: bool) -> Self {
        Reader {
            buf,
            pos: 0,
            base: 0,
            little_endian,
        }
    }

    /// A reader over `buf` whose reported offsets start at `base`.
    pub fn with_base(buf: &'a [u8], little_endian: bool, base: usize) -> Self {
        Reader {
            buf,
            pos: 0,
            base,
            little_endian,
        }
    }

    /// Whether integers are read little-endian.
    pub fn little_endian(&self) -> bool {
        self.little_endian
    }

    /// Offset of the next byte, counted from the start of the outermost buffer.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The unread bytes, without consuming them.
    pub fn peek_rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    /// Consumes and returns every unread byte.
    pub fn rest(&mut self) -> &'a [u8] {
        let r = &self.buf[self.pos..];
        self.pos = self.buf.len();
        r
    }

    /// Consumes exactly `n` bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(Error::Truncated {
                what,
                offset: self.offset(),
                needed: n,
                available: self.remaining(),
            });
        }
        let r = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(r)
    }

    /// Consumes `n` bytes and returns a reader over just them (same byte order, offsets kept).
    pub fn sub(&mut self, n: usize, what: &'static str) -> Result<Reader<'a>> {
        let base = self.offset();
        let buf = self.take(n, what)?;
        Ok(Reader {
            buf,
            pos: 0,
            base,
            little_endian: self.little_endian,
        })
    }

    /// Consumes a fixed-size array.
    pub fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    /// Consumes one byte.
    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    /// Consumes a u16 in the reader's byte order.
    pub fn u16(&mut self, what: &'static str) -> Result<u16> {
        let a = self.array::<2>(what)?;
        Ok(if self.little_endian {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        })
    }

    /// Consumes a u32 in the reader's byte order.
    pub fn u32(&mut self, what: &'static str) -> Result<u32> {
        let a = self.array::<4>(what)?;
        Ok(if self.little_endian {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        })
    }

    /// Consumes a u64 in the reader's byte order.
    pub fn u64(&mut self, what: &'static str) -> Result<u64> {
        let a = self.array::<8>(what)?;
        Ok(if self.little_endian {
            u64::from_le_bytes(a)
        } else {
            u64::from_be_bytes(a)
        })
    }
}

/// Appends integers in a chosen byte order; the mirror of [`Reader`].
#[derive(Debug)]
pub struct Writer<'o> {
    out: &'o mut Vec<u8>,
    little_endian: bool,
}

impl<'o> Writer<'o> {
    /// A writer appending to `out`.
    pub fn new(out: &'o mut Vec<u8>, little_endian: bool) -> Self {
        Writer { out, little_endian }
    }

    /// Appends raw bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
    }

    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.out.push(v);
    }

    /// Appends a u16.
    pub fn u16(&mut self, v: u16) {
        if self.little_endian {
            self.bytes(&v.to_le_bytes())
        } else {
            self.bytes(&v.to_be_bytes())
        }
    }

    /// Appends a u32.
    pub fn u32(&mut self, v: u32) {
        if self.little_endian {
            self.bytes(&v.to_le_bytes())
        } else {
            self.bytes(&v.to_be_bytes())
        }
    }

    /// Appends a u64.
    pub fn u64(&mut self, v: u64) {
        if self.little_endian {
            self.bytes(&v.to_le_bytes())
        } else {
            self.bytes(&v.to_be_bytes())
        }
    }

    /// Bytes written to the underlying buffer so far (including what it held before).
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// True when the underlying buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_orders_and_reports_offsets() {
        let b = [1, 2, 3, 4, 5];
        let mut le = Reader::new(&b, true);
        assert_eq!(le.u16("a").unwrap(), 0x0201);
        let mut sub = le.sub(2, "s").unwrap();
        assert_eq!(sub.u16("b").unwrap(), 0x0403);
        let e = le.u32("c").unwrap_err();
        assert_eq!(
            e,
            Error::Truncated {
                what: "c",
                offset: 4,
                needed: 4,
                available: 1
            }
        );
        let mut be = Reader::new(&b, false);
        assert_eq!(be.u32("d").unwrap(), 0x01020304);
        let mut sub = Reader::new(&b, true);
        sub.take(3, "x").unwrap();
        let mut inner = sub.sub(2, "y").unwrap();
        let err = inner.u32("z").unwrap_err();
        assert!(matches!(err, Error::Truncated { offset: 3, .. }));
    }
}
