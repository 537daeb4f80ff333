//! Arrays: fixed, conformant, varying and conformant-varying, of any element
//! type, plus zero-copy octet arrays.
//!
//! Elements are written inline one after another; the deferred referents of
//! all elements follow the whole array, element by element (C706 14.3.12.3).
//!
//! A structure whose last member is a conformant (or conformant-varying)
//! array carries the array's `max_count` at the start of the structure,
//! before the structure's alignment gap (C706 14.3.7). Such structures read
//! the count themselves with [`NdrReader::conformance`] and then call
//! [`ConformantArray::decode_hoisted`] /
//! [`ConformantVaryingArray::decode_hoisted`] for the last member; writers
//! mirror this with [`NdrWriter::conformance`] and `encode_hoisted`.

use super::codec::{NdrDecode, NdrEncode};
use super::error::{NdrError, Result};
use super::reader::NdrReader;
use super::writer::NdrWriter;

/// Upper bound on speculative preallocation: element counts are validated
/// against the input, but a small wire element may expand into a large
/// in-memory value, so vectors grow past this only as elements really decode.
const PREALLOC_MAX: usize = 1024;

/// Reads `count` elements' inline parts (after validating `count`).
pub fn decode_elements<'a, T: NdrDecode<'a>>(
    r: &mut NdrReader<'a>,
    count: usize,
    what: &'static str,
) -> Result<Vec<T>> {
    let count = r.check_count(count, T::MIN_WIRE_SIZE, what)?;
    let mut v = Vec::with_capacity(count.min(PREALLOC_MAX));
    for _ in 0..count {
        v.push(T::decode_inline(r)?);
    }
    Ok(v)
}

/// Reads the deferred parts of `items`, in order.
pub fn decode_elements_deferred<'a, T: NdrDecode<'a>>(
    r: &mut NdrReader<'a>,
    items: &mut [T],
) -> Result<()> {
    items.iter_mut().try_for_each(|i| i.decode_deferred(r))
}

/// Writes the inline parts of `items`.
pub fn encode_elements<T: NdrEncode>(w: &mut NdrWriter, items: &[T]) -> Result<()> {
    items.iter().try_for_each(|i| i.encode_inline(w))
}

/// Writes the deferred parts of `items`, in order.
pub fn encode_elements_deferred<T: NdrEncode>(w: &mut NdrWriter, items: &[T]) -> Result<()> {
    items.iter().try_for_each(|i| i.encode_deferred(w))
}

impl<'a, T: NdrDecode<'a>, const N: usize> NdrDecode<'a> for [T; N] {
    const MIN_WIRE_SIZE: usize = T::MIN_WIRE_SIZE.saturating_mul(N);

    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let at = r.position();
        let v = decode_elements::<T>(r, N, "fixed array")?;
        v.try_into().map_err(|_| NdrError::CountTooLarge {
            what: "fixed array",
            offset: at,
            count: N as u64,
        })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        decode_elements_deferred(r, self)
    }
}

impl<T: NdrEncode, const N: usize> NdrEncode for [T; N] {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        encode_elements(w, self)
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        encode_elements_deferred(w, self)
    }
}

/// A conformant array `[size_is(n)] T a[]`: `max_count`, then the elements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConformantArray<T>(pub Vec<T>);

impl<'a, T: NdrDecode<'a>> ConformantArray<T> {
    /// Reads the elements of an array whose `max_count` was hoisted to the
    /// start of the enclosing structure and already read.
    pub fn decode_hoisted(r: &mut NdrReader<'a>, max_count: usize) -> Result<Self> {
        decode_elements(r, max_count, "conformant array").map(ConformantArray)
    }
}

impl<T: NdrEncode> ConformantArray<T> {
    /// Writes only the elements (the enclosing structure wrote `max_count`).
    pub fn encode_hoisted(&self, w: &mut NdrWriter) -> Result<()> {
        encode_elements(w, &self.0)
    }
}

impl<'a, T: NdrDecode<'a>> NdrDecode<'a> for ConformantArray<T> {
    const MIN_WIRE_SIZE: usize = 4;

    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let n = r.conformance()?;
        Self::decode_hoisted(r, n)
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        decode_elements_deferred(r, &mut self.0)
    }
}

impl<T: NdrEncode> NdrEncode for ConformantArray<T> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.conformance(self.0.len())?;
        self.encode_hoisted(w)
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        encode_elements_deferred(w, &self.0)
    }
}

/// A varying array `[length_is(n)] T a[N]`: `offset`, `actual_count`, then
/// `actual_count` elements; `offset + actual_count <= N`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VaryingArray<T, const N: usize> {
    /// Index of the first transmitted element.
    pub offset: usize,
    /// The transmitted elements.
    pub items: Vec<T>,
}

impl<'a, T: NdrDecode<'a>, const N: usize> NdrDecode<'a> for VaryingArray<T, N> {
    const MIN_WIRE_SIZE: usize = 8;

    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let (offset, actual) = r.variance_within(N, "varying array")?;
        let items = decode_elements(r, actual, "varying array")?;
        Ok(VaryingArray { offset, items })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        decode_elements_deferred(r, &mut self.items)
    }
}

impl<T: NdrEncode, const N: usize> NdrEncode for VaryingArray<T, N> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        check_variance(w, self.offset, self.items.len(), N, "varying array")?;
        w.variance(self.offset, self.items.len())?;
        encode_elements(w, &self.items)
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        encode_elements_deferred(w, &self.items)
    }
}

