//! The address book types of MAPI over HTTP (MS-OXCMAPIHTTP 2.2.1): the same property values,
//! tags and STAT as the NDR calls, in a plain little-endian encoding with `HasValue` and
//! flag octets instead of pointers. The request and response bodies that carry them belong
//! to the MAPI over HTTP crate; the [STAT](crate::Stat), [FlatUID](crate::FlatUid) and
//! [FILETIME](crate::FileTime) types are shared with the NDR side, and
//! [`AbValue::from_ndr`] maps an NDR value to this form.
//!
//! Counts (`COUNT` in MS-OXCDATA 2.11.1.1) are 32 bits wide in this context.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::proptag::ptyp;
use crate::stat::{FileTime, FlatUid};
use crate::value::PropValue;

/// A little-endian cursor over a body.
#[derive(Debug, Clone)]
pub struct LeReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> LeReader<'a> {
    /// A cursor at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        LeReader { data, pos: 0 }
    }

    /// Offset of the next octet.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Octets left.
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// Takes `n` octets.
    pub fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(Error::Truncated {
                what,
                offset: self.pos,
                needed: n - self.remaining(),
            });
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.bytes(N, what)?);
        Ok(a)
    }

    /// One octet.
    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    /// A little-endian `u16`.
    pub fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    /// A little-endian `u32`.
    pub fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    /// A little-endian `u64`.
    pub fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    /// A 32-bit count of items at least `min_size` octets each, checked against the input.
    pub fn count(&mut self, min_size: usize, what: &'static str) -> Result<usize> {
        let at = self.pos;
        let n = self.u32(what)?;
        let limit = (self.remaining() / min_size.max(1)) as u64;
        if u64::from(n) > limit {
            return Err(Error::CountTooLarge {
                what,
                offset: at,
                count: n.into(),
                limit,
            });
        }
        Ok(n as usize)
    }

    /// A NUL-terminated 8-bit string; returns the octets before the NUL.
    pub fn cstr(&mut self, what: &'static str) -> Result<&'a [u8]> {
        let rest = &self.data[self.pos..];
        let end = rest.iter().position(|&b| b == 0).ok_or(Error::Truncated {
            what,
            offset: self.data.len(),
            needed: 1,
        })?;
        self.pos += end + 1;
        Ok(&rest[..end])
    }

    /// A NUL-terminated UTF-16LE string; returns the octets before the NUL.
    pub fn wstr(&mut self, what: &'static str) -> Result<&'a [u8]> {
        let rest = &self.data[self.pos..];
        let end = rest
            .chunks_exact(2)
            .position(|c| c == [0, 0])
            .ok_or(Error::Truncated {
                what,
                offset: self.data.len(),
                needed: 2,
            })?;
        self.pos += end * 2 + 2;
        Ok(&rest[..end * 2])
    }
}

/// A property value as MS-OXCDATA 2.11.2.1 encodes it, for the types address book bodies carry.
#[derive(Debug, Clone, PartialEq)]
pub enum AbValue<'a> {
    /// PtypNull: no octets.
    Null,
    /// PtypInteger16.
    I16(i16),
    /// PtypInteger32.
    I32(i32),
    /// PtypFloating32.
    F32(f32),
    /// PtypFloating64.
    F64(f64),
    /// PtypCurrency.
    Currency(i64),
    /// PtypFloatingTime.
    FloatingTime(f64),
    /// PtypErrorCode.
    Error(u32),
    /// PtypBoolean (one octet).
    Bool(u8),
    /// PtypInteger64.
    I64(i64),
    /// PtypString8: the octets before the NUL.
    String8(Cow<'a, [u8]>),
    /// PtypString: UTF-16LE octets before the NUL.
    Unicode(Cow<'a, [u8]>),
    /// PtypTime.
    Time(FileTime),
    /// PtypGuid.
    Guid(FlatUid),
    /// PtypServerId or PtypBinary: the octets after the 32-bit count.
    Binary(Cow<'a, [u8]>),
    /// A multi-valued type: the type and its elements (each a single-valued `AbValue`).
    Multiple(u16, Vec<AbValue<'a>>),
}

/// Whether a `HasValue` octet precedes values of `ty` (MS-OXCMAPIHTTP 2.2.1.1).
pub fn has_value_prefix(ty: u16) -> bool {
    matches!(ty, ptyp::STRING | ptyp::STRING8 | ptyp::BINARY) || ty & ptyp::MV != 0
}

impl<'a> AbValue<'a> {
    /// Reads a value of type `ty`.
    pub fn read(r: &mut LeReader<'a>, ty: u16) -> Result<Self> {
        if ty & ptyp::MV != 0 {
            let base = ty & !ptyp::MV;
            let min = match base {
                ptyp::INTEGER16 => 2,
                ptyp::INTEGER32 | ptyp::FLOATING32 => 4,
                ptyp::STRING8 => 1,
                ptyp::STRING => 2,
                ptyp::GUID => 16,
                ptyp::BINARY => 4,
                _ => 8,
            };
            let at = r.position();
            let n = r.count(min, "multi-valued property count")?;
            if base & ptyp::MV != 0 || base == ptyp::NULL {
                return Err(Error::Unsupported {
                    what: "property type",
                    offset: at,
                    value: ty.into(),
                });
            }
            let mut v = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                v.push(Self::read(r, base)?);
            }
            return Ok(AbValue::Multiple(ty, v));
        }
        let at = r.position();
        Ok(match ty {
            ptyp::NULL => AbValue::Null,
            ptyp::INTEGER16 => AbValue::I16(r.u16("PtypInteger16")? as i16),
            ptyp::INTEGER32 => AbValue::I32(r.u32("PtypInteger32")? as i32),
            ptyp::FLOATING32 => AbValue::F32(f32::from_bits(r.u32("PtypFloating32")?)),
            ptyp::FLOATING64 => AbValue::F64(f64::from_bits(r.u64("PtypFloating64")?)),
            ptyp::CURRENCY => AbValue::Currency(r.u64("PtypCurrency")? as i64),
            ptyp::FLOATING_TIME => {
                AbValue::FloatingTime(f64::from_bits(r.u64("PtypFloatingTime")?))
            }
            ptyp::ERROR_CODE => AbValue::Error(r.u32("PtypErrorCode")?),
            ptyp::BOOLEAN => AbValue::Bool(r.u8("PtypBoolean")?),
            ptyp::INTEGER64 => AbValue::I64(r.u64("PtypInteger64")? as i64),
            ptyp::STRING8 => AbValue::String8(Cow::Borrowed(r.cstr("PtypString8")?)),
            ptyp::STRING => AbValue::Unicode(Cow::Borrowed(r.wstr("PtypString")?)),
            ptyp::TIME => AbValue::Time(FileTime::from_value(r.u64("PtypTime")?)),
            ptyp::GUID => {
                let mut g = [0u8; 16];
                g.copy_from_slice(r.bytes(16, "PtypGuid")?);
                AbValue::Guid(FlatUid(g))
            }
            ptyp::BINARY | ptyp::SERVER_ID => {
                let n = r.count(1, "PtypBinary count")?;
                AbValue::Binary(Cow::Borrowed(r.bytes(n, "PtypBinary")?))
            }
            _ => {
                return Err(Error::Unsupported {
                    what: "property type",
                    offset: at,
                    value: ty.into(),
                })
            }
        })
    }

    /// Appends the value (without any `HasValue` octet).
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            AbValue::Null => {}
            AbValue::I16(v) => out.extend_from_slice(&v.to_le_bytes()),
            AbValue::I32(v) => out.extend_from_slice(&v.to_le_bytes()),
            AbValue::F32(v) => out.extend_from_slice(&v.to_bits().to_le_bytes()),
            AbValue::F64(v) | AbValue::FloatingTime(v) => {
                out.extend_from_slice(&v.to_bits().to_le_bytes())
            }
            AbValue::Currency(v) | AbValue::I64(v) => out.extend_from_slice(&v.to_le_bytes()),
            AbValue::Error(v) => out.extend_from_slice(&v.to_le_bytes()),
            AbValue::Bool(v) => out.push(*v),
            AbValue::String8(s) => {
                out.extend_from_slice(s);
                out.push(0);
            }
            AbValue::Unicode(s) => {
                out.extend_from_slice(s);
                out.extend_from_slice(&[0, 0]);
            }
            AbValue::Time(t) => out.extend_from_slice(&t.value().to_le_bytes()),
            AbValue::Guid(g) => out.extend_from_slice(&g.0),
            AbValue::Binary(b) => {
                let n = u32::try_from(b.len()).map_err(|_| Error::Unencodable {
                    what: "PtypBinary count",
                })?;
                out.extend_from_slice(&n.to_le_bytes());
                out.extend_from_slice(b);
            }
            AbValue::Multiple(_, items) => {
                let n = u32::try_from(items.len()).map_err(|_| Error::Unencodable {
                    what: "multi-valued property count",
                })?;
                out.extend_from_slice(&n.to_le_bytes());
                for i in items {
                    i.write(out)?;
                }
            }
        }
        Ok(())
    }

    /// The same value as an NDR `PROP_VAL_UNION` arm carries it, for the arms that have an
    /// address book form (every arm except the reserved ones).
    pub fn from_ndr(v: &PropValue<'a>) -> Option<AbValue<'a>> {
        fn bin<'b>(b: &crate::value::Binary<'b>) -> AbValue<'b> {
            AbValue::Binary(Cow::Borrowed(b.data()))
        }
        fn s8<'b>(s: &oxwire_msrpc::ndr::Unique<crate::AnsiStr<'b>>) -> Option<AbValue<'b>> {
            s.get()
                .map(|s| AbValue::String8(Cow::Owned(s.text().to_vec())))
        }
        fn s16<'b>(s: &oxwire_msrpc::ndr::Unique<crate::Utf16Str<'b>>) -> Option<AbValue<'b>> {
            s.get().map(|s| {
                AbValue::Unicode(Cow::Owned(
                    s.text_units().flat_map(u16::to_le_bytes).collect(),
                ))
            })
        }
        Some(match v {
            PropValue::I16(x) => AbValue::I16(*x),
            PropValue::I32(x) => AbValue::I32(*x),
            PropValue::Bool(x) => AbValue::Bool(*x as u8),
            PropValue::String8(s) => s8(s)?,
            PropValue::Binary(b) => bin(b),
            PropValue::Unicode(s) => s16(s)?,
            PropValue::Guid(g) => AbValue::Guid(*g.get()?),
            PropValue::Time(t) => AbValue::Time(*t),
            PropValue::Error(e) => AbValue::Error(*e as u32),
            PropValue::MvI16(a) => AbValue::Multiple(
                0x1002,
                a.as_slice().iter().map(|x| AbValue::I16(*x)).collect(),
            ),
            PropValue::MvI32(a) => AbValue::Multiple(
                0x1003,
                a.as_slice().iter().map(|x| AbValue::I32(*x)).collect(),
            ),
            PropValue::MvString8(a) => {
                AbValue::Multiple(0x101E, a.as_slice().iter().filter_map(s8).collect())
            }
            PropValue::MvBinary(a) => {
                AbValue::Multiple(0x1102, a.as_slice().iter().map(bin).collect())
            }
            PropValue::MvGuid(a) => AbValue::Multiple(
                0x1048,
                a.as_slice()
                    .iter()
                    .filter_map(|g| g.get().map(|g| AbValue::Guid(*g)))
                    .collect(),
            ),
            PropValue::MvUnicode(a) => {
                AbValue::Multiple(0x101F, a.as_slice().iter().filter_map(s16).collect())
            }
            PropValue::MvTime(a) => AbValue::Multiple(
                0x1040,
                a.as_slice().iter().map(|t| AbValue::Time(*t)).collect(),
            ),
            PropValue::Reserved { .. } => return None,
        })
    }
}

