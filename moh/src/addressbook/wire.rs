//! How each kind of field of an address book body is read and written, and the macro that
//! turns a structure table into a body type.
//!
//! Every body is a run of fields in table order with no padding. Optional parts are preceded
//! by a presence octet (`HasState`, `HasColumns`, ...): 0x00 absent, 0xFF present. Other
//! octet values are refused, so that a decoded body re-encodes to the same octets.

use std::borrow::Cow;

use oxwire_mapi_rop::prop::{Encoding, Restriction};
use oxwire_nspi::moh::{AddressBookPropertyRow, AddressBookTaggedPropertyValue, LeReader};
use oxwire_nspi::{FlatUid, Stat};

use crate::aux_buffer::AuxiliaryBuffer;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::reader::{put_u32, Reader};

/// The names a field reports in errors: its presence octet's and its own.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Name {
    pub(crate) has: &'static str,
    pub(crate) what: &'static str,
}

/// One field kind of an address book body.
pub(crate) trait Field<'a>: Sized {
    /// Fewest octets the field takes, for checking element counts against the input.
    const MIN_SIZE: usize;
    /// Reads the field.
    fn read_field(r: &mut Reader<'a>, limits: &Limits, name: Name) -> Result<Self>;
    /// Appends the field.
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()>;
}

/// Moves an `oxwire-nspi` error to body offsets (`base` is where its reader started).
pub(crate) fn from_nspi(e: oxwire_nspi::Error, base: usize) -> Error {
    use oxwire_nspi::Error as N;
    match e {
        N::Truncated {
            what,
            offset,
            needed,
        } => Error::Truncated {
            what,
            offset: base + offset,
            needed,
        },
        N::Unsupported {
            what,
            offset,
            value,
        } => Error::Invalid {
            what,
            offset: base + offset,
            value: value.into(),
        },
        N::CountTooLarge {
            what,
            offset,
            count,
            limit,
        } => Error::LimitExceeded {
            what,
            offset: base + offset,
            value: count,
            limit,
        },
        other => Error::Nspi(other),
    }
}

/// Moves an `oxwire-mapi-rop` property error to body offsets.
pub(crate) fn from_rop(e: oxwire_mapi_rop::rop::RopError, base: usize) -> Error {
    use oxwire_mapi_rop::Error as R;
    match R::from(e) {
        R::Truncated {
            what,
            offset,
            needed,
        } => Error::Truncated {
            what,
            offset: base + offset,
            needed,
        },
        R::Invalid {
            what,
            offset,
            value,
        } => Error::Invalid {
            what,
            offset: base + offset,
            value,
        },
        R::LimitExceeded {
            what,
            offset,
            value,
            limit,
        } => Error::LimitExceeded {
            what,
            offset: base + offset,
            value,
            limit,
        },
        other => Error::Rop(other),
    }
}

/// Runs an `oxwire-nspi` little-endian reader over the rest of `r` and advances `r` past what
/// it consumed.
fn with_le<'a, T>(
    r: &mut Reader<'a>,
    f: impl FnOnce(&mut LeReader<'a>) -> oxwire_nspi::Result<T>,
) -> Result<T> {
    let base = r.offset();
    let mut le = LeReader::new(r.rest());
    let v = f(&mut le).map_err(|e| from_nspi(e, base))?;
    r.take(le.position(), "address book structure")?;
    Ok(v)
}

/// Reads a presence octet: 0x00 absent, 0xFF present.
pub(crate) fn read_presence(r: &mut Reader<'_>, what: &'static str) -> Result<bool> {
    let at = r.offset();
    match r.u8(what)? {
        0x00 => Ok(false),
        0xFF => Ok(true),
        v => Err(Error::Invalid {
            what,
            offset: at,
            value: v.into(),
        }),
    }
}

fn count_u32(n: usize, what: &'static str, at: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| Error::LimitExceeded {
        what,
        offset: at,
        value: n as u64,
        limit: u32::MAX.into(),
    })
}

impl<'a> Field<'a> for u32 {
    const MIN_SIZE: usize = 4;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        r.u32(name.what)
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, *self);
        Ok(())
    }
}

impl<'a> Field<'a> for i32 {
    const MIN_SIZE: usize = 4;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        Ok(r.u32(name.what)? as i32)
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, *self as u32);
        Ok(())
    }
}

/// A Boolean octet (e.g. `DeltaRequested`): 0x00 or 0xFF, like the presence octets.
impl<'a> Field<'a> for bool {
    const MIN_SIZE: usize = 1;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        read_presence(r, name.what)
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        out.push(if *self { 0xFF } else { 0x00 });
        Ok(())
    }
}

