//! The two-phase [`NdrDecode`] / [`NdrEncode`] traits, their primitive
//! implementations and the top-level entry points.

use super::error::Result;
use super::reader::NdrReader;
use super::syntax::NdrSyntax;
use super::writer::NdrWriter;

/// A type that can be read from NDR, in two phases.
///
/// [`decode_inline`](Self::decode_inline) reads the part of the value that
/// sits where the value sits: primitives, the referent ids of embedded
/// pointers, the inline parts of nested structures and array elements.
/// [`decode_deferred`](Self::decode_deferred) then reads the referents of the
/// embedded pointers, in the order the pointers appeared, each followed by
/// its own deferred referents. An enclosing type calls `decode_inline` on all
/// of its members first and `decode_deferred` on all of them afterwards, so
/// that the referents of a structure or array come after the whole of it, as
/// C706 14.3.12.3 requires. Types without embedded pointers keep the default
/// empty `decode_deferred`.
///
/// Implementations align themselves: a structure calls
/// [`NdrReader::align`] with its own alignment before its first member (a
/// conformant structure reads its hoisted conformance first, then aligns).
pub trait NdrDecode<'a>: Sized {
    /// A lower bound on the octets the inline part occupies. The default 1 is
    /// right for every type that puts something inline; it is used to reject
    /// element counts that the remaining input cannot hold before allocating.
    const MIN_WIRE_SIZE: usize = 1;

    /// Reads the inline part.
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self>;

    /// Reads the deferred referents of embedded pointers.
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        let _ = r;
        Ok(())
    }
}

/// A type that can be written as NDR, in the same two phases as [`NdrDecode`].
pub trait NdrEncode {
    /// Writes the inline part (including referent ids of embedded pointers).
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()>;

    /// Writes the referents of embedded pointers, in order.
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        let _ = w;
        Ok(())
    }
}

/// Reads `T` as a top-level parameter: its inline part, then its deferred
/// referents immediately after it.
pub fn decode_top_level<'a, T: NdrDecode<'a>>(r: &mut NdrReader<'a>) -> Result<T> {
    let mut v = T::decode_inline(r)?;
    v.decode_deferred(r)?;
    Ok(v)
}

/// Writes `v` as a top-level parameter: inline part, then deferred referents.
pub fn encode_top_level<T: NdrEncode + ?Sized>(w: &mut NdrWriter, v: &T) -> Result<()> {
    v.encode_inline(w)?;
    v.encode_deferred(w)
}

/// Decodes one top-level `T` from the start of `stub`; returns the value and
/// the octets used.
pub fn decode<'a, T: NdrDecode<'a>>(
    stub: &'a [u8],
    syntax: NdrSyntax,
    little_endian: bool,
) -> Result<(T, usize)> {
    let mut r = NdrReader::new(stub, syntax, little_endian);
    let v = decode_top_level(&mut r)?;
    Ok((v, r.position()))
}

/// Encodes `v` as one top-level value into a new stub buffer.
pub fn encode<T: NdrEncode + ?Sized>(
    v: &T,
    syntax: NdrSyntax,
    little_endian: bool,
) -> Result<Vec<u8>> {
    let mut w = NdrWriter::new(syntax, little_endian);
    encode_top_level(&mut w, v)?;
    Ok(w.into_bytes())
}

macro_rules! primitive {
    ($($ty:ty => $read:ident, $write:ident;)*) => {$(
        impl<'a> NdrDecode<'a> for $ty {
            const MIN_WIRE_SIZE: usize = core::mem::size_of::<$ty>();
            #[inline]
            fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
                r.$read()
            }
        }
        impl NdrEncode for $ty {
            #[inline]
            fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
                w.$write(*self);
                Ok(())
            }
        }
    )*};
}

primitive! {
    u8 => u8, u8;
    i8 => i8, i8;
    u16 => u16, u16;
    i16 => i16, i16;
    u32 => u32, u32;
    i32 => i32, i32;
    u64 => u64, u64;
    i64 => i64, i64;
    f32 => f32, f32;
    f64 => f64, f64;
    bool => bool, bool;
}

impl<T: NdrEncode + ?Sized> NdrEncode for &T {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        (**self).encode_inline(w)
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        (**self).encode_deferred(w)
    }
}

impl<T: NdrEncode> NdrEncode for Box<T> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        (**self).encode_inline(w)
    }
    fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
        (**self).encode_deferred(w)
    }
}

impl<'a, T: NdrDecode<'a>> NdrDecode<'a> for Box<T> {
    const MIN_WIRE_SIZE: usize = T::MIN_WIRE_SIZE;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        T::decode_inline(r).map(Box::new)
    }
    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
        (**self).decode_deferred(r)
    }
}

/// Tuples read and write their members in order, all inline parts first and
/// then all deferred parts, like the body of a structure. They add no
/// alignment of their own (and no NDR64 trailing gap): handy for parameter
/// lists and tests, not a substitute for a structure with alignment.
macro_rules! tuple {
    ($($name:ident $idx:tt),+) => {
        impl<'a, $($name: NdrDecode<'a>),+> NdrDecode<'a> for ($($name,)+) {
            const MIN_WIRE_SIZE: usize = 0 $(+ $name::MIN_WIRE_SIZE)+;
            fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
                Ok(($($name::decode_inline(r)?,)+))
            }
            fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> Result<()> {
                $(self.$idx.decode_deferred(r)?;)+
                Ok(())
            }
        }
        impl<$($name: NdrEncode),+> NdrEncode for ($($name,)+) {
            fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
                $(self.$idx.encode_inline(w)?;)+
                Ok(())
            }
            fn encode_deferred(&self, w: &mut NdrWriter) -> Result<()> {
                $(self.$idx.encode_deferred(w)?;)+
                Ok(())
            }
        }
    };
}

tuple!(A 0, B 1);
tuple!(A 0, B 1, C 2);
tuple!(A 0, B 1, C 2, D 3);
