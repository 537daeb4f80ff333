//! RecipientRow (MS-OXCDATA 2.8.3).

use super::{AString, Encoding, PropTag, PropertyRow, WString};
use crate::rop::reader::{Put, Reader};
use crate::rop::wire::len_u16;
use crate::rop::{Result, RopError};

/// RecipientFlags bits (MS-OXCDATA 2.8.3.1).
pub mod flags {
    /// Mask of the recipient Type field.
    pub const TYPE_MASK: u16 = 0x0007;
    /// Type: X500DN.
    pub const TYPE_X500DN: u16 = 0x0001;
    /// E: EmailAddress present.
    pub const E: u16 = 0x0008;
    /// D: DisplayName present.
    pub const D: u16 = 0x0010;
    /// T: TransmittableDisplayName present.
    pub const T: u16 = 0x0020;
    /// S: SendRichInfo.
    pub const S: u16 = 0x0040;
    /// R: TransmittableDisplayName equals DisplayName.
    pub const R: u16 = 0x0080;
    /// N: non-standard properties present.
    pub const N: u16 = 0x0100;
    /// U: strings are UTF-16.
    pub const U: u16 = 0x0200;
    /// I: SimpleDisplayName present.
    pub const I: u16 = 0x0400;
    /// O: AddressType present (with Type NoType).
    pub const O: u16 = 0x8000;
}

/// A string of a recipient row: UTF-16 when the U flag is set, 8-bit otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecipientString {
    /// 8-bit.
    A(AString),
    /// UTF-16.
    W(WString),
}

impl RecipientString {
    fn read(r: &mut Reader<'_>, unicode: bool, what: &'static str) -> Result<Self> {
        Ok(if unicode {
            RecipientString::W(WString::read(r, what)?)
        } else {
            RecipientString::A(AString::read(r, what)?)
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            RecipientString::A(s) => s.write(out),
            RecipientString::W(s) => s.write(out),
        }
    }
    /// Lossy text view.
    pub fn to_string_lossy(&self) -> String {
        match self {
            RecipientString::A(s) => s.to_string_lossy(),
            RecipientString::W(s) => s.to_string_lossy(),
        }
    }
}

/// A RecipientRow. Which optional fields exist follows from `flags`; on encode the fields
/// present must match the flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipientRow {
    /// RecipientFlags.
    pub flags: u16,
    /// AddressPrefixUsed (Type X500DN).
    pub address_prefix_used: Option<u8>,
    /// DisplayType (Type X500DN).
    pub display_type: Option<u8>,
    /// X500DN, 8-bit (Type X500DN).
    pub x500_dn: Option<AString>,
    /// EntryId (Type PersonalDistributionList1/2).
    pub entry_id: Option<Vec<u8>>,
    /// SearchKey (Type PersonalDistributionList1/2).
    pub search_key: Option<Vec<u8>>,
    /// AddressType (Type NoType with the O flag).
    pub address_type: Option<AString>,
    /// EmailAddress (E flag).
    pub email_address: Option<RecipientString>,
    /// DisplayName (D flag).
    pub display_name: Option<RecipientString>,
    /// SimpleDisplayName (I flag).
    pub simple_display_name: Option<RecipientString>,
    /// TransmittableDisplayName (T flag).
    pub transmittable_display_name: Option<RecipientString>,
    /// RecipientColumnCount: how many of the recipient columns RecipientProperties holds.
    pub column_count: u16,
    /// RecipientProperties, a PropertyRow kept as bytes because its columns travel in
    /// another structure; read it with [`RecipientRow::properties`].
    pub properties: Vec<u8>,
}

impl RecipientRow {
    /// Reads a recipient row occupying all of `r` (callers bound it by RecipientRowSize).
    pub fn read(r: &mut Reader<'_>) -> Result<Self> {
        use flags::*;
        let f = r.u16("RecipientFlags")?;
        let ty = f & TYPE_MASK;
        let u = f & U != 0;
        let (address_prefix_used, display_type, x500_dn) = if ty == TYPE_X500DN {
            (
                Some(r.u8("AddressPrefixUsed")?),
                Some(r.u8("DisplayType")?),
                Some(AString::read(r, "X500DN")?),
            )
        } else {
            (None, None, None)
        };
        let (entry_id, search_key) = if ty == 6 || ty == 7 {
            let n = r.u16("EntryIdSize")? as usize;
            let e = r.take(n, "EntryID")?.to_vec();
            let n = r.u16("SearchKeySize")? as usize;
            let s = r.take(n, "SearchKey")?.to_vec();
            (Some(e), Some(s))
        } else {
            (None, None)
        };
        let address_type = if ty == 0 && f & O != 0 {
            Some(AString::read(r, "AddressType")?)
        } else {
            None
        };
        let opt = |r: &mut Reader<'_>, bit: u16, what| -> Result<Option<RecipientString>> {
            if f & bit != 0 {
                Ok(Some(RecipientString::read(r, u, what)?))
            } else {
                Ok(None)
            }
        };
        let email_address = opt(r, E, "EmailAddress")?;
        let display_name = opt(r, D, "DisplayName")?;
        let simple_display_name = opt(r, I, "SimpleDisplayName")?;
        let transmittable_display_name = opt(r, T, "TransmittableDisplayName")?;
        let column_count = r.u16("RecipientColumnCount")?;
        let properties = r.rest().to_vec();
        Ok(RecipientRow {
            flags: f,
            address_prefix_used,
            display_type,
            x500_dn,
            entry_id,
            search_key,
            address_type,
            email_address,
            display_name,
            simple_display_name,
            transmittable_display_name,
            column_count,
            properties,
        })
    }

    /// Writes the row (without any RecipientRowSize in front).
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(self.flags);
        let bad = || RopError::Unencodable {
            what: "RecipientRow",
            reason: "optional fields do not match RecipientFlags",
        };
        let ty = self.flags & flags::TYPE_MASK;
        if ty == flags::TYPE_X500DN {
            out.put_u8(self.address_prefix_used.ok_or_else(bad)?);
            out.put_u8(self.display_type.ok_or_else(bad)?);
            self.x500_dn.as_ref().ok_or_else(bad)?.write(out)?;
        }
        if ty == 6 || ty == 7 {
            for b in [&self.entry_id, &self.search_key] {
                let b = b.as_ref().ok_or_else(bad)?;
                out.put_u16(len_u16(b.len(), "EntryIdSize")?);
                out.extend_from_slice(b);
            }
        }
        if ty == 0 && self.flags & flags::O != 0 {
            self.address_type.as_ref().ok_or_else(bad)?.write(out)?;
        }
        for (bit, s) in [
            (flags::E, &self.email_address),
            (flags::D, &self.display_name),
            (flags::I, &self.simple_display_name),
            (flags::T, &self.transmittable_display_name),
        ] {
            if self.flags & bit != 0 {
                s.as_ref().ok_or_else(bad)?.write(out)?;
            }
        }
        out.put_u16(self.column_count);
        out.extend_from_slice(&self.properties);
        Ok(())
    }

    /// Reads RecipientProperties with the recipient column set (of which the first
    /// `column_count` apply).
    pub fn properties(&self, columns: &[PropTag]) -> Result<PropertyRow> {
        let n = (self.column_count as usize).min(columns.len());
        let mut r = Reader::new(&self.properties);
        PropertyRow::read(&mut r, &columns[..n], Encoding::ROP)
    }
}
