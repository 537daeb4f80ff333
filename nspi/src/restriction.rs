//! `Restriction_r` (MS-NSPI 2.3.4): a tree of filters, every kind of 2.3.4.1 - 2.3.4.9.
//!
//! Nesting goes through unique pointers, each of which enters one level of the reader's
//! depth limit, so a hostile tree cannot exhaust the stack.

use oxwire_msrpc::ndr::{
    ConformantArray, Discriminant, NdrDecode, NdrEncode, NdrReader, NdrWriter, UnionLayout, Unique,
};

use crate::value::{ptr_align, PropertyValue};

type NdrResult<T> = oxwire_msrpc::ndr::Result<T>;

/// `AndRestriction_r` / `OrRestriction_r`: `cRes` and a unique pointer to the sub-restrictions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndOr<'a> {
    /// `cRes` as sent.
    pub c_res: u32,
    /// The sub-restrictions.
    pub res: Unique<ConformantArray<Restriction<'a>>>,
}

impl<'a> AndOr<'a> {
    /// A list of `res`.
    pub fn new(res: Vec<Restriction<'a>>) -> Self {
        AndOr {
            c_res: res.len() as u32,
            res: Unique::some(ConformantArray(res)),
        }
    }

    /// The sub-restrictions, empty when the pointer is null.
    pub fn items(&self) -> &[Restriction<'a>] {
        self.res.get().map(|a| a.0.as_slice()).unwrap_or(&[])
    }
}

/// `RestrictionUnion_r`: one arm per restriction type (`rt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestrictionKind<'a> {
    /// 0x00 `AndRestriction_r`.
    And(AndOr<'a>),
    /// 0x01 `OrRestriction_r`.
    Or(AndOr<'a>),
    /// 0x02 `NotRestriction_r`.
    Not(Unique<Box<Restriction<'a>>>),
    /// 0x03 `ContentRestriction_r`.
    Content {
        /// `ulFuzzyLevel`.
        fuzzy_level: u32,
        /// `ulPropTag`.
        prop_tag: u32,
        /// `lpProp`.
        prop: Unique<Box<PropertyValue<'a>>>,
    },
    /// 0x04 `PropertyRestriction_r`.
    Property {
        /// `relop`.
        relop: u32,
        /// `ulPropTag`.
        prop_tag: u32,
        /// `lpProp`.
        prop: Unique<Box<PropertyValue<'a>>>,
    },
    /// 0x05 `ComparePropsRestriction_r`.
    CompareProps {
        /// `relop`.
        relop: u32,
        /// `ulPropTag1`.
        prop_tag1: u32,
        /// `ulPropTag2`.
        prop_tag2: u32,
    },
    /// 0x06 `BitMaskRestriction_r`.
    BitMask {
        /// `relBMR`.
        rel_bmr: u32,
        /// `ulPropTag`.
        prop_tag: u32,
        /// `ulMask`.
        mask: u32,
    },
    /// 0x07 `SizeRestriction_r`.
    Size {
        /// `relop`.
        relop: u32,
        /// `ulPropTag`.
        prop_tag: u32,
        /// `cb`.
        cb: u32,
    },
    /// 0x08 `ExistRestriction_r`.
    Exist {
        /// `ulReserved1`.
        reserved1: u32,
        /// `ulPropTag`.
        prop_tag: u32,
        /// `ulReserved2`.
        reserved2: u32,
    },
    /// 0x09 `SubRestriction_r`.
    Sub {
        /// `ulSubObject`.
        sub_object: u32,
        /// `lpRes`.
        res: Unique<Box<Restriction<'a>>>,
    },
}

impl RestrictionKind<'_> {
    /// The union discriminant of this arm.
    pub fn discriminant(&self) -> u32 {
        match self {
            RestrictionKind::And(_) => 0,
            RestrictionKind::Or(_) => 1,
            RestrictionKind::Not(_) => 2,
            RestrictionKind::Content { .. } => 3,
            RestrictionKind::Property { .. } => 4,
            RestrictionKind::CompareProps { .. } => 5,
            RestrictionKind::BitMask { .. } => 6,
            RestrictionKind::Size { .. } => 7,
            RestrictionKind::Exist { .. } => 8,
            RestrictionKind::Sub { .. } => 9,
        }
    }

    /// The restriction type's name in MS-NSPI.
    pub fn name(&self) -> &'static str {
        match self {
            RestrictionKind::And(_) => "And",
            RestrictionKind::Or(_) => "Or",
            RestrictionKind::Not(_) => "Not",
            RestrictionKind::Content { .. } => "Content",
            RestrictionKind::Property { .. } => "Property",
            RestrictionKind::CompareProps { .. } => "CompareProps",
            RestrictionKind::BitMask { .. } => "BitMask",
            RestrictionKind::Size { .. } => "Size",
            RestrictionKind::Exist { .. } => "Exist",
            RestrictionKind::Sub { .. } => "SubRestriction",
        }
    }
}

/// `RestrictionUnion_r`: `switch_type(long)`; arms hold `DWORD`s and pointers.
pub const RESTRICTION_UNION: UnionLayout = UnionLayout::new(Discriminant::U32, 4, 8);

/// `Restriction_r`: `rt` and the union it selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction<'a> {
    /// `rt` as sent (normally the arm's discriminant).
    pub rt: u32,
    /// The restriction.
    pub res: RestrictionKind<'a>,
}

