//! Little-endian cursor over a ROP buffer.
//!
//! ROP buffers are packed little-endian with no alignment (MS-OXCROPS 2.2.1), so the cursor
//! only needs fixed-width integers, byte runs and terminated strings. Every read is checked
//! against the bytes left; a count read from the wire is checked with [`Reader::check_count`]
//! before anything is allocated for it.

use super::error::{Result, RopError};

/// A bounds-checked little-endian cursor.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    /// A cursor over `buf`, offsets counted from its start.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            pos: 0,
            base: 0,
        }
    }

    /// A cursor whose reported offsets start at `base`.
    pub fn with_base(buf: &'a [u8], base: usize) -> Self {
        Reader { buf, pos: 0, base }
    }

    /// Offset of the next byte, for error reports.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Bytes left.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Whether all bytes were read.
    pub fn is_empty(&self) -> bool {
        self.pos == self.buf.len()
    }

    /// The unread bytes, without consuming them.
    pub fn peek_rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    /// Consumes and returns the unread bytes.
    pub fn rest(&mut self) -> &'a [u8] {
        let r = &self.buf[self.pos..];
        self.pos = self.buf.len();
        r
    }

    fn short(&self, what: &'static str, needed: usize) -> RopError {
        RopError::Truncated {
            what,
            offset: self.offset(),
            needed,
            available: self.remaining(),
        }
    }

    /// Consumes `n` bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(self.short(what, n));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// A sub-cursor over the next `n` bytes (consumed from this one).
    pub fn sub(&mut self, n: usize, what: &'static str) -> Result<Reader<'a>> {
        let base = self.offset();
        let s = self.take(n, what)?;
        Ok(Reader::with_base(s, base))
    }

    /// The next byte without consuming it.
    pub fn peek_u8(&self, what: &'static str) -> Result<u8> {
        self.buf
            .get(self.pos)
            .copied()
            .ok_or_else(|| self.short(what, 1))
    }

    /// A fixed-size array.
    pub fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    /// One byte.
    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        let v = self.peek_u8(what)?;
        self.pos += 1;
        Ok(v)
    }

    /// Little-endian u16.
    pub fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    /// Little-endian u32.
    pub fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    /// Little-endian u64.
    pub fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    /// Checks that `count` elements of at least `min_size` bytes each can still be present,
    /// so that a lying count is refused before anything is allocated for it.
    pub fn check_count(&self, count: usize, min_size: usize, what: &'static str) -> Result<()> {
        let need = count.saturating_mul(min_size.max(1));
        if need > self.remaining() {
            return Err(RopError::LimitExceeded {
                what,
                offset: self.offset(),
                limit: self.remaining() / min_size.max(1),
                actual: count,
            });
        }
        Ok(())
    }

    /// Bytes up to (not including) a NUL terminator; the terminator is consumed.
    pub fn cstr8(&mut self, what: &'static str) -> Result<&'a [u8]> {
        let rest = self.peek_rest();
        match rest.iter().position(|&b| b == 0) {
            Some(n) => {
                self.pos += n + 1;
                Ok(&rest[..n])
            }
            None => Err(self.short(what, rest.len() + 1)),
        }
    }

    /// UTF-16LE code units up to (not including) a 0x0000 terminator, which is consumed.
    pub fn cstr16(&mut self, what: &'static str) -> Result<&'a [u8]> {
        let rest = self.peek_rest();
        let mut i = 0;
        while i + 1 < rest.len() {
            if rest[i] == 0 && rest[i + 1] == 0 {
                self.pos += i + 2;
                return Ok(&rest[..i]);
            }
            i += 2;
        }
        Err(self.short(what, rest.len() + 2 - (rest.len() & 1)))
    }
}

/// Appends little-endian integers to a byte vector.
pub(crate) trait Put {
    fn put_u8(&mut self, v: u8);
    fn put_u16(&mut self, v: u16);
    fn put_u32(&mut self, v: u32);
    fn put_u64(&mut self, v: u64);
}

impl Put for Vec<u8> {
    #[inline]
    fn put_u8(&mut self, v: u8) {
        self.push(v);
    }
    #[inline]
    fn put_u16(&mut self, v: u16) {
        self.extend_from_slice(&v.to_le_bytes());
    }
    #[inline]
    fn put_u32(&mut self, v: u32) {
        self.extend_from_slice(&v.to_le_bytes());
    }
    #[inline]
    fn put_u64(&mut self, v: u64) {
        self.extend_from_slice(&v.to_le_bytes());
    }
}
