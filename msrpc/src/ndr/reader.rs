//! [`NdrReader`]: a cursor over stub data that applies NDR alignment and byte order.

use std::collections::BTreeSet;

use super::error::{NdrError, Result};
use super::syntax::{Limits, NdrSyntax};

/// Reads NDR-encoded stub data without copying.
///
/// Alignment is relative to the start of `data`, which must therefore be the
/// start of the stub (the first octet after the PDU header of a request or
/// response body). Every count is validated against the remaining bytes and
/// the [`Limits`] before it is used; nothing here panics on any input.
#[derive(Debug, Clone)]
pub struct NdrReader<'a> {
    data: &'a [u8],
    pos: usize,
    syntax: NdrSyntax,
    little_endian: bool,
    limits: Limits,
    depth: u32,
    /// Referent ids of full pointers already seen in this stub.
    pub(super) full_ptrs: BTreeSet<u64>,
    /// Offset of the last union discriminant read, for error reports.
    pub(super) union_at: usize,
}

macro_rules! read_int {
    ($(#[$doc:meta] $name:ident: $ty:ty, $what:literal;)*) => {$(
        #[$doc]
        #[inline]
        pub fn $name(&mut self) -> Result<$ty> {
            const N: usize = core::mem::size_of::<$ty>();
            self.align(N)?;
            let b = self.take(N, $what)?;
            let mut a = [0u8; N];
            a.copy_from_slice(b);
            Ok(if self.little_endian { <$ty>::from_le_bytes(a) } else { <$ty>::from_be_bytes(a) })
        }
    )*};
}

impl<'a> NdrReader<'a> {
    /// A reader over `data` with default [`Limits`].
    pub fn new(data: &'a [u8], syntax: NdrSyntax, little_endian: bool) -> Self {
        Self::with_limits(data, syntax, little_endian, Limits::DEFAULT)
    }

    /// A reader over `data` with explicit limits.
    pub fn with_limits(
        data: &'a [u8],
        syntax: NdrSyntax,
        little_endian: bool,
        limits: Limits,
    ) -> Self {
        NdrReader {
            data,
            pos: 0,
            syntax,
            little_endian,
            limits,
            depth: 0,
            full_ptrs: BTreeSet::new(),
            union_at: 0,
        }
    }

    /// The transfer syntax being read.
    #[inline]
    pub fn syntax(&self) -> NdrSyntax {
        self.syntax
    }

    /// Whether integers are little-endian (DCE data representation).
    #[inline]
    pub fn little_endian(&self) -> bool {
        self.little_endian
    }