impl<'a> Restriction<'a> {
    /// A restriction whose `rt` matches its kind.
    pub fn new(res: RestrictionKind<'a>) -> Self {
        Restriction {
            rt: res.discriminant(),
            res,
        }
    }
}

impl<'a> NdrDecode<'a> for Restriction<'a> {
    const MIN_WIRE_SIZE: usize = 12;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        r.align(ptr_align(r.syntax()))?;
        let rt = r.u32()?;
        let d = r.union_discriminant(&RESTRICTION_UNION)?;
        let res = match d {
            0 | 1 => {
                r.align(ptr_align(r.syntax()))?;
                let c_res = r.u32()?;
                let res = r.read()?;
                r.struct_end(8)?;
                let v = AndOr { c_res, res };
                if d == 0 {
                    RestrictionKind::And(v)
                } else {
                    RestrictionKind::Or(v)
                }
            }
            2 => RestrictionKind::Not(r.read()?),
            3 | 4 => {
                r.align(ptr_align(r.syntax()))?;
                let a = r.u32()?;
                let prop_tag = r.u32()?;
                let prop = r.read()?;
                r.struct_end(8)?;
                if d == 3 {
                    RestrictionKind::Content {
                        fuzzy_level: a,
                        prop_tag,
                        prop,
                    }
                } else {
                    RestrictionKind::Property {
                        relop: a,
                        prop_tag,
                        prop,
                    }
                }
            }
            5..=8 => {
                let (a, b, c) = (r.u32()?, r.u32()?, r.u32()?);
                match d {
                    5 => RestrictionKind::CompareProps {
                        relop: a,
                        prop_tag1: b,
                        prop_tag2: c,
                    },
                    6 => RestrictionKind::BitMask {
                        rel_bmr: a,
                        prop_tag: b,
                        mask: c,
                    },
                    7 => RestrictionKind::Size {
                        relop: a,
                        prop_tag: b,
                        cb: c,
                    },
                    _ => RestrictionKind::Exist {
                        reserved1: a,
                        prop_tag: b,
                        reserved2: c,
                    },
                }
            }
            9 => {
                r.align(ptr_align(r.syntax()))?;
                let sub_object = r.u32()?;
                let res = r.read()?;
                r.struct_end(8)?;
                RestrictionKind::Sub { sub_object, res }
            }
            _ => return Err(r.unknown_arm("RestrictionUnion_r", d)),
        };
        r.struct_end(8)?;
        Ok(Restriction { rt, res })
    }

    fn decode_deferred(&mut self, r: &mut NdrReader<'a>) -> NdrResult<()> {
        match &mut self.res {
            RestrictionKind::And(v) | RestrictionKind::Or(v) => v.res.decode_deferred(r),
            RestrictionKind::Not(v) | RestrictionKind::Sub { res: v, .. } => v.decode_deferred(r),
            RestrictionKind::Content { prop, .. } | RestrictionKind::Property { prop, .. } => {
                prop.decode_deferred(r)
            }
            _ => Ok(()),
        }
    }
}

impl NdrEncode for Restriction<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        let pa = ptr_align(w.syntax());
        w.align(pa);
        w.u32(self.rt);
        w.union_discriminant(&RESTRICTION_UNION, self.res.discriminant())?;
        match &self.res {
            RestrictionKind::And(v) | RestrictionKind::Or(v) => {
                w.align(pa);
                w.u32(v.c_res);
                v.res.encode_inline(w)?;
                w.struct_end(8);
            }
            RestrictionKind::Not(v) => v.encode_inline(w)?,
            RestrictionKind::Content {
                fuzzy_level: a,
                prop_tag,
                prop,
            }
            | RestrictionKind::Property {
                relop: a,
                prop_tag,
                prop,
            } => {
                w.align(pa);
                w.u32(*a);
                w.u32(*prop_tag);
                prop.encode_inline(w)?;
                w.struct_end(8);
            }
            RestrictionKind::CompareProps {
                relop: a,
                prop_tag1: b,
                prop_tag2: c,
            }
            | RestrictionKind::BitMask {
                rel_bmr: a,
                prop_tag: b,
                mask: c,
            }
            | RestrictionKind::Size {
                relop: a,
                prop_tag: b,
                cb: c,
            }
            | RestrictionKind::Exist {
                reserved1: a,
                prop_tag: b,
                reserved2: c,
            } => {
                w.u32(*a);
                w.u32(*b);
                w.u32(*c);
            }
            RestrictionKind::Sub { sub_object, res } => {
                w.align(pa);
                w.u32(*sub_object);
                res.encode_inline(w)?;
                w.struct_end(8);
            }
        }
        w.struct_end(8);
        Ok(())
    }

    fn encode_deferred(&self, w: &mut NdrWriter) -> NdrResult<()> {
        match &self.res {
            RestrictionKind::And(v) | RestrictionKind::Or(v) => v.res.encode_deferred(w),
            RestrictionKind::Not(v) | RestrictionKind::Sub { res: v, .. } => v.encode_deferred(w),
            RestrictionKind::Content { prop, .. } | RestrictionKind::Property { prop, .. } => {
                prop.encode_deferred(w)
            }
            _ => Ok(()),
        }
    }
}
