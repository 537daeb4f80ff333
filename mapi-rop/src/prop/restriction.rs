//! Restrictions of every kind (MS-OXCDATA 2.12).

use super::value::{read_count_pub, write_count};
use super::{Encoding, PropTag, TaggedPropertyValue, MAX_RESTRICTION_DEPTH};
use crate::rop::reader::{Put, Reader};
use crate::rop::wire::len_u8;
use crate::rop::{Result, RopError};

/// A restriction: a filter over rows or messages.
#[derive(Clone, Debug, PartialEq)]
pub enum Restriction {
    /// 0x00 AndRestriction.
    And(Vec<Restriction>),
    /// 0x01 OrRestriction.
    Or(Vec<Restriction>),
    /// 0x02 NotRestriction.
    Not(Box<Restriction>),
    /// 0x03 ContentRestriction.
    Content {
        /// FuzzyLevelLow.
        fuzzy_level_low: u16,
        /// FuzzyLevelHigh.
        fuzzy_level_high: u16,
        /// PropertyTag.
        tag: PropTag,
        /// TaggedValue.
        value: TaggedPropertyValue,
    },
    /// 0x04 PropertyRestriction.
    Property {
        /// RelOp.
        rel_op: u8,
        /// PropTag.
        tag: PropTag,
        /// TaggedValue.
        value: TaggedPropertyValue,
    },
    /// 0x05 ComparePropertiesRestriction.
    CompareProperties {
        /// RelOp.
        rel_op: u8,
        /// PropTag1.
        tag1: PropTag,
        /// PropTag2.
        tag2: PropTag,
    },
    /// 0x06 BitMaskRestriction.
    BitMask {
        /// BitmapRelOp.
        bitmap_rel_op: u8,
        /// PropTag.
        tag: PropTag,
        /// Mask.
        mask: u32,
    },
    /// 0x07 SizeRestriction.
    Size {
        /// RelOp.
        rel_op: u8,
        /// PropTag.
        tag: PropTag,
        /// Size.
        size: u32,
    },
    /// 0x08 ExistRestriction.
    Exist {
        /// PropTag.
        tag: PropTag,
    },
    /// 0x09 SubObjectRestriction.
    SubObject {
        /// Subobject (PidTagMessageRecipients or PidTagMessageAttachments).
        subobject: PropTag,
        /// Restriction.
        restriction: Box<Restriction>,
    },
    /// 0x0A CommentRestriction.
    Comment {
        /// TaggedValues (count is one byte).
        values: Vec<TaggedPropertyValue>,
        /// Restriction, when RestrictionPresent is nonzero.
        restriction: Option<Box<Restriction>>,
    },
    /// 0x0B CountRestriction.
    Count {
        /// Count.
        count: u32,
        /// SubRestriction.
        restriction: Box<Restriction>,
    },
}

impl Restriction {
    /// Reads one restriction.
    pub fn read(r: &mut Reader<'_>, enc: Encoding) -> Result<Self> {
        Self::read_depth(r, enc, 0)
    }

    /// Decodes from a slice; returns the restriction and the bytes used.
    pub fn decode(b: &[u8], enc: Encoding) -> Result<(Self, usize)> {
        let mut r = Reader::new(b);
        let x = Self::read(&mut r, enc)?;
        Ok((x, r.offset()))
    }

