//! The [`Wire`] trait: fields that read and write themselves in ROP buffer form.

use super::error::{Result, RopError};
use super::reader::{Put, Reader};

/// A value with one fixed wire form inside ROP buffers.
///
/// `read` consumes exactly the value's bytes; `write` appends exactly the bytes `read`
/// consumed, so `write(read(x)) == x` for every canonical input.
pub trait Wire: Sized {
    /// Decodes one value.
    fn read(r: &mut Reader<'_>) -> Result<Self>;
    /// Encodes the value. Fails only when a count or size does not fit its wire field.
    fn write(&self, out: &mut Vec<u8>) -> Result<()>;
}

impl Wire for u8 {
    #[inline]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.u8("u8")
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(*self);
        Ok(())
    }
}

impl Wire for u16 {
    #[inline]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.u16("u16")
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(*self);
        Ok(())
    }
}

impl Wire for u32 {
    #[inline]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.u32("u32")
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u32(*self);
        Ok(())
    }
}

impl Wire for i32 {
    #[inline]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(r.u32("i32")? as i32)
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u32(*self as u32);
        Ok(())
    }
}

impl Wire for u64 {
    #[inline]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.u64("u64")
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u64(*self);
        Ok(())
    }
}

impl<const N: usize> Wire for [u8; N] {
    #[inline]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.array("byte array")
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(self);
        Ok(())
    }
}

/// Converts a length to a u16 wire field.
pub(crate) fn len_u16(n: usize, what: &'static str) -> Result<u16> {
    u16::try_from(n).map_err(|_| RopError::Unencodable {
        what,
        reason: "longer than 65535",
    })
}

/// Converts a length to a u8 wire field.
pub(crate) fn len_u8(n: usize, what: &'static str) -> Result<u8> {
    u8::try_from(n).map_err(|_| RopError::Unencodable {
        what,
        reason: "longer than 255",
    })
}

/// Converts a length to a u32 wire field.
pub(crate) fn len_u32(n: usize, what: &'static str) -> Result<u32> {
    u32::try_from(n).map_err(|_| RopError::Unencodable {
        what,
        reason: "longer than 4294967295",
    })
}

/// Reads `count` values of `T`, each at least `min` bytes, after checking that they can fit.
pub(crate) fn read_vec<T: Wire>(
    r: &mut Reader<'_>,
    count: usize,
    min: usize,
    what: &'static str,
) -> Result<Vec<T>> {
    r.check_count(count, min, what)?;
    let mut v = Vec::with_capacity(count);
    for _ in 0..count {
        v.push(T::read(r)?);
    }
    Ok(v)
}

/// Writes every value of a slice.
pub(crate) fn write_all<T: Wire>(v: &[T], out: &mut Vec<u8>) -> Result<()> {
    for x in v {
        x.write(out)?;
    }
    Ok(())
}

/// Defines a list type with a u16 element count in front (the most common shape in
/// MS-OXCROPS).
macro_rules! counted_list {
    ($(#[$m:meta])* $name:ident, $elem:ty, $count:ty, $min:expr, $what:literal) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name(pub Vec<$elem>);

        impl $crate::rop::wire::Wire for $name {
            fn read(r: &mut $crate::rop::reader::Reader<'_>) -> $crate::rop::error::Result<Self> {
                let n = <$count as $crate::rop::wire::Wire>::read(r)? as usize;
                Ok($name($crate::rop::wire::read_vec(r, n, $min, $what)?))
            }
            fn write(&self, out: &mut Vec<u8>) -> $crate::rop::error::Result<()> {
                let n = <$count>::try_from(self.0.len()).map_err(|_| {
                    $crate::rop::error::RopError::Unencodable { what: $what, reason: "too many elements" }
                })?;
                $crate::rop::wire::Wire::write(&n, out)?;
                $crate::rop::wire::write_all(&self.0, out)
            }
        }
    };
}
pub(crate) use counted_list;

/// Bytes with a u16 length in front (`SBinary_short`-like fields: bookmarks, entry ids).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bytes16(pub Vec<u8>);

impl Wire for Bytes16 {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("byte count")? as usize;
        Ok(Bytes16(r.take(n, "bytes")?.to_vec()))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(len_u16(self.0.len(), "byte count")?);
        out.extend_from_slice(&self.0);
        Ok(())
    }
}