/// `AddressBookPropertyValue` (2.2.1.1): a value, preceded by `HasValue` for strings, binaries
/// and multi-valued types. `value` is `None` when `HasValue` is zero.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressBookPropertyValue<'a> {
    /// `HasValue` as sent, for the types that have it.
    pub has_value: Option<u8>,
    /// The value.
    pub value: Option<AbValue<'a>>,
}

impl<'a> AddressBookPropertyValue<'a> {
    /// A present value of type `ty`.
    pub fn new(ty: u16, value: AbValue<'a>) -> Self {
        AddressBookPropertyValue {
            has_value: has_value_prefix(ty).then_some(0xFF),
            value: Some(value),
        }
    }

    /// Reads a value whose type `ty` the context gives.
    pub fn read(r: &mut LeReader<'a>, ty: u16) -> Result<Self> {
        if has_value_prefix(ty) {
            let h = r.u8("AddressBookPropertyValue.HasValue")?;
            let value = if h != 0 {
                Some(AbValue::read(r, ty)?)
            } else {
                None
            };
            Ok(AddressBookPropertyValue {
                has_value: Some(h),
                value,
            })
        } else {
            Ok(AddressBookPropertyValue {
                has_value: None,
                value: Some(AbValue::read(r, ty)?),
            })
        }
    }

