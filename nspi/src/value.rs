//! Property values: `PropertyValue_r` and its `PROP_VAL_UNION` with every arm of MS-NSPI
//! 2.3.1.11, including the multi-valued array structures (2.3.1.3 - 2.3.1.10).

use oxwire_msrpc::ndr::{
    ConformantArray, ConformantBytes, Discriminant, NdrDecode, NdrEncode, NdrReader, NdrWriter,
    UnionLayout, Unique,
};

use crate::stat::{FileTime, FlatUid};
use crate::strings::{AnsiStr, Utf16Str};

type NdrResult<T> = oxwire_msrpc::ndr::Result<T>;

/// Alignment of a structure holding a `DWORD` and a pointer: 4 in NDR20, 8 in NDR64.
pub(crate) fn ptr_align(syntax: oxwire_msrpc::ndr::NdrSyntax) -> usize {
    syntax.pointer_align()
}

/// `Binary_r`: `cb` and a unique pointer to `cb` octets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Binary<'a> {
    /// `cb` as sent.
    pub cb: u32,
    /// The octets (borrowed from the stub when decoded).
    pub lpb: Unique<ConformantBytes<'a>>,
}

impl<'a> Binary<'a> {
    /// A value holding `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Binary {
            cb: data.len() as u32,
            lpb: Unique::some(ConformantBytes(data)),
        }
    }

    /// The octets, empty when the pointer is null.
    pub fn data(&self) -> &'a [u8] {
        self.lpb.get().map(|b| b.0).unwrap_or(&[])
    }
}

impl<'a> NdrDecode<'a> for Binary<'a> {
    const MIN_WIRE_SIZE: usize = 8;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        r.align(ptr_align(r.syntax()))?;
        let cb = r.u32()?;
        let lpb = r.read()?;
        r.struct_end(8)?;
        Ok(Binary { cb, lpb })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        self.lpb.decode_deferred(r)
    }
}

impl NdrEncode for Binary<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.align(ptr_align(w.syntax()));
        w.u32(self.cb);
        self.lpb.encode_inline(w)?;
        w.struct_end(8);
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        self.lpb.encode_deferred(w)
    }
}

/// The multi-valued array structures: `cValues` and a unique pointer to `cValues` elements
/// (`ShortArray_r`, `LongArray_r`, `StringArray_r`, `BinaryArray_r`, `FlatUIDArray_r`,
/// `WStringArray_r`, `DateTimeArray_r`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MvArray<T> {
    /// `cValues` as sent.
    pub c_values: u32,
    /// The elements.
    pub items: Unique<ConformantArray<T>>,
}

impl<T> MvArray<T> {
    /// An array of `items`.
    pub fn new(items: Vec<T>) -> Self {
        MvArray {
            c_values: items.len() as u32,
            items: Unique::some(ConformantArray(items)),
        }
    }

    /// The elements, empty when the pointer is null.
    pub fn as_slice(&self) -> &[T] {
        self.items.get().map(|a| a.0.as_slice()).unwrap_or(&[])
    }
}

impl<'a, T: NdrDecode<'a>> NdrDecode<'a> for MvArray<T> {
    const MIN_WIRE_SIZE: usize = 8;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        r.align(ptr_align(r.syntax()))?;
        let c_values = r.u32()?;
        let items = r.read()?;
        r.struct_end(8)?;
        Ok(MvArray { c_values, items })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        self.items.decode_deferred(r)
    }
}

impl<T: NdrEncode> NdrEncode for MvArray<T> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.align(ptr_align(w.syntax()));
        w.u32(self.c_values);
        self.items.encode_inline(w)?;
        w.struct_end(8);
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        self.items.encode_deferred(w)
    }
}