/// Bytes with a u32 length in front.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bytes32(pub Vec<u8>);

impl Wire for Bytes32 {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u32("byte count")? as usize;
        Ok(Bytes32(r.take(n, "bytes")?.to_vec()))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u32(len_u32(self.0.len(), "byte count")?);
        out.extend_from_slice(&self.0);
        Ok(())
    }
}

/// A string whose width a flag elsewhere in the ROP selects (UseUnicode-style fields).
#[derive(Clone, Debug, PartialEq)]
pub enum TString {
    /// 8-bit, NUL-terminated.
    A(crate::prop::AString),
    /// UTF-16LE, NUL-terminated.
    W(crate::prop::WString),
}

impl TString {
    pub(crate) fn read(r: &mut Reader<'_>, unicode: bool, what: &'static str) -> Result<Self> {
        Ok(if unicode {
            TString::W(crate::prop::WString::read(r, what)?)
        } else {
            TString::A(crate::prop::AString::read(r, what)?)
        })
    }
    pub(crate) fn write(&self, out: &mut Vec<u8>, unicode: bool) -> Result<()> {
        match (self, unicode) {
            (TString::A(s), false) => s.write(out),
            (TString::W(s), true) => s.write(out),
            _ => Err(RopError::Unencodable {
                what: "string",
                reason: "width does not match the ROP's Unicode flag",
            }),
        }
    }
    /// Lossy text view.
    pub fn to_string_lossy(&self) -> String {
        match self {
            TString::A(s) => s.to_string_lossy(),
            TString::W(s) => s.to_string_lossy(),
        }
    }
}

/// A restriction with a u16 RestrictionDataSize in front; size 0 means no restriction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SizedRestriction(pub Option<crate::prop::Restriction>);

impl Wire for SizedRestriction {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("RestrictionDataSize")? as usize;
        if n == 0 {
            return Ok(SizedRestriction(None));
        }
        let mut s = r.sub(n, "RestrictionData")?;
        let x = crate::prop::Restriction::read(&mut s, crate::prop::Encoding::ROP)?;
        if !s.is_empty() {
            return Err(RopError::Invalid {
                what: "RestrictionData",
                offset: s.offset(),
                reason: "bytes left after the restriction",
            });
        }
        Ok(SizedRestriction(Some(x)))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        match &self.0 {
            None => out.put_u16(0),
            Some(x) => {
                let at = out.len();
                out.put_u16(0);
                x.write(out, crate::prop::Encoding::ROP)?;
                let n = len_u16(out.len() - at - 2, "RestrictionDataSize")?;
                out[at..at + 2].copy_from_slice(&n.to_le_bytes());
            }
        }
        Ok(())
    }
}

/// TaggedPropertyValues with a u16 byte size and a u16 count in front (RopSetProperties).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SizedTaggedValues(pub Vec<crate::prop::TaggedPropertyValue>);

impl Wire for SizedTaggedValues {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("PropertyValueSize")? as usize;
        let mut s = r.sub(n, "PropertyValues")?;
        let c = s.u16("PropertyValueCount")? as usize;
        let v = read_vec(&mut s, c, 4, "PropertyValueCount")?;
        if !s.is_empty() {
            return Err(RopError::Invalid {
                what: "PropertyValueSize",
                offset: s.offset(),
                reason: "bytes left after the property values",
            });
        }
        Ok(SizedTaggedValues(v))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        let at = out.len();
        out.put_u16(0);
        out.put_u16(len_u16(self.0.len(), "PropertyValueCount")?);
        write_all(&self.0, out)?;
        let n = len_u16(out.len() - at - 2, "PropertyValueSize")?;
        out[at..at + 2].copy_from_slice(&n.to_le_bytes());
        Ok(())
    }
}
