//! Property values of every MS-OXCDATA type (2.11.1), in ROP buffer form.

use super::{ptype, CountWidth, Encoding, Guid, Restriction, RuleAction};
use crate::rop::reader::{Put, Reader};
use crate::rop::wire::{len_u16, len_u32};
use crate::rop::{Result, RopError};

/// A NUL-terminated 8-bit string, held without its terminator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AString(pub Vec<u8>);

impl AString {
    /// Reads up to and including the terminator.
    pub(crate) fn read(r: &mut Reader<'_>, what: &'static str) -> Result<Self> {
        Ok(AString(r.cstr8(what)?.to_vec()))
    }
    /// Writes the bytes and the terminator.
    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        if self.0.contains(&0) {
            return Err(RopError::Unencodable {
                what: "8-bit string",
                reason: "contains a NUL byte",
            });
        }
        out.extend_from_slice(&self.0);
        out.push(0);
        Ok(())
    }
    /// Lossy text view.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

impl From<&str> for AString {
    fn from(s: &str) -> Self {
        AString(s.as_bytes().to_vec())
    }
}

impl crate::rop::Wire for AString {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        AString::read(r, "string")
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        AString::write(self, out)
    }
}

/// A NUL-terminated UTF-16LE string, held as code units without the terminator (so that
/// unpaired surrogates survive a round trip).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct WString(pub Vec<u16>);

impl WString {
    pub(crate) fn read(r: &mut Reader<'_>, what: &'static str) -> Result<Self> {
        Ok(WString::from_le_bytes(r.cstr16(what)?))
    }
    pub(crate) fn from_le_bytes(b: &[u8]) -> Self {
        WString(
            b.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        )
    }
    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        if self.0.contains(&0) {
            return Err(RopError::Unencodable {
                what: "UTF-16 string",
                reason: "contains a NUL code unit",
            });
        }
        out.reserve(self.0.len() * 2 + 2);
        for u in &self.0 {
            out.put_u16(*u);
        }
        out.put_u16(0);
        Ok(())
    }
    /// Lossy text view.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf16_lossy(&self.0)
    }
}

impl From<&str> for WString {
    fn from(s: &str) -> Self {
        WString(s.encode_utf16().collect())
    }
}

impl crate::rop::Wire for WString {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        WString::read(r, "string")
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        WString::write(self, out)
    }
}

/// One property value. The variant is fixed by the property type, which travels
/// separately (in a tag, a column set or a TypedPropertyValue).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PropertyValue {
    /// PtypNull (0x0001): no bytes.
    Null,
    /// PtypInteger16.
    Integer16(i16),
    /// PtypInteger32.
    Integer32(i32),
    /// PtypFloating32.
    Floating32(f32),
    /// PtypFloating64.
    Floating64(f64),
    /// PtypCurrency.
    Currency(i64),
    /// PtypFloatingTime.
    FloatingTime(f64),
    /// PtypErrorCode.
    ErrorCode(u32),
    /// PtypBoolean: one byte in ROP buffers, kept as sent.
    Boolean(u8),
    /// PtypInteger64.
    Integer64(i64),
    /// PtypString.
    String(WString),
    /// PtypString8.
    String8(AString),
    /// PtypTime (FILETIME).
    Time(u64),
    /// PtypGuid.
    Guid(Guid),
    /// PtypServerId: COUNT-prefixed bytes (Ours flag, folder id, message id, instance);
    /// [`ServerId::decode`](super::ServerId::decode) reads them.
    ServerId(Vec<u8>),
    /// PtypRestriction.
    Restriction(Box<Restriction>),
    /// PtypRuleAction.
    RuleAction(RuleAction),
    /// PtypBinary.
    Binary(Vec<u8>),
    /// PtypObject / PtypEmbeddedTable: COUNT-prefixed bytes.
    Object(Vec<u8>),
    /// PtypMultipleInteger16.
    MultipleInteger16(Vec<i16>),
    /// PtypMultipleInteger32.
    MultipleInteger32(Vec<i32>),
    /// PtypMultipleFloating32.
    MultipleFloating32(Vec<f32>),
    /// PtypMultipleFloating64.
    MultipleFloating64(Vec<f64>),
    /// PtypMultipleCurrency.
    MultipleCurrency(Vec<i64>),
    /// PtypMultipleFloatingTime.
    MultipleFloatingTime(Vec<f64>),
    /// PtypMultipleInteger64.
    MultipleInteger64(Vec<i64>),
    /// PtypMultipleString.
    MultipleString(Vec<WString>),
    /// PtypMultipleString8.
    MultipleString8(Vec<AString>),
    /// PtypMultipleTime.
    MultipleTime(Vec<u64>),
    /// PtypMultipleGuid.
    MultipleGuid(Vec<Guid>),
    /// PtypMultipleBinary.
    MultipleBinary(Vec<Vec<u8>>),
}