    /// Appends the encoding.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(h) = self.has_value {
            out.push(h);
        }
        match &self.value {
            Some(v) => v.write(out),
            None => Ok(()),
        }
    }
}

/// `AddressBookTaggedPropertyValue` (2.2.1.2): a property tag (type then id) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressBookTaggedPropertyValue<'a> {
    /// The property tag (`id << 16 | type`).
    pub prop_tag: u32,
    /// The value.
    pub value: AddressBookPropertyValue<'a>,
}

impl<'a> AddressBookTaggedPropertyValue<'a> {
    /// Reads one tagged value.
    pub fn read(r: &mut LeReader<'a>) -> Result<Self> {
        let ty = r.u16("AddressBookTaggedPropertyValue.PropertyType")?;
        let id = r.u16("AddressBookTaggedPropertyValue.PropertyId")?;
        Ok(AddressBookTaggedPropertyValue {
            prop_tag: (u32::from(id) << 16) | u32::from(ty),
            value: AddressBookPropertyValue::read(r, ty)?,
        })
    }

    /// Appends the encoding.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&(self.prop_tag as u16).to_le_bytes());
        out.extend_from_slice(&((self.prop_tag >> 16) as u16).to_le_bytes());
        self.value.write(out)
    }
}

/// `AddressBookPropertyValueList` (2.2.1.3): a 32-bit count of tagged values.
pub fn read_value_list<'a>(
    r: &mut LeReader<'a>,
) -> Result<Vec<AddressBookTaggedPropertyValue<'a>>> {
    let n = r.count(4, "AddressBookPropertyValueList.PropertyValueCount")?;
    let mut v = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        v.push(AddressBookTaggedPropertyValue::read(r)?);
    }
    Ok(v)
}

