//! TaggedPropertyValue, TypedPropertyValue, flagged values and PropertyRow
//! (MS-OXCDATA 2.11.2 - 2.11.5, 2.8.1), and PropertyProblem (2.7).

use super::{ptype, Encoding, PropTag, PropertyValue};
use crate::rop::reader::{Put, Reader};
use crate::rop::wire::Wire;
use crate::rop::{Result, RopError};

/// A property tag followed by a value of the tag's type (MS-OXCDATA 2.11.4).
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedPropertyValue {
    /// PropertyTag.
    pub tag: PropTag,
    /// PropertyValue.
    pub value: PropertyValue,
}

impl TaggedPropertyValue {
    /// Reads one tagged value.
    pub fn read(r: &mut Reader<'_>, enc: Encoding) -> Result<Self> {
        let tag = PropTag(r.u32("TaggedPropertyValue.PropertyTag")?);
        let value = PropertyValue::read(r, tag.prop_type(), enc)?;
        Ok(TaggedPropertyValue { tag, value })
    }
    /// Writes one tagged value.
    pub fn write(&self, out: &mut Vec<u8>, enc: Encoding) -> Result<()> {
        if self.value.prop_type() != self.tag.prop_type() {
            return Err(RopError::Unencodable {
                what: "TaggedPropertyValue",
                reason: "value variant does not match the tag's type",
            });
        }
        out.put_u32(self.tag.0);
        self.value.write(out, enc)
    }
    /// Decodes from a byte slice; returns the value and the bytes used.
    pub fn decode(b: &[u8], enc: Encoding) -> Result<(Self, usize)> {
        let mut r = Reader::new(b);
        let v = Self::read(&mut r, enc)?;
        Ok((v, r.offset()))
    }
    /// Encodes into `out`.
    pub fn encode(&self, out: &mut Vec<u8>, enc: Encoding) -> Result<()> {
        self.write(out, enc)
    }
}

impl Wire for TaggedPropertyValue {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        TaggedPropertyValue::read(r, Encoding::ROP)
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        TaggedPropertyValue::write(self, out, Encoding::ROP)
    }
}

/// A property type followed by a value of that type (MS-OXCDATA 2.11.3).
#[derive(Clone, Debug, PartialEq)]
pub struct TypedPropertyValue {
    /// PropertyType.
    pub prop_type: u16,
    /// PropertyValue.
    pub value: PropertyValue,
}

impl TypedPropertyValue {
    /// Reads one typed value.
    pub fn read(r: &mut Reader<'_>, enc: Encoding) -> Result<Self> {
        let prop_type = r.u16("TypedPropertyValue.PropertyType")?;
        let value = PropertyValue::read(r, prop_type, enc)?;
        Ok(TypedPropertyValue { prop_type, value })
    }
    /// Writes one typed value.
    pub fn write(&self, out: &mut Vec<u8>, enc: Encoding) -> Result<()> {
        out.put_u16(self.prop_type);
        self.value.write(out, enc)
    }
}

/// What a cell of a row holds.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    /// A value (flag 0x00 in flagged rows).
    Value(PropertyValue),
    /// No value (flag 0x01, flagged rows only).
    Absent,
    /// An error code instead of the value (flag 0x0A, flagged rows only).
    Error(u32),
}

/// One column of a [`PropertyRow`].
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// For columns of type PtypUnspecified the wire carries the value's type in front
    /// (TypedPropertyValue / FlaggedPropertyValueWithType); `None` for every other column.
    pub typed: Option<u16>,
    /// The cell's content.
    pub value: CellValue,
}

/// The type a column's value has on the wire: the multi-value instance bit turns a
/// multi-valued column into single values of the base type.
pub(crate) fn column_value_type(t: u16) -> u16 {
    if t & ptype::MV_INSTANCE != 0 {
        t & !(ptype::MV_INSTANCE | ptype::MULTIPLE)
    } else {
        t
    }
}

/// A PropertyRow (MS-OXCDATA 2.8.1): a flag byte (0x00 standard, 0x01 flagged) and one cell
/// per column of a column set that travels separately.
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyRow {
    /// Whether this is a FlaggedPropertyRow.
    pub flagged: bool,
    /// The cells, one per column.
    pub cells: Vec<Cell>,
}

impl PropertyRow {
    /// Reads a row laid out by `columns`.
    pub fn read(r: &mut Reader<'_>, columns: &[PropTag], enc: Encoding) -> Result<Self> {
        let off = r.offset();
        let flagged = match r.u8("PropertyRow.Flag")? {
            0 => false,
            1 => true,
            _ => {
                return Err(RopError::Invalid {
                    what: "PropertyRow.Flag",
                    offset: off,
                    reason: "neither 0x00 nor 0x01",
                })
            }
        };
        // Every cell takes at least one byte except PtypNull ones; bound the allocation by
        // the bytes present rather than by the caller's column count.
        let mut cells = Vec::with_capacity(columns.len().min(r.remaining()));
        for c in columns {
            let t = column_value_type(c.prop_type());
            let (typed, t) = if t == ptype::UNSPECIFIED {
                let t = r.u16("PropertyRow value type")?;
                (Some(t), t)
            } else {
                (None, t)
            };
            let value = if flagged {
                let foff = r.offset();
                match r.u8("FlaggedPropertyValue.Flag")? {
                    0x00 => CellValue::Value(PropertyValue::read(r, t, enc)?),
                    0x01 => CellValue::Absent,
                    0x0A => CellValue::Error(r.u32("FlaggedPropertyValue error code")?),
                    _ => {
                        return Err(RopError::Invalid {
                            what: "FlaggedPropertyValue.Flag",
                            offset: foff,
                            reason: "not 0x00, 0x01 or 0x0A",
                        })
                    }
                }
            } else {
                CellValue::Value(PropertyValue::read(r, t, enc)?)
            };
            cells.push(Cell { typed, value });
        }
        Ok(PropertyRow { flagged, cells })
    }

    /// Writes the row.
    pub fn write(&self, out: &mut Vec<u8>, enc: Encoding) -> Result<()> {
        out.put_u8(self.flagged as u8);
        for c in &self.cells {
            if let Some(t) = c.typed {
                out.put_u16(t);
            }
            match (&c.value, self.flagged) {
                (CellValue::Value(v), false) => v.write(out, enc)?,
                (CellValue::Value(v), true) => {
                    out.put_u8(0);
                    v.write(out, enc)?
                }
                (CellValue::Absent, true) => out.put_u8(1),
                (CellValue::Error(e), true) => {
                    out.put_u8(0x0A);
                    out.put_u32(*e)
                }
                _ => {
                    return Err(RopError::Unencodable {
                        what: "PropertyRow",
                        reason: "a standard row cannot hold absent or error cells",
                    })
                }
            }
        }
        Ok(())
    }

    /// The value of column `i`, when present.
    pub fn value(&self, i: usize) -> Option<&PropertyValue> {
        match &self.cells.get(i)?.value {
            CellValue::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// A PropertyProblem (MS-OXCDATA 2.7): which property failed and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyProblem {
    /// Index into the request's property array.
    pub index: u16,
    /// PropertyTag.
    pub tag: PropTag,
    /// ErrorCode.
    pub error_code: u32,
}

impl Wire for PropertyProblem {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(PropertyProblem {
            index: r.u16("PropertyProblem.Index")?,
            tag: PropTag(r.u32("PropertyProblem.PropertyTag")?),
            error_code: r.u32("PropertyProblem.ErrorCode")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(self.index);
        out.put_u32(self.tag.0);
        out.put_u32(self.error_code);
        Ok(())
    }
}