fn read_count(r: &mut Reader<'_>, w: CountWidth, what: &'static str) -> Result<usize> {
    Ok(match w {
        CountWidth::U16 => r.u16(what)? as usize,
        CountWidth::U32 => r.u32(what)? as usize,
    })
}

pub(crate) fn write_count(
    out: &mut Vec<u8>,
    w: CountWidth,
    n: usize,
    what: &'static str,
) -> Result<()> {
    match w {
        CountWidth::U16 => out.put_u16(len_u16(n, what)?),
        CountWidth::U32 => out.put_u32(len_u32(n, what)?),
    }
    Ok(())
}

pub(crate) fn read_count_pub(
    r: &mut Reader<'_>,
    w: CountWidth,
    what: &'static str,
) -> Result<usize> {
    read_count(r, w, what)
}

fn read_bytes(r: &mut Reader<'_>, w: CountWidth, what: &'static str) -> Result<Vec<u8>> {
    let n = read_count(r, w, what)?;
    Ok(r.take(n, what)?.to_vec())
}

fn write_bytes(out: &mut Vec<u8>, w: CountWidth, b: &[u8], what: &'static str) -> Result<()> {
    write_count(out, w, b.len(), what)?;
    out.extend_from_slice(b);
    Ok(())
}

fn read_mv<T>(
    r: &mut Reader<'_>,
    enc: Encoding,
    min: usize,
    mut f: impl FnMut(&mut Reader<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let n = read_count(r, enc.value_count, "multi-value count")?;
    r.check_count(n, min, "multi-value count")?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(f(r)?);
    }
    Ok(v)
}

