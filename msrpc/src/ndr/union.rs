//! Discriminated unions, encapsulated and non-encapsulated (C706 14.3.8,
//! MS-RPCE 2.2.4.5 and 2.2.5.3.4.4).
//!
//! A union type implements [`NdrDecode`](super::NdrDecode) /
//! [`NdrEncode`](super::NdrEncode) itself: it reads its discriminant with
//! [`NdrReader::union_discriminant`], which also applies the alignment that
//! precedes the arm, then matches on it and reads the arm. Unknown values go
//! to [`NdrReader::unknown_arm`]. Arms with embedded pointers defer their
//! referents like any structure member.
//!
//! Alignment rules applied:
//! - NDR20 non-encapsulated union: the discriminant is aligned to its own
//!   size and the arm to its own alignment (the arm's decoder does it).
//! - NDR20 with `ms_union`: as above, but the arm is aligned to the largest
//!   alignment of all arms.
//! - NDR20 encapsulated union (a structure of discriminant and union): the
//!   whole is aligned to the larger of the discriminant and the arms, and the
//!   arm to the largest arm alignment.
//! - NDR64 (both kinds, `ms_union` ignored): the union is aligned to the
//!   larger of the discriminant and all arms, and so is the arm.

use super::error::{NdrError, Result};
use super::reader::NdrReader;
use super::syntax::NdrSyntax;
use super::writer::NdrWriter;

/// Wire type of a union discriminant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Discriminant {
    /// `small`, `char`, `boolean`: 1 octet.
    U8,
    /// `short`: 2 octets.
    U16,
    /// `long`: 4 octets.
    U32,
    /// `enum` (2 octets in NDR20, 4 in NDR64).
    Enum,
}

impl Discriminant {
    fn size(self, syntax: NdrSyntax) -> usize {
        match self {
            Discriminant::U8 => 1,
            Discriminant::U16 => 2,
            Discriminant::U32 => 4,
            Discriminant::Enum => syntax.enum_size(),
        }
    }
}

/// Static shape of a union: discriminant type, arm alignment, kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnionLayout {
    /// Discriminant wire type.
    pub discriminant: Discriminant,
    /// Largest alignment among the arms in NDR20 (pointers count 4).
    pub arm_align_ndr20: usize,
    /// Largest alignment among the arms in NDR64 (pointers count 8).
    pub arm_align_ndr64: usize,
    /// Encapsulated union (`union switch (...)`).
    pub encapsulated: bool,
    /// Non-encapsulated union under `ms_union` (NDR20 only).
    pub ms_union: bool,
}

impl UnionLayout {
    /// A non-encapsulated union layout.
    pub const fn new(
        discriminant: Discriminant,
        arm_align_ndr20: usize,
        arm_align_ndr64: usize,
    ) -> Self {
        UnionLayout {
            discriminant,
            arm_align_ndr20,
            arm_align_ndr64,
            encapsulated: false,
            ms_union: false,
        }
    }

    /// The same layout, encapsulated.
    pub const fn encapsulated(mut self) -> Self {
        self.encapsulated = true;
        self
    }

    /// The same layout, with `ms_union` alignment.
    pub const fn ms_union(mut self) -> Self {
        self.ms_union = true;
        self
    }

    /// (alignment before the discriminant, alignment before the arm).
    fn aligns(&self, syntax: NdrSyntax) -> (usize, usize) {
        let d = self.discriminant.size(syntax);
        match syntax {
            NdrSyntax::Ndr64 => {
                let u = d.max(self.arm_align_ndr64);
                (u, u)
            }
            NdrSyntax::Ndr20 if self.encapsulated => {
                (d.max(self.arm_align_ndr20), self.arm_align_ndr20)
            }
            NdrSyntax::Ndr20 if self.ms_union => (d, self.arm_align_ndr20),
            NdrSyntax::Ndr20 => (d, 1),
        }
    }

    /// Alignment of the union as a whole in `syntax` (for enclosing structures).
    pub fn alignment(&self, syntax: NdrSyntax) -> usize {
        let (a, b) = self.aligns(syntax);
        a.max(b)
    }
}

impl<'a> NdrReader<'a> {
    /// Reads a union's discriminant and the alignment gap before its arm.
    pub fn union_discriminant(&mut self, layout: &UnionLayout) -> Result<u32> {
        let (before, after) = layout.aligns(self.syntax());
        self.align(before)?;
        self.union_at = self.position();
        let d = match layout.discriminant {
            Discriminant::U8 => self.u8()?.into(),
            Discriminant::U16 => self.u16()?.into(),
            Discriminant::U32 => self.u32()?,
            Discriminant::Enum => self.enum16()?.into(),
        };
        self.align(after)?;
        Ok(d)
    }

    /// The error for a discriminant that selects no arm of `what`, located
    /// at the last discriminant read.
    pub fn unknown_arm(&self, what: &'static str, discriminant: u32) -> NdrError {
        NdrError::UnknownUnionArm {
            what,
            offset: self.union_at,
            discriminant: discriminant.into(),
        }
    }
}

impl NdrWriter {
    /// Writes a union's discriminant and the alignment gap before its arm.
    pub fn union_discriminant(&mut self, layout: &UnionLayout, d: u32) -> Result<()> {
        let (before, after) = layout.aligns(self.syntax());
        self.align(before);
        let at = self.position();
        let too_big = || NdrError::UnknownUnionArm {
            what: "union discriminant",
            offset: at,
            discriminant: d.into(),
        };
        match layout.discriminant {
            Discriminant::U8 => self.u8(u8::try_from(d).map_err(|_| too_big())?),
            Discriminant::U16 => self.u16(u16::try_from(d).map_err(|_| too_big())?),
            Discriminant::U32 => self.u32(d),
            Discriminant::Enum => self.enum16(u16::try_from(d).map_err(|_| too_big())?)?,
        }
        self.align(after);
        Ok(())
    }
}