/// `ShortArray_r`.
pub type ShortArray = MvArray<i16>;
/// `LongArray_r`.
pub type LongArray = MvArray<i32>;
/// `StringArray_r`: pointers to 8-bit strings.
pub type StringArray<'a> = MvArray<Unique<AnsiStr<'a>>>;
/// `BinaryArray_r`.
pub type BinaryArray<'a> = MvArray<Binary<'a>>;
/// `FlatUIDArray_r`: pointers to FlatUIDs.
pub type FlatUidArray = MvArray<Unique<FlatUid>>;
/// `WStringArray_r`: pointers to UTF-16 strings.
pub type WStringArray<'a> = MvArray<Unique<Utf16Str<'a>>>;
/// `DateTimeArray_r`.
pub type DateTimeArray = MvArray<FileTime>;

/// One arm of `PROP_VAL_UNION`, selected by the property type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropValue<'a> {
    /// 0x0002 PtypInteger16.
    I16(i16),
    /// 0x0003 PtypInteger32.
    I32(i32),
    /// 0x000B PtypBoolean (`unsigned short`, 0 or 1).
    Bool(u16),
    /// 0x001E PtypString8.
    String8(Unique<AnsiStr<'a>>),
    /// 0x0102 PtypBinary.
    Binary(Binary<'a>),
    /// 0x001F PtypString.
    Unicode(Unique<Utf16Str<'a>>),
    /// 0x0048 PtypGuid.
    Guid(Unique<FlatUid>),
    /// 0x0040 PtypTime.
    Time(FileTime),
    /// 0x000A PtypErrorCode.
    Error(i32),
    /// 0x1002 PtypMultipleInteger16.
    MvI16(ShortArray),
    /// 0x1003 PtypMultipleInteger32.
    MvI32(LongArray),
    /// 0x101E PtypMultipleString8.
    MvString8(StringArray<'a>),
    /// 0x1102 PtypMultipleBinary.
    MvBinary(BinaryArray<'a>),
    /// 0x1048 PtypMultipleGuid.
    MvGuid(FlatUidArray),
    /// 0x101F PtypMultipleString.
    MvUnicode(WStringArray<'a>),
    /// 0x1040 PtypMultipleTime.
    MvTime(DateTimeArray),
    /// 0x0001 PtypNull or 0x000D PtypEmbeddedTable: a reserved `long`.
    Reserved {
        /// The discriminant (0x0001 or 0x000D).
        discriminant: u32,
        /// `lReserved`.
        value: i32,
    },
}

/// `PROP_VAL_UNION`: `switch_type(long)`, arms aligned to at most 4 (NDR20) or 8 (NDR64).
pub const PROP_VAL_UNION: UnionLayout = UnionLayout::new(Discriminant::U32, 4, 8);

impl PropValue<'_> {
    /// The union discriminant (the property type) of this arm.
    pub fn discriminant(&self) -> u32 {
        match self {
            PropValue::I16(_) => 0x0002,
            PropValue::I32(_) => 0x0003,
            PropValue::Bool(_) => 0x000B,
            PropValue::String8(_) => 0x001E,
            PropValue::Binary(_) => 0x0102,
            PropValue::Unicode(_) => 0x001F,
            PropValue::Guid(_) => 0x0048,
            PropValue::Time(_) => 0x0040,
            PropValue::Error(_) => 0x000A,
            PropValue::MvI16(_) => 0x1002,
            PropValue::MvI32(_) => 0x1003,
            PropValue::MvString8(_) => 0x101E,
            PropValue::MvBinary(_) => 0x1102,
            PropValue::MvGuid(_) => 0x1048,
            PropValue::MvUnicode(_) => 0x101F,
            PropValue::MvTime(_) => 0x1040,
            PropValue::Reserved { discriminant, .. } => *discriminant,
        }
    }
}

impl<'a> NdrDecode<'a> for PropValue<'a> {
    const MIN_WIRE_SIZE: usize = 6;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        let d = r.union_discriminant(&PROP_VAL_UNION)?;
        Ok(match d {
            0x0002 => PropValue::I16(r.i16()?),
            0x0003 => PropValue::I32(r.i32()?),
            0x000B => PropValue::Bool(r.u16()?),
            0x001E => PropValue::String8(r.read()?),
            0x0102 => PropValue::Binary(r.read()?),
            0x001F => PropValue::Unicode(r.read()?),
            0x0048 => PropValue::Guid(r.read()?),
            0x0040 => PropValue::Time(r.read()?),
            0x000A => PropValue::Error(r.i32()?),
            0x1002 => PropValue::MvI16(r.read()?),
            0x1003 => PropValue::MvI32(r.read()?),
            0x101E => PropValue::MvString8(r.read()?),
            0x1102 => PropValue::MvBinary(r.read()?),
            0x1048 => PropValue::MvGuid(r.read()?),
            0x101F => PropValue::MvUnicode(r.read()?),
            0x1040 => PropValue::MvTime(r.read()?),
            0x0001 | 0x000D => PropValue::Reserved {
                discriminant: d,
                value: r.i32()?,
            },
            _ => return Err(r.unknown_arm("PROP_VAL_UNION", d)),
        })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        match self {
            PropValue::String8(v) => v.decode_deferred(r),
            PropValue::Binary(v) => v.decode_deferred(r),
            PropValue::Unicode(v) => v.decode_deferred(r),
            PropValue::Guid(v) => v.decode_deferred(r),
            PropValue::MvI16(v) => v.decode_deferred(r),
            PropValue::MvI32(v) => v.decode_deferred(r),
            PropValue::MvString8(v) => v.decode_deferred(r),
            PropValue::MvBinary(v) => v.decode_deferred(r),
            PropValue::MvGuid(v) => v.decode_deferred(r),
            PropValue::MvUnicode(v) => v.decode_deferred(r),
            PropValue::MvTime(v) => v.decode_deferred(r),
            _ => Ok(()),
        }
    }
}

impl NdrEncode for PropValue<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.union_discriminant(&PROP_VAL_UNION, self.discriminant())?;
        match self {
            PropValue::I16(v) => w.i16(*v),
            PropValue::I32(v) | PropValue::Error(v) => w.i32(*v),
            PropValue::Bool(v) => w.u16(*v),
            PropValue::String8(v) => v.encode_inline(w)?,
            PropValue::Binary(v) => v.encode_inline(w)?,
            PropValue::Unicode(v) => v.encode_inline(w)?,
            PropValue::Guid(v) => v.encode_inline(w)?,
            PropValue::Time(v) => v.encode_inline(w)?,
            PropValue::MvI16(v) => v.encode_inline(w)?,
            PropValue::MvI32(v) => v.encode_inline(w)?,
            PropValue::MvString8(v) => v.encode_inline(w)?,
            PropValue::MvBinary(v) => v.encode_inline(w)?,
            PropValue::MvGuid(v) => v.encode_inline(w)?,
            PropValue::MvUnicode(v) => v.encode_inline(w)?,
            PropValue::MvTime(v) => v.encode_inline(w)?,
            PropValue::Reserved { value, .. } => w.i32(*value),
        }
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        match self {
            PropValue::String8(v) => v.encode_deferred(w),
            PropValue::Binary(v) => v.encode_deferred(w),
            PropValue::Unicode(v) => v.encode_deferred(w),
            PropValue::Guid(v) => v.encode_deferred(w),
            PropValue::MvI16(v) => v.encode_deferred(w),
            PropValue::MvI32(v) => v.encode_deferred(w),
            PropValue::MvString8(v) => v.encode_deferred(w),
            PropValue::MvBinary(v) => v.encode_deferred(w),
            PropValue::MvGuid(v) => v.encode_deferred(w),
            PropValue::MvUnicode(v) => v.encode_deferred(w),
            PropValue::MvTime(v) => v.encode_deferred(w),
            _ => Ok(()),
        }
    }
}