    /// The limits in force.
    #[inline]
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Offset of the next octet, relative to the start of the stub.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Number of octets not yet read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// The unread octets.
    #[inline]
    pub fn rest(&self) -> &'a [u8] {
        &self.data[self.pos..]
    }

    /// The whole stub.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// Skips the alignment gap so that the position is a multiple of `n`
    /// (a power of two, 1 to 8). The gap's octets are ignored: NDR leaves
    /// their value unspecified.
    pub fn align(&mut self, n: usize) -> Result<()> {
        let pad = padding(self.pos, n);
        if pad > self.remaining() {
            return Err(NdrError::Truncated {
                what: "alignment padding",
                offset: self.pos,
                needed: pad - self.remaining(),
            });
        }
        self.pos += pad;
        Ok(())
    }

    /// NDR64 trailing gap of a structure (MS-RPCE 2.2.5.3.4.1): in NDR64 skip
    /// to a multiple of the structure's alignment `n`; in NDR20 do nothing.
    pub fn struct_end(&mut self, n: usize) -> Result<()> {
        if self.syntax.is_ndr64() {
            self.align(n)
        } else {
            Ok(())
        }
    }

    /// Takes `n` octets without alignment.
    pub fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        self.take(n, what)
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(NdrError::Truncated {
                what,
                offset: self.pos,
                needed: n - self.remaining(),
            });
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    read_int! {
        /// Reads an `unsigned small` (octet).
        u8: u8, "u8";
        /// Reads a `small`.
        i8: i8, "i8";
        /// Reads an `unsigned short`, aligned to 2.
        u16: u16, "u16";
        /// Reads a `short`, aligned to 2.
        i16: i16, "i16";
        /// Reads an `unsigned long`, aligned to 4.
        u32: u32, "u32";
        /// Reads a `long`, aligned to 4.
        i32: i32, "i32";
        /// Reads an `unsigned hyper`, aligned to 8.
        u64: u64, "u64";
        /// Reads a `hyper`, aligned to 8.
        i64: i64, "i64";
    }

    /// Reads an IEEE `float`, aligned to 4.
    pub fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_bits(self.u32()?))
    }

    /// Reads an IEEE `double`, aligned to 8.
    pub fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_bits(self.u64()?))
    }

    /// Reads a `hyper` (alias of [`i64`](Self::i64)).
    pub fn hyper(&mut self) -> Result<i64> {
        self.i64()
    }

    /// Reads a `boolean` octet; any non-zero value is true (C706 14.2.3).
    pub fn bool(&mut self) -> Result<bool> {
        Ok(self.u8()? != 0)
    }

    /// Reads a `char` octet.
    pub fn char(&mut self) -> Result<u8> {
        self.u8()
    }

    /// Reads a `wchar_t` (UTF-16 code unit), aligned to 2.
    pub fn wchar(&mut self) -> Result<u16> {
        self.u16()
    }

    /// Reads an `error_status_t` (unsigned long).
    pub fn error_status(&mut self) -> Result<u32> {
        self.u32()
    }

    /// Reads an `enum` without `v1_enum`: 2 octets in NDR20, 4 in NDR64.
    /// Values above 0x7fff are rejected as NDR requires.
    pub fn enum16(&mut self) -> Result<u16> {
        let value: u32 = match self.syntax {
            NdrSyntax::Ndr20 => self.u16()?.into(),
            NdrSyntax::Ndr64 => self.u32()?,
        };
        if value > 0x7fff {
            return Err(NdrError::EnumOutOfRange {
                what: "enum",
                offset: self.pos - self.syntax.enum_size(),
                value: value.into(),
            });
        }
        Ok(value as u16)
    }

    /// Reads a `v1_enum` (4 octets in both syntaxes).
    pub fn enum32(&mut self) -> Result<u32> {
        self.u32()
    }

    /// Reads a count-sized integer (4 octets in NDR20, 8 in NDR64).
    fn count(&mut self, what: &'static str) -> Result<u64> {
        match self.syntax {
            NdrSyntax::Ndr20 => {
                self.align(4)?;
                let at = self.pos;
                self.u32().map(u64::from).map_err(|e| retag(e, what, at))
            }
            NdrSyntax::Ndr64 => {
                self.align(8)?;
                let at = self.pos;
                self.u64().map_err(|e| retag(e, what, at))
            }
        }
    }

    fn count_usize(&mut self, what: &'static str) -> Result<usize> {
        let at = self.pos;
        let c = self.count(what)?;
        usize::try_from(c).map_err(|_| NdrError::CountTooLarge {
            what,
            offset: at,
            count: c,
        })
    }

    /// Reads the conformance (`max_count`) of a conformant array or string.
    /// Conformance says how many elements were allocated, not how many were
    /// sent, so it is not checked against the remaining bytes here; pass the
    /// element count that is actually transmitted to [`check_count`](Self::check_count).
    pub fn conformance(&mut self) -> Result<usize> {
        self.count_usize("conformance max_count")
    }

    /// Reads the variance (`offset`, `actual_count`) of a varying array or string.
    pub fn variance(&mut self) -> Result<(usize, usize)> {
        let offset = self.count_usize("variance offset")?;
        let actual = self.count_usize("variance actual_count")?;
        Ok((offset, actual))
    }

    /// Reads the variance and checks `offset + actual_count <= max` (C706 14.3.3.2).
    pub fn variance_within(&mut self, max: usize, what: &'static str) -> Result<(usize, usize)> {
        let at = self.pos;
        let (offset, actual) = self.variance()?;
        match offset.checked_add(actual) {
            Some(end) if end <= max => Ok((offset, actual)),
            _ => Err(NdrError::BadVarying {
                what,
                offset: at,
                var_offset: offset as u64,
                actual: actual as u64,
                max: max as u64,
            }),
        }
    }

    /// Validates that `count` elements of at least `min_elem_size` octets each
    /// can be present: the count is within [`Limits::max_elements`] and
    /// `count * min_elem_size` fits in the remaining bytes. Call this before
    /// any allocation or slice sized by a wire count.
    pub fn check_count(
        &self,
        count: usize,
        min_elem_size: usize,
        what: &'static str,
    ) -> Result<usize> {
        if count as u64 > self.limits.max_elements {
            return Err(NdrError::LimitExceeded {
                what,
                offset: self.pos,
                value: count as u64,
                limit: self.limits.max_elements,
            });
        }
        match count.checked_mul(min_elem_size) {
            Some(total) if total <= self.remaining() => Ok(count),
            _ => Err(NdrError::CountTooLarge {
                what,
                offset: self.pos,
                count: count as u64,
            }),
        }
    }

    /// Enters one level of nesting, failing past [`Limits::max_depth`]. Pair
    /// with [`leave`](Self::leave); recursive types call it around recursion.
    pub fn enter(&mut self, what: &'static str) -> Result<()> {
        if self.depth >= self.limits.max_depth {
            return Err(NdrError::LimitExceeded {
                what,
                offset: self.pos,
                value: u64::from(self.depth) + 1,
                limit: self.limits.max_depth.into(),
            });
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves one level of nesting entered with [`enter`](Self::enter).
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Reads a referent id (4 octets in NDR20, 8 in NDR64, aligned to its size).
    pub fn referent_id(&mut self) -> Result<u64> {
        self.count("referent id")
    }

    /// Decodes the inline part of `T` (see [`NdrDecode`](super::NdrDecode)).
    pub fn read<T: super::NdrDecode<'a>>(&mut self) -> Result<T> {
        T::decode_inline(self)
    }
}

/// Octets needed to bring `pos` to a multiple of `n` (a power of two).
#[inline]
pub(super) fn padding(pos: usize, n: usize) -> usize {
    if n <= 1 {
        0
    } else {
        (n - (pos & (n - 1))) & (n - 1)
    }
}

fn retag(e: NdrError, what: &'static str, at: usize) -> NdrError {
    match e {
        NdrError::Truncated { needed, .. } => NdrError::Truncated {
            what,
            offset: at,
            needed,
        },
        other => other,
    }
}
