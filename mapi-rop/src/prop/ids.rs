//! Identifiers: GUIDs, short-term ids (folder and message ids), long-term ids and named
//! property names (MS-OXCDATA 2.2.1, 2.2.1.3, 2.6.1).

use super::WString;
use crate::rop::reader::{Put, Reader};
use crate::rop::wire::{len_u8, Wire};
use crate::rop::{Result, RopError};

/// A GUID in its 16-byte wire form (little-endian Data1..Data3, as in MS-DTYP 2.3.4.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(pub [u8; 16]);

impl Wire for Guid {
    #[inline]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Guid(r.array("GUID")?))
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&self.0);
        Ok(())
    }
}

/// A short-term id (folder id or message id, MS-OXCDATA 2.2.1.1/2.2.1.2): a 16-bit replica id
/// followed by a 6-byte global counter (big-endian), 8 bytes on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShortTermId {
    /// ReplicaId.
    pub replica_id: u16,
    /// GlobalCounter as sent.
    pub global_counter: [u8; 6],
}

impl ShortTermId {
    /// The id as the little-endian u64 it occupies on the wire.
    pub fn to_u64(self) -> u64 {
        let mut b = [0u8; 8];
        b[..2].copy_from_slice(&self.replica_id.to_le_bytes());
        b[2..].copy_from_slice(&self.global_counter);
        u64::from_le_bytes(b)
    }
    /// The id from the little-endian u64 it occupies on the wire.
    pub fn from_u64(v: u64) -> Self {
        let b = v.to_le_bytes();
        ShortTermId {
            replica_id: u16::from_le_bytes([b[0], b[1]]),
            global_counter: [b[2], b[3], b[4], b[5], b[6], b[7]],
        }
    }
    /// The global counter as a number (it is big-endian on the wire).
    pub fn counter(self) -> u64 {
        self.global_counter
            .iter()
            .fold(0u64, |a, &b| (a << 8) | b as u64)
    }
}

impl Wire for ShortTermId {
    #[inline]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(ShortTermId::from_u64(r.u64("FolderId/MessageId")?))
    }
    #[inline]
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u64(self.to_u64());
        Ok(())
    }
}

/// A long-term id (MS-OXCDATA 2.2.1.3.1): database GUID, 6-byte global counter, 2 pad bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LongTermId {
    /// DatabaseGuid.
    pub database_guid: Guid,
    /// GlobalCounter.
    pub global_counter: [u8; 6],
    /// Pad, kept as sent.
    pub pad: u16,
}

impl Wire for LongTermId {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(LongTermId {
            database_guid: Guid::read(r)?,
            global_counter: r.array("LongTermId.GlobalCounter")?,
            pad: r.u16("LongTermId.Pad")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        self.database_guid.write(out)?;
        out.extend_from_slice(&self.global_counter);
        out.put_u16(self.pad);
        Ok(())
    }
}

/// A named property's name (PropertyName, MS-OXCDATA 2.6.1).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PropertyName {
    /// Kind 0x00: a numeric LID.
    Id {
        /// The property set.
        guid: Guid,
        /// LID.
        lid: u32,
    },
    /// Kind 0x01: a UTF-16 name of NameSize bytes (the terminator included).
    Name {
        /// The property set.
        guid: Guid,
        /// The name's bytes as sent (NameSize of them).
        name: Vec<u8>,
    },
    /// Kind 0xFF: no name (only the GUID).
    None {
        /// The property set.
        guid: Guid,
    },
}

impl PropertyName {
    /// The name as text, for `Name` kinds.
    pub fn name(&self) -> Option<String> {
        match self {
            PropertyName::Name { name, .. } => {
                let w = WString::from_le_bytes(name);
                let end = w.0.iter().position(|&u| u == 0).unwrap_or(w.0.len());
                Some(String::from_utf16_lossy(&w.0[..end]))
            }
            _ => None,
        }
    }
}

impl Wire for PropertyName {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let off = r.offset();
        let kind = r.u8("PropertyName.Kind")?;
        let guid = Guid::read(r)?;
        Ok(match kind {
            0x00 => PropertyName::Id {
                guid,
                lid: r.u32("PropertyName.LID")?,
            },
            0x01 => {
                let n = r.u8("PropertyName.NameSize")? as usize;
                PropertyName::Name {
                    guid,
                    name: r.take(n, "PropertyName.Name")?.to_vec(),
                }
            }
            0xFF => PropertyName::None { guid },
            _ => {
                return Err(RopError::Invalid {
                    what: "PropertyName.Kind",
                    offset: off,
                    reason: "not 0x00, 0x01 or 0xFF",
                })
            }
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            PropertyName::Id { guid, lid } => {
                out.put_u8(0);
                guid.write(out)?;
                out.put_u32(*lid);
            }
            PropertyName::Name { guid, name } => {
                out.put_u8(1);
                guid.write(out)?;
                out.put_u8(len_u8(name.len(), "PropertyName.NameSize")?);
                out.extend_from_slice(name);
            }
            PropertyName::None { guid } => {
                out.put_u8(0xFF);
                guid.write(out)?;
            }
        }
        Ok(())
    }
}