fn write_mv<T>(
    out: &mut Vec<u8>,
    enc: Encoding,
    v: &[T],
    mut f: impl FnMut(&T, &mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    write_count(out, enc.value_count, v.len(), "multi-value count")?;
    for x in v {
        f(x, out)?;
    }
    Ok(())
}

impl PropertyValue {
    /// The property type this variant encodes.
    pub fn prop_type(&self) -> u16 {
        use PropertyValue::*;
        match self {
            Null => ptype::NULL,
            Integer16(_) => ptype::INTEGER16,
            Integer32(_) => ptype::INTEGER32,
            Floating32(_) => ptype::FLOATING32,
            Floating64(_) => ptype::FLOATING64,
            Currency(_) => ptype::CURRENCY,
            FloatingTime(_) => ptype::FLOATING_TIME,
            ErrorCode(_) => ptype::ERROR_CODE,
            Boolean(_) => ptype::BOOLEAN,
            Integer64(_) => ptype::INTEGER64,
            String(_) => ptype::STRING,
            String8(_) => ptype::STRING8,
            Time(_) => ptype::TIME,
            Guid(_) => ptype::GUID,
            ServerId(_) => ptype::SERVER_ID,
            Restriction(_) => ptype::RESTRICTION,
            RuleAction(_) => ptype::RULE_ACTION,
            Binary(_) => ptype::BINARY,
            Object(_) => ptype::OBJECT,
            MultipleInteger16(_) => ptype::MULTIPLE_INTEGER16,
            MultipleInteger32(_) => ptype::MULTIPLE_INTEGER32,
            MultipleFloating32(_) => ptype::MULTIPLE_FLOATING32,
            MultipleFloating64(_) => ptype::MULTIPLE_FLOATING64,
            MultipleCurrency(_) => ptype::MULTIPLE_CURRENCY,
            MultipleFloatingTime(_) => ptype::MULTIPLE_FLOATING_TIME,
            MultipleInteger64(_) => ptype::MULTIPLE_INTEGER64,
            MultipleString(_) => ptype::MULTIPLE_STRING,
            MultipleString8(_) => ptype::MULTIPLE_STRING8,
            MultipleTime(_) => ptype::MULTIPLE_TIME,
            MultipleGuid(_) => ptype::MULTIPLE_GUID,
            MultipleBinary(_) => ptype::MULTIPLE_BINARY,
        }
    }

    /// Decodes a value of type `prop_type`.
    pub fn read(r: &mut Reader<'_>, prop_type: u16, enc: Encoding) -> Result<Self> {
        Self::read_depth(r, prop_type, enc, 0)
    }

    pub(crate) fn read_depth(
        r: &mut Reader<'_>,
        prop_type: u16,
        enc: Encoding,
        depth: usize,
    ) -> Result<Self> {
        use PropertyValue as V;
        let off = r.offset();
        Ok(match prop_type {
            ptype::NULL => V::Null,
            ptype::INTEGER16 => V::Integer16(r.u16("PtypInteger16")? as i16),
            ptype::INTEGER32 => V::Integer32(r.u32("PtypInteger32")? as i32),
            ptype::FLOATING32 => V::Floating32(f32::from_bits(r.u32("PtypFloating32")?)),
            ptype::FLOATING64 => V::Floating64(f64::from_bits(r.u64("PtypFloating64")?)),
            ptype::CURRENCY => V::Currency(r.u64("PtypCurrency")? as i64),
            ptype::FLOATING_TIME => V::FloatingTime(f64::from_bits(r.u64("PtypFloatingTime")?)),
            ptype::ERROR_CODE => V::ErrorCode(r.u32("PtypErrorCode")?),
            ptype::BOOLEAN => V::Boolean(r.u8("PtypBoolean")?),
            ptype::INTEGER64 => V::Integer64(r.u64("PtypInteger64")? as i64),
            ptype::STRING => V::String(WString::read(r, "PtypString")?),
            ptype::STRING8 => V::String8(AString::read(r, "PtypString8")?),
            ptype::TIME => V::Time(r.u64("PtypTime")?),
            ptype::GUID => V::Guid(Guid(r.array("PtypGuid")?)),
            ptype::SERVER_ID => V::ServerId(read_bytes(r, enc.byte_count, "PtypServerId")?),
            ptype::RESTRICTION => {
                V::Restriction(Box::new(Restriction::read_depth(r, enc, depth + 1)?))
            }
            ptype::RULE_ACTION => V::RuleAction(RuleAction::read_depth(r, enc, depth + 1)?),
            ptype::BINARY => V::Binary(read_bytes(r, enc.byte_count, "PtypBinary")?),
            ptype::OBJECT => V::Object(read_bytes(r, enc.byte_count, "PtypObject")?),
            ptype::MULTIPLE_INTEGER16 => {
                V::MultipleInteger16(read_mv(r, enc, 2, |r| Ok(r.u16("value")? as i16))?)
            }
            ptype::MULTIPLE_INTEGER32 => {
                V::MultipleInteger32(read_mv(r, enc, 4, |r| Ok(r.u32("value")? as i32))?)
            }
            ptype::MULTIPLE_FLOATING32 => {
                V::MultipleFloating32(read_mv(r, enc, 4, |r| Ok(f32::from_bits(r.u32("value")?)))?)
            }
            ptype::MULTIPLE_FLOATING64 => {
                V::MultipleFloating64(read_mv(r, enc, 8, |r| Ok(f64::from_bits(r.u64("value")?)))?)
            }
            ptype::MULTIPLE_CURRENCY => {
                V::MultipleCurrency(read_mv(r, enc, 8, |r| Ok(r.u64("value")? as i64))?)
            }
            ptype::MULTIPLE_FLOATING_TIME => V::MultipleFloatingTime(read_mv(r, enc, 8, |r| {
                Ok(f64::from_bits(r.u64("value")?))
            })?),
            ptype::MULTIPLE_INTEGER64 => {
                V::MultipleInteger64(read_mv(r, enc, 8, |r| Ok(r.u64("value")? as i64))?)
            }
            ptype::MULTIPLE_STRING => {
                V::MultipleString(read_mv(r, enc, 2, |r| WString::read(r, "value"))?)
            }
            ptype::MULTIPLE_STRING8 => {
                V::MultipleString8(read_mv(r, enc, 1, |r| AString::read(r, "value"))?)
            }
            ptype::MULTIPLE_TIME => V::MultipleTime(read_mv(r, enc, 8, |r| r.u64("value"))?),
            ptype::MULTIPLE_GUID => {
                V::MultipleGuid(read_mv(r, enc, 16, |r| Ok(Guid(r.array("value")?)))?)
            }
            ptype::MULTIPLE_BINARY => {
                let min = match enc.byte_count {
                    CountWidth::U16 => 2,
                    CountWidth::U32 => 4,
                };
                V::MultipleBinary(read_mv(r, enc, min, |r| {
                    read_bytes(r, enc.byte_count, "value")
                })?)
            }
            other => {
                return Err(RopError::UnknownPropertyType {
                    prop_type: other,
                    offset: off,
                })
            }
        })
    }

    /// Encodes the value (without its type).
    pub fn write(&self, out: &mut Vec<u8>, enc: Encoding) -> Result<()> {
        use PropertyValue as V;
        match self {
            V::Null => {}
            V::Integer16(v) => out.put_u16(*v as u16),
            V::Integer32(v) => out.put_u32(*v as u32),
            V::Floating32(v) => out.put_u32(v.to_bits()),
            V::Floating64(v) | V::FloatingTime(v) => out.put_u64(v.to_bits()),
            V::Currency(v) | V::Integer64(v) => out.put_u64(*v as u64),
            V::ErrorCode(v) => out.put_u32(*v),
            V::Boolean(v) => out.put_u8(*v),
            V::String(s) => s.write(out)?,
            V::String8(s) => s.write(out)?,
            V::Time(v) => out.put_u64(*v),
            V::Guid(g) => out.extend_from_slice(&g.0),
            V::ServerId(b) => write_bytes(out, enc.byte_count, b, "PtypServerId")?,
            V::Restriction(x) => x.write(out, enc)?,
            V::RuleAction(a) => a.write(out, enc)?,
            V::Binary(b) => write_bytes(out, enc.byte_count, b, "PtypBinary")?,
            V::Object(b) => write_bytes(out, enc.byte_count, b, "PtypObject")?,
            V::MultipleInteger16(v) => write_mv(out, enc, v, |x, o| {
                o.put_u16(*x as u16);
                Ok(())
            })?,
            V::MultipleInteger32(v) => write_mv(out, enc, v, |x, o| {
                o.put_u32(*x as u32);
                Ok(())
            })?,
            V::MultipleFloating32(v) => write_mv(out, enc, v, |x, o| {
                o.put_u32(x.to_bits());
                Ok(())
            })?,
            V::MultipleFloating64(v) | V::MultipleFloatingTime(v) => {
                write_mv(out, enc, v, |x, o| {
                    o.put_u64(x.to_bits());
                    Ok(())
                })?
            }
            V::MultipleCurrency(v) | V::MultipleInteger64(v) => write_mv(out, enc, v, |x, o| {
                o.put_u64(*x as u64);
                Ok(())
            })?,
            V::MultipleString(v) => write_mv(out, enc, v, |x, o| x.write(o))?,
            V::MultipleString8(v) => write_mv(out, enc, v, |x, o| x.write(o))?,
            V::MultipleTime(v) => write_mv(out, enc, v, |x, o| {
                o.put_u64(*x);
                Ok(())
            })?,
            V::MultipleGuid(v) => write_mv(out, enc, v, |x, o| {
                o.extend_from_slice(&x.0);
                Ok(())
            })?,
            V::MultipleBinary(v) => write_mv(out, enc, v, |x, o| {
                write_bytes(o, enc.byte_count, x, "value")
            })?,
        }
        Ok(())
    }
}

impl From<&str> for PropertyValue {
    fn from(s: &str) -> Self {
        PropertyValue::String(WString::from(s))
    }
}