impl<'a> Field<'a> for Stat {
    const MIN_SIZE: usize = Stat::LEN;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        let at = r.offset();
        let b = r.take(Stat::LEN, name.what)?;
        Stat::read_le(b, 0).map_err(|e| from_nspi(e, at))
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        self.write_le(out);
        Ok(())
    }
}

impl<'a> Field<'a> for FlatUid {
    const MIN_SIZE: usize = 16;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        Ok(FlatUid(r.guid(name.what)?))
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&self.0);
        Ok(())
    }
}

/// A presence octet and, when it is 0xFF, the field.
impl<'a, T: Field<'a>> Field<'a> for Option<T> {
    const MIN_SIZE: usize = 1;
    fn read_field(r: &mut Reader<'a>, limits: &Limits, name: Name) -> Result<Self> {
        if read_presence(r, name.has)? {
            Ok(Some(T::read_field(r, limits, name)?))
        } else {
            Ok(None)
        }
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            Some(v) => {
                out.push(0xFF);
                v.write_field(out)
            }
            None => {
                out.push(0x00);
                Ok(())
            }
        }
    }
}

/// A 32-bit element count and the elements (Minimal Entry ID arrays, `LargePropertyTagArray`,
/// `AddressBookPropertyValueList`, string and entry ID arrays, row lists).
impl<'a, T: Field<'a>> Field<'a> for Vec<T> {
    const MIN_SIZE: usize = 4;
    fn read_field(r: &mut Reader<'a>, limits: &Limits, name: Name) -> Result<Self> {
        let n = r.count(T::MIN_SIZE, name.what)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::read_field(r, limits, name)?);
        }
        Ok(v)
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, count_u32(self.len(), "element count", out.len())?);
        self.iter().try_for_each(|v| v.write_field(out))
    }
}

/// A null-terminated 8-bit string (a DN), held without its terminator.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnsiString<'a>(pub Cow<'a, [u8]>);

impl<'a> AnsiString<'a> {
    /// A string from its octets (no terminator).
    pub fn new(s: impl Into<Cow<'a, [u8]>>) -> Self {
        AnsiString(s.into())
    }
}

impl<'a> Field<'a> for AnsiString<'a> {
    const MIN_SIZE: usize = 1;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        Ok(AnsiString(Cow::Borrowed(r.cstr(name.what)?)))
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(i) = self.0.iter().position(|&b| b == 0) {
            // A NUL inside would end the string early on the other side.
            return Err(Error::Invalid {
                what: "8-bit string with an embedded NUL",
                offset: out.len() + i,
                value: 0,
            });
        }
        out.extend_from_slice(&self.0);
        out.push(0);
        Ok(())
    }
}

/// A null-terminated UTF-16LE string, held as its code units' octets without the terminator.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnicodeString<'a>(pub Cow<'a, [u8]>);

impl<'a> UnicodeString<'a> {
    /// Encodes `s` as UTF-16LE.
    pub fn from_text(s: &str) -> UnicodeString<'static> {
        UnicodeString(Cow::Owned(
            s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ))
    }

    /// The text, with unpaired surrogates replaced.
    pub fn to_string_lossy(&self) -> String {
        let units: Vec<u16> = self
            .0
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    }
}

impl<'a> Field<'a> for UnicodeString<'a> {
    const MIN_SIZE: usize = 2;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        Ok(UnicodeString(Cow::Borrowed(r.wstr(name.what)?)))
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        let bad = self.0.len() % 2 != 0 || self.0.chunks_exact(2).any(|c| c == [0, 0]);
        if bad {
            return Err(Error::Invalid {
                what: "UTF-16 string with an odd length or an embedded NUL",
                offset: out.len(),
                value: self.0.len() as u64,
            });
        }
        out.extend_from_slice(&self.0);
        out.extend_from_slice(&[0, 0]);
        Ok(())
    }
}

/// A 32-bit byte count and that many octets (an entry ID in ModLinkAtt).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SizedBytes<'a>(pub Cow<'a, [u8]>);

impl<'a> Field<'a> for SizedBytes<'a> {
    const MIN_SIZE: usize = 4;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        Ok(SizedBytes(Cow::Borrowed(r.sized_bytes(name.what)?)))
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        crate::reader::put_sized_bytes(out, &self.0, "entry ID size")
    }
}

impl<'a> Field<'a> for AuxiliaryBuffer<'a> {
    const MIN_SIZE: usize = 4;
    fn read_field(r: &mut Reader<'a>, limits: &Limits, _: Name) -> Result<Self> {
        AuxiliaryBuffer::read(r, limits)
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        self.write(out)
    }
}