/// Appends an `AddressBookPropertyValueList`.
pub fn write_value_list(
    values: &[AddressBookTaggedPropertyValue<'_>],
    out: &mut Vec<u8>,
) -> Result<()> {
    let n = u32::try_from(values.len()).map_err(|_| Error::Unencodable {
        what: "AddressBookPropertyValueList.PropertyValueCount",
    })?;
    out.extend_from_slice(&n.to_le_bytes());
    values.iter().try_for_each(|v| v.write(out))
}

/// `LargePropertyTagArray` (MS-OXCDATA 2.10.1): a 32-bit count of property tags.
pub fn read_large_tag_array(r: &mut LeReader<'_>) -> Result<Vec<u32>> {
    let n = r.count(4, "LargePropertyTagArray.PropertyTagCount")?;
    (0..n)
        .map(|_| {
            let ty = r.u16("PropertyTag.PropertyType")?;
            let id = r.u16("PropertyTag.PropertyId")?;
            Ok((u32::from(id) << 16) | u32::from(ty))
        })
        .collect()
}

/// Appends a `LargePropertyTagArray`.
pub fn write_large_tag_array(tags: &[u32], out: &mut Vec<u8>) -> Result<()> {
    let n = u32::try_from(tags.len()).map_err(|_| Error::Unencodable {
        what: "LargePropertyTagArray.PropertyTagCount",
    })?;
    out.extend_from_slice(&n.to_le_bytes());
    for t in tags {
        out.extend_from_slice(&(*t as u16).to_le_bytes());
        out.extend_from_slice(&((*t >> 16) as u16).to_le_bytes());
    }
    Ok(())
}

/// One column of an [`AddressBookPropertyRow`].
#[derive(Debug, Clone, PartialEq)]
pub enum AbRowValue<'a> {
    /// `AddressBookPropertyValue` (row flag 0, column type known).
    Plain(AddressBookPropertyValue<'a>),
    /// `AddressBookTypedPropertyValue` (2.2.1.4: row flag 0, column type PtypUnspecified).
    Typed(u16, AddressBookPropertyValue<'a>),
    /// `AddressBookFlaggedPropertyValue` (2.2.1.5: row flag 1, column type known): flag 0 value,
    /// 1 absent, 0xA error code.
    Flagged(u8, Option<AddressBookPropertyValue<'a>>),
    /// `AddressBookFlaggedPropertyValueWithType` (2.2.1.6: row flag 1, PtypUnspecified).
    FlaggedWithType(u16, u8, Option<AddressBookPropertyValue<'a>>),
}

/// `AddressBookPropertyRow` (2.2.1.7): a flag octet and one value per column of the
/// `LargePropertyTagArray` that the context supplies.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressBookPropertyRow<'a> {
    /// `Flags`: 0 plain values, 1 flagged values.
    pub flags: u8,
    /// One value per column.
    pub values: Vec<AbRowValue<'a>>,
}

fn read_flagged<'a>(
    r: &mut LeReader<'a>,
    ty: u16,
) -> Result<(u8, Option<AddressBookPropertyValue<'a>>)> {
    let at = r.position();
    let flag = r.u8("AddressBookFlaggedPropertyValue.Flag")?;
    let v = match flag {
        0x0 => Some(AddressBookPropertyValue::read(r, ty)?),
        0x1 => None,
        0xA => Some(AddressBookPropertyValue::read(r, ptyp::ERROR_CODE)?),
        f => {
            return Err(Error::Unsupported {
                what: "AddressBookFlaggedPropertyValue.Flag",
                offset: at,
                value: f.into(),
            })
        }
    };
    Ok((flag, v))
}

impl<'a> AddressBookPropertyRow<'a> {
    /// Reads a row whose columns are `columns`.
    pub fn read(r: &mut LeReader<'a>, columns: &[u32]) -> Result<Self> {
        let at = r.position();
        let flags = r.u8("AddressBookPropertyRow.Flags")?;
        if flags > 1 {
            return Err(Error::Unsupported {
                what: "AddressBookPropertyRow.Flags",
                offset: at,
                value: flags.into(),
            });
        }
        let mut values = Vec::with_capacity(columns.len().min(1024));
        for &tag in columns {
            let ty = tag as u16;
            let unspecified = ty == ptyp::UNSPECIFIED;
            values.push(match (flags, unspecified) {
                (0, false) => AbRowValue::Plain(AddressBookPropertyValue::read(r, ty)?),
                (0, true) => {
                    let t = r.u16("AddressBookTypedPropertyValue.PropertyType")?;
                    AbRowValue::Typed(t, AddressBookPropertyValue::read(r, t)?)
                }
                (_, false) => {
                    let (f, v) = read_flagged(r, ty)?;
                    AbRowValue::Flagged(f, v)
                }
                (_, true) => {
                    let t = r.u16("AddressBookFlaggedPropertyValueWithType.PropertyType")?;
                    let (f, v) = read_flagged(r, t)?;
                    AbRowValue::FlaggedWithType(t, f, v)
                }
            });
        }
        Ok(AddressBookPropertyRow { flags, values })
    }

    /// Appends the encoding.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.push(self.flags);
        for v in &self.values {
            match v {
                AbRowValue::Plain(v) => v.write(out)?,
                AbRowValue::Typed(t, v) => {
                    out.extend_from_slice(&t.to_le_bytes());
                    v.write(out)?;
                }
                AbRowValue::Flagged(f, v) => {
                    out.push(*f);
                    if let Some(v) = v {
                        v.write(out)?;
                    }
                }
                AbRowValue::FlaggedWithType(t, f, v) => {
                    out.extend_from_slice(&t.to_le_bytes());
                    out.push(*f);
                    if let Some(v) = v {
                        v.write(out)?;
                    }
                }
            }
        }
        Ok(())
    }
}