/// A conformant-varying array `[size_is(m), length_is(n)] T a[]`:
/// `max_count`, `offset`, `actual_count`, then the elements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConformantVaryingArray<T> {
    /// Allocated element count.
    pub max_count: usize,
    /// Index of the first transmitted element.
    pub offset: usize,
    /// The transmitted elements.
    pub items: Vec<T>,
}

impl<T> ConformantVaryingArray<T> {
    /// An array whose transmitted elements are all of it (`offset` 0).
    pub fn new(items: Vec<T>) -> Self {
        ConformantVaryingArray {
            max_count: items.len(),
            offset: 0,
            items,
        }
    }
}

impl<'a, T: NdrDecode<'a>> ConformantVaryingArray<T> {
    /// Reads variance and elements after a hoisted `max_count`.
    pub fn decode_hoisted(r: &mut NdrReader<'a>, max_count: usize) -> Result<Self> {
        let (offset, actual) = r.variance_within(max_count, "conformant varying array")?;
        let items = decode_elements(r, actual, "conformant varying array")?;
        Ok(ConformantVaryingArray {
            max_count,
            offset,
            items,
        })
    }
}

impl<T: NdrEncode> ConformantVaryingArray<T> {
    /// Writes variance and elements (the enclosing structure wrote `max_count`).
    pub fn encode_hoisted(&self, w: &mut NdrWriter) -> Result<()> {
        check_variance(
            w,
            self.offset,
            self.items.len(),
            self.max_count,
            "conformant varying array",
        )?;
        w.variance(self.offset, self.items.len())?;
        encode_elements(w, &self.items)
    }
}

impl<'a, T: NdrDecode<'a>> NdrDecode<'a> for ConformantVaryingArray<T> {
    const MIN_WIRE_SIZE: usize = 12;

    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let m = r.conformance()?;
        Self::decode_hoisted(r, m)
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        decode_elements_deferred(r, &mut self.items)
    }
}

impl<T: NdrEncode> NdrEncode for ConformantVaryingArray<T> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.conformance(self.max_count)?;
        self.encode_hoisted(w)
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        encode_elements_deferred(w, &self.items)
    }
}

pub(super) fn check_variance(
    w: &NdrWriter,
    offset: usize,
    actual: usize,
    max: usize,
    what: &'static str,
) -> Result<()> {
    match offset.checked_add(actual) {
        Some(end) if end <= max => Ok(()),
        _ => Err(NdrError::BadVarying {
            what,
            offset: w.position(),
            var_offset: offset as u64,
            actual: actual as u64,
            max: max as u64,
        }),
    }
}

/// A conformant octet array, borrowed from the stub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConformantBytes<'a>(pub &'a [u8]);

/// A conformant-varying octet array, borrowed from the stub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConformantVaryingBytes<'a> {
    /// Allocated size.
    pub max_count: usize,
    /// Index of the first transmitted octet.
    pub offset: usize,
    /// The transmitted octets.
    pub data: &'a [u8],
}

impl<'a> ConformantVaryingBytes<'a> {
    /// All of `data`, with `max_count = data.len()` and offset 0.
    pub fn new(data: &'a [u8]) -> Self {
        ConformantVaryingBytes {
            max_count: data.len(),
            offset: 0,
            data,
        }
    }
}

impl<'a> NdrReader<'a> {
    /// Reads a conformant octet array (`max_count` then the octets).
    pub fn conformant_bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.conformance()?;
        let n = self.check_count(n, 1, "conformant byte array")?;
        self.bytes(n, "conformant byte array")
    }

    /// Reads a varying octet array bounded by `max` (`offset`, `actual_count`,
    /// octets); returns the offset and the octets.
    pub fn varying_bytes(&mut self, max: usize) -> Result<(usize, &'a [u8])> {
        let (offset, actual) = self.variance_within(max, "varying byte array")?;
        let n = self.check_count(actual, 1, "varying byte array")?;
        Ok((offset, self.bytes(n, "varying byte array")?))
    }

    /// Reads a conformant-varying octet array.
    pub fn conformant_varying_bytes(&mut self) -> Result<ConformantVaryingBytes<'a>> {
        let max_count = self.conformance()?;
        let (offset, data) = self.varying_bytes(max_count)?;
        Ok(ConformantVaryingBytes {
            max_count,
            offset,
            data,
        })
    }
}

impl NdrWriter {
    /// Writes a conformant octet array.
    pub fn conformant_bytes(&mut self, data: &[u8]) -> Result<()> {
        self.conformance(data.len())?;
        self.bytes(data);
        Ok(())
    }

    /// Writes a varying octet array (`offset`, `actual_count`, octets).
    pub fn varying_bytes(&mut self, offset: usize, data: &[u8]) -> Result<()> {
        self.variance(offset, data.len())?;
        self.bytes(data);
        Ok(())
    }

    /// Writes a conformant-varying octet array.
    pub fn conformant_varying_bytes(&mut self, v: &ConformantVaryingBytes<'_>) -> Result<()> {
        check_variance(
            self,
            v.offset,
            v.data.len(),
            v.max_count,
            "conformant varying byte array",
        )?;
        self.conformance(v.max_count)?;
        self.varying_bytes(v.offset, v.data)
    }
}

impl<'a> NdrDecode<'a> for ConformantBytes<'a> {
    const MIN_WIRE_SIZE: usize = 4;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        r.conformant_bytes().map(ConformantBytes)
    }
}

impl NdrEncode for ConformantBytes<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.conformant_bytes(self.0)
    }
}

impl<'a> NdrDecode<'a> for ConformantVaryingBytes<'a> {
    const MIN_WIRE_SIZE: usize = 12;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        r.conformant_varying_bytes()
    }
}

impl NdrEncode for ConformantVaryingBytes<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.conformant_varying_bytes(self)
    }
}