    pub(crate) fn read_depth(r: &mut Reader<'_>, enc: Encoding, depth: usize) -> Result<Self> {
        let off = r.offset();
        if depth > MAX_RESTRICTION_DEPTH {
            return Err(RopError::TooDeep {
                what: "Restriction",
                offset: off,
                limit: MAX_RESTRICTION_DEPTH,
            });
        }
        let rt = r.u8("RestrictType")?;
        let tv = |r: &mut Reader<'_>| -> Result<TaggedPropertyValue> {
            let tag = PropTag(r.u32("TaggedValue.PropertyTag")?);
            let value = super::PropertyValue::read_depth(r, tag.prop_type(), enc, depth + 1)?;
            Ok(TaggedPropertyValue { tag, value })
        };
        Ok(match rt {
            0x00 | 0x01 => {
                let n = read_count_pub(r, enc.byte_count, "RestrictCount")?;
                r.check_count(n, 1, "RestrictCount")?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(Self::read_depth(r, enc, depth + 1)?);
                }
                if rt == 0 {
                    Restriction::And(v)
                } else {
                    Restriction::Or(v)
                }
            }
            0x02 => Restriction::Not(Box::new(Self::read_depth(r, enc, depth + 1)?)),
            0x03 => Restriction::Content {
                fuzzy_level_low: r.u16("FuzzyLevelLow")?,
                fuzzy_level_high: r.u16("FuzzyLevelHigh")?,
                tag: PropTag(r.u32("PropertyTag")?),
                value: tv(r)?,
            },
            0x04 => Restriction::Property {
                rel_op: r.u8("RelOp")?,
                tag: PropTag(r.u32("PropTag")?),
                value: tv(r)?,
            },
            0x05 => Restriction::CompareProperties {
                rel_op: r.u8("RelOp")?,
                tag1: PropTag(r.u32("PropTag1")?),
                tag2: PropTag(r.u32("PropTag2")?),
            },
            0x06 => Restriction::BitMask {
                bitmap_rel_op: r.u8("BitmapRelOp")?,
                tag: PropTag(r.u32("PropTag")?),
                mask: r.u32("Mask")?,
            },
            0x07 => Restriction::Size {
                rel_op: r.u8("RelOp")?,
                tag: PropTag(r.u32("PropTag")?),
                size: r.u32("Size")?,
            },
            0x08 => Restriction::Exist {
                tag: PropTag(r.u32("PropTag")?),
            },
            0x09 => Restriction::SubObject {
                subobject: PropTag(r.u32("Subobject")?),
                restriction: Box::new(Self::read_depth(r, enc, depth + 1)?),
            },
            0x0A => {
                let n = r.u8("TaggedValuesCount")? as usize;
                r.check_count(n, 4, "TaggedValuesCount")?;
                let mut values = Vec::with_capacity(n);
                for _ in 0..n {
                    values.push(tv(r)?);
                }
                let at = r.offset();
                // 0x01 or 0x00 only (MS-OXCDATA 2.12.11): another value would not re-encode
                // to the bytes read.
                let restriction = match r.u8("RestrictionPresent")? {
                    0 => None,
                    1 => Some(Box::new(Self::read_depth(r, enc, depth + 1)?)),
                    _ => {
                        return Err(RopError::Invalid {
                            what: "CommentRestriction.RestrictionPresent",
                            offset: at,
                            reason: "neither 0x00 nor 0x01",
                        })
                    }
                };
                Restriction::Comment {
                    values,
                    restriction,
                }
            }
            0x0B => Restriction::Count {
                count: r.u32("Count")?,
                restriction: Box::new(Self::read_depth(r, enc, depth + 1)?),
            },
            _ => {
                return Err(RopError::Invalid {
                    what: "RestrictType",
                    offset: off,
                    reason: "not a restriction type of MS-OXCDATA 2.12",
                })
            }
        })
    }

    /// Writes the restriction.
    pub fn write(&self, out: &mut Vec<u8>, enc: Encoding) -> Result<()> {
        match self {
            Restriction::And(v) | Restriction::Or(v) => {
                out.put_u8(if matches!(self, Restriction::And(_)) {
                    0
                } else {
                    1
                });
                write_count(out, enc.byte_count, v.len(), "RestrictCount")?;
                for x in v {
                    x.write(out, enc)?;
                }
            }
            Restriction::Not(x) => {
                out.put_u8(2);
                x.write(out, enc)?;
            }
            Restriction::Content {
                fuzzy_level_low,
                fuzzy_level_high,
                tag,
                value,
            } => {
                out.put_u8(3);
                out.put_u16(*fuzzy_level_low);
                out.put_u16(*fuzzy_level_high);
                out.put_u32(tag.0);
                value.write(out, enc)?;
            }
            Restriction::Property { rel_op, tag, value } => {
                out.put_u8(4);
                out.put_u8(*rel_op);
                out.put_u32(tag.0);
                value.write(out, enc)?;
            }
            Restriction::CompareProperties { rel_op, tag1, tag2 } => {
                out.put_u8(5);
                out.put_u8(*rel_op);
                out.put_u32(tag1.0);
                out.put_u32(tag2.0);
            }
            Restriction::BitMask {
                bitmap_rel_op,
                tag,
                mask,
            } => {
                out.put_u8(6);
                out.put_u8(*bitmap_rel_op);
                out.put_u32(tag.0);
                out.put_u32(*mask);
            }
            Restriction::Size { rel_op, tag, size } => {
                out.put_u8(7);
                out.put_u8(*rel_op);
                out.put_u32(tag.0);
                out.put_u32(*size);
            }
            Restriction::Exist { tag } => {
                out.put_u8(8);
                out.put_u32(tag.0);
            }
            Restriction::SubObject {
                subobject,
                restriction,
            } => {
                out.put_u8(9);
                out.put_u32(subobject.0);
                restriction.write(out, enc)?;
            }
            Restriction::Comment {
                values,
                restriction,
            } => {
                out.put_u8(0x0A);
                out.put_u8(len_u8(values.len(), "TaggedValuesCount")?);
                for v in values {
                    v.write(out, enc)?;
                }
                match restriction {
                    Some(x) => {
                        out.put_u8(1);
                        x.write(out, enc)?;
                    }
                    None => out.put_u8(0),
                }
            }
            Restriction::Count { count, restriction } => {
                out.put_u8(0x0B);
                out.put_u32(*count);
                restriction.write(out, enc)?;
            }
        }
        Ok(())
    }
}

impl crate::rop::Wire for Restriction {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Restriction::read(r, Encoding::ROP)
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        Restriction::write(self, out, Encoding::ROP)
    }
}