/// `PropertyValue_r`: a property tag, a reserved `DWORD` and the value
/// (`switch_is(ulPropTag & 0xFFFF)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyValue<'a> {
    /// `ulPropTag`.
    pub prop_tag: u32,
    /// `ulReserved`.
    pub reserved: u32,
    /// The value. Its discriminant is sent separately and normally equals the tag's type.
    pub value: PropValue<'a>,
}

impl<'a> PropertyValue<'a> {
    /// A value for `prop_tag` with `ulReserved` 0.
    pub fn new(prop_tag: u32, value: PropValue<'a>) -> Self {
        PropertyValue {
            prop_tag,
            reserved: 0,
            value,
        }
    }
}

impl<'a> NdrDecode<'a> for PropertyValue<'a> {
    const MIN_WIRE_SIZE: usize = 14;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        r.align(ptr_align(r.syntax()))?;
        let prop_tag = r.u32()?;
        let reserved = r.u32()?;
        let value = r.read()?;
        r.struct_end(8)?;
        Ok(PropertyValue {
            prop_tag,
            reserved,
            value,
        })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        self.value.decode_deferred(r)
    }
}

impl NdrEncode for PropertyValue<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.align(ptr_align(w.syntax()));
        w.u32(self.prop_tag);
        w.u32(self.reserved);
        self.value.encode_inline(w)?;
        w.struct_end(8);
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        self.value.encode_deferred(w)
    }
}