/// A restriction in the MS-OXCDATA 2.12 form with 32-bit counts (MS-OXCDATA 2.11.1.1: MAPI
/// extensions for HTTP), read by `oxwire-mapi-rop`.
impl<'a> Field<'a> for Restriction {
    const MIN_SIZE: usize = 1;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        let at = r.offset();
        let (v, used) =
            Restriction::decode(r.rest(), Encoding::EXTENDED).map_err(|e| from_rop(e, at))?;
        r.take(used, name.what)?;
        Ok(v)
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        let at = out.len();
        self.write(out, Encoding::EXTENDED)
            .map_err(|e| from_rop(e, at))
    }
}

impl<'a> Field<'a> for AddressBookTaggedPropertyValue<'a> {
    const MIN_SIZE: usize = 4;
    fn read_field(r: &mut Reader<'a>, _: &Limits, _: Name) -> Result<Self> {
        with_le(r, AddressBookTaggedPropertyValue::read)
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        let at = out.len();
        self.write(out).map_err(|e| from_nspi(e, at))
    }
}

/// The named property of a GetMatches request: `PropertyNameGuid` and `PropertyNameId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PropertyNameRef {
    /// `PropertyNameGuid`: the property set.
    pub guid: FlatUid,
    /// `PropertyNameId`: the property's numeric name.
    pub id: u32,
}

impl<'a> Field<'a> for PropertyNameRef {
    const MIN_SIZE: usize = 20;
    fn read_field(r: &mut Reader<'a>, _: &Limits, name: Name) -> Result<Self> {
        Ok(PropertyNameRef {
            guid: FlatUid(r.guid(name.what)?),
            id: r.u32(name.what)?,
        })
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&self.guid.0);
        put_u32(out, self.id);
        Ok(())
    }
}

/// `Columns`, `RowCount` and `RowData` of a response: a `LargePropertyTagArray` and the
/// `AddressBookPropertyRow`s laid out by it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowSet<'a> {
    /// `Columns`: the property tag of each column.
    pub columns: Vec<u32>,
    /// `RowData`: one row per entry, one value per column.
    pub rows: Vec<AddressBookPropertyRow<'a>>,
}

impl<'a> Field<'a> for RowSet<'a> {
    const MIN_SIZE: usize = 8;
    fn read_field(r: &mut Reader<'a>, limits: &Limits, name: Name) -> Result<Self> {
        let columns = Vec::<u32>::read_field(r, limits, name)?;
        let at = r.offset();
        let n = r.count(1, name.what)?;
        let cells = n.saturating_mul(columns.len());
        if cells > limits.max_table_cells {
            return Err(Error::LimitExceeded {
                what: name.what,
                offset: at,
                value: cells as u64,
                limit: limits.max_table_cells as u64,
            });
        }
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            rows.push(with_le(r, |le| AddressBookPropertyRow::read(le, &columns))?);
        }
        Ok(RowSet { columns, rows })
    }
    fn write_field(&self, out: &mut Vec<u8>) -> Result<()> {
        self.columns.write_field(out)?;
        put_u32(out, count_u32(self.rows.len(), "RowCount", out.len())?);
        for row in &self.rows {
            let at = out.len();
            row.write(out).map_err(|e| from_nspi(e, at))?;
        }
        Ok(())
    }
}

/// Declares a body type from its structure table: one line per field, in wire order, with
/// the specification's field name (and its presence octet's name for optional fields).
macro_rules! body {
    (
        $(#[$m:meta])*
        $name:ident, $ctx:literal {
            $( $(#[$fm:meta])* $f:ident : $t:ty = $(has $has:literal,)? $what:literal ; )*
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name<'a> {
            $( $(#[$fm])* pub $f: $t, )*
        }

        impl<'a> $name<'a> {
            /// Reads the fields from `r`, leaving it after the auxiliary buffer.
            pub fn read(
                r: &mut crate::reader::Reader<'a>,
                limits: &crate::Limits,
            ) -> crate::Result<Self> {
                use crate::addressbook::wire::{Field, Name};
                Ok($name {
                    $( $f: <$t as Field<'a>>::read_field(r, limits, Name {
                        has: body!(@has $ctx, $what $(, $has)?),
                        what: concat!($ctx, ".", $what),
                    })?, )*
                })
            }

            /// Appends the fields.
            pub fn write(&self, out: &mut Vec<u8>) -> crate::Result<()> {
                use crate::addressbook::wire::Field;
                $( self.$f.write_field(out)?; )*
                Ok(())
            }
        }
    };
    (@has $ctx:literal, $what:literal) => { concat!($ctx, ".", $what) };
    (@has $ctx:literal, $what:literal, $has:literal) => { concat!($ctx, ".", $has) };
}
pub(crate) use body;
