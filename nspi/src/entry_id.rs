//! Address book entry IDs (MS-NSPI 2.3.8.2 / 2.3.8.3): the content of `PidTagEntryId` values
//! and of NspiModLinkAtt's `lpEntryIds`.

use crate::error::{Error, Result};
use crate::stat::FlatUid;

/// GUID_NSPI, the provider UID of permanent entry IDs (MS-NSPI 2.2.7), in wire order.
pub const GUID_NSPI: FlatUid = FlatUid([
    0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A, 0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82,
]);

/// An entry ID in one of its two address book forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryId<'a> {
    /// `EphemeralEntryID`: ID type 0x87, 32 octets, valid on one server.
    Ephemeral {
        /// R1, R2, R3 (reserved octets).
        reserved: [u8; 3],
        /// `ProviderUID` (the server's GUID from NspiBind).
        provider_uid: FlatUid,
        /// R4 (1).
        r4: u32,
        /// `DisplayType`.
        display_type: u32,
        /// `MId`.
        mid: u32,
    },
    /// `PermanentEntryID`: ID type 0x00, a distinguished name.
    Permanent {
        /// R1, R2, R3.
        reserved: [u8; 3],
        /// `ProviderUID` (GUID_NSPI).
        provider_uid: FlatUid,
        /// R4 (1).
        r4: u32,
        /// `DisplayType`.
        display_type: u32,
        /// `DistinguishedName` without its NUL.
        dn: &'a [u8],
    },
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl<'a> EntryId<'a> {
    /// Parses `b`; `Ok(None)` when the ID type is neither 0x87 nor 0x00.
    pub fn parse(b: &'a [u8]) -> Result<Option<Self>> {
        let need = |n: usize| {
            if b.len() < n {
                Err(Error::Truncated {
                    what: "entry ID",
                    offset: b.len(),
                    needed: n - b.len(),
                })
            } else {
                Ok(())
            }
        };
        need(28)?;
        let reserved = [b[1], b[2], b[3]];
        let mut uid = [0u8; 16];
        uid.copy_from_slice(&b[4..20]);
        let (r4, display_type) = (u32_at(b, 20), u32_at(b, 24));
        match b[0] {
            0x87 => {
                need(32)?;
                Ok(Some(EntryId::Ephemeral {
                    reserved,
                    provider_uid: FlatUid(uid),
                    r4,
                    display_type,
                    mid: u32_at(b, 28),
                }))
            }
            0x00 => {
                let rest = &b[28..];
                let end = rest.iter().position(|&c| c == 0).ok_or(Error::Truncated {
                    what: "permanent entry ID distinguished name terminator",
                    offset: b.len(),
                    needed: 1,
                })?;
                Ok(Some(EntryId::Permanent {
                    reserved,
                    provider_uid: FlatUid(uid),
                    r4,
                    display_type,
                    dn: &rest[..end],
                }))
            }
            _ => Ok(None),
        }
    }

    /// Appends the encoded entry ID.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            EntryId::Ephemeral {
                reserved,
                provider_uid,
                r4,
                display_type,
                mid,
            } => {
                out.push(0x87);
                out.extend_from_slice(reserved);
                out.extend_from_slice(&provider_uid.0);
                out.extend_from_slice(&r4.to_le_bytes());
                out.extend_from_slice(&display_type.to_le_bytes());
                out.extend_from_slice(&mid.to_le_bytes());
            }
            EntryId::Permanent {
                reserved,
                provider_uid,
                r4,
                display_type,
                dn,
            } => {
                out.push(0x00);
                out.extend_from_slice(reserved);
                out.extend_from_slice(&provider_uid.0);
                out.extend_from_slice(&r4.to_le_bytes());
                out.extend_from_slice(&display_type.to_le_bytes());
                out.extend_from_slice(dn);
                out.push(0);
            }
        }
    }
}