/// `PropertyRow_r`: a reserved `DWORD`, `cValues` and a unique pointer to the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyRow<'a> {
    /// `Reserved` (`ulAdrEntryPad`).
    pub reserved: u32,
    /// `cValues` as sent.
    pub c_values: u32,
    /// The values.
    pub props: Unique<ConformantArray<PropertyValue<'a>>>,
}

impl<'a> PropertyRow<'a> {
    /// A row of `props`.
    pub fn new(props: Vec<PropertyValue<'a>>) -> Self {
        PropertyRow {
            reserved: 0,
            c_values: props.len() as u32,
            props: Unique::some(ConformantArray(props)),
        }
    }

    /// The values, empty when the pointer is null.
    pub fn values(&self) -> &[PropertyValue<'a>] {
        self.props.get().map(|a| a.0.as_slice()).unwrap_or(&[])
    }
}

impl<'a> NdrDecode<'a> for PropertyRow<'a> {
    const MIN_WIRE_SIZE: usize = 12;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        r.align(ptr_align(r.syntax()))?;
        let reserved = r.u32()?;
        let c_values = r.u32()?;
        let props = r.read()?;
        r.struct_end(8)?;
        Ok(PropertyRow {
            reserved,
            c_values,
            props,
        })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        self.props.decode_deferred(r)
    }
}

impl NdrEncode for PropertyRow<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.align(ptr_align(w.syntax()));
        w.u32(self.reserved);
        w.u32(self.c_values);
        self.props.encode_inline(w)?;
        w.struct_end(8);
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        self.props.encode_deferred(w)
    }
}

/// `PropertyRowSet_r`: `cRows` and `[size_is(cRows)] PropertyRow_r aRow[]` (a conformant
/// structure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyRowSet<'a> {
    /// `cRows` as sent.
    pub c_rows: u32,
    /// The rows.
    pub rows: ConformantArray<PropertyRow<'a>>,
}

impl<'a> PropertyRowSet<'a> {
    /// A row set of `rows`.
    pub fn new(rows: Vec<PropertyRow<'a>>) -> Self {
        PropertyRowSet {
            c_rows: rows.len() as u32,
            rows: ConformantArray(rows),
        }
    }
}

impl<'a> NdrDecode<'a> for PropertyRowSet<'a> {
    const MIN_WIRE_SIZE: usize = 8;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        let n = r.conformance()?;
        r.align(ptr_align(r.syntax()))?;
        let c_rows = r.u32()?;
        let rows = ConformantArray::decode_hoisted(r, n)?;
        r.struct_end(8)?;
        Ok(PropertyRowSet { c_rows, rows })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        self.rows.decode_deferred(r)
    }
}

impl NdrEncode for PropertyRowSet<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        w.conformance(self.rows.0.len())?;
        w.align(ptr_align(w.syntax()));
        w.u32(self.c_rows);
        self.rows.encode_hoisted(w)?;
        w.struct_end(8);
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        self.rows.encode_deferred(w)
    }
}
