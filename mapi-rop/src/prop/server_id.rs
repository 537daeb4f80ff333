//! PtypServerId contents (MS-OXCDATA 2.11.1.4): the bytes behind the COUNT of a
//! [`PropertyValue::ServerId`](super::PropertyValue::ServerId).

use super::{FolderId, MessageId};
use crate::rop::{Reader, Result, RopError, Wire};

/// A decoded PtypServerId.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerId {
    /// Ours is 0x01: the id names an object of this store.
    Ours {
        /// FolderId.
        folder_id: FolderId,
        /// MessageId (zero for a folder).
        message_id: MessageId,
        /// Instance (of a multi-valued column in a categorized view).
        instance: u32,
    },
    /// Any other Ours value: client data the server does not interpret.
    Client {
        /// Ours as sent.
        ours: u8,
        /// ClientData.
        client_data: Vec<u8>,
    },
}

impl ServerId {
    /// Decodes the bytes of a PtypServerId value (without its COUNT). With Ours 0x01 the
    /// value is exactly 21 bytes.
    pub fn decode(b: &[u8]) -> Result<Self> {
        let mut r = Reader::new(b);
        let ours = r.u8("Ours")?;
        if ours != 1 {
            return Ok(ServerId::Client {
                ours,
                client_data: r.rest().to_vec(),
            });
        }
        let v = ServerId::Ours {
            folder_id: FolderId::read(&mut r)?,
            message_id: MessageId::read(&mut r)?,
            instance: r.u32("Instance")?,
        };
        if !r.is_empty() {
            return Err(RopError::Invalid {
                what: "PtypServerId",
                offset: r.offset(),
                reason: "bytes after Instance",
            });
        }
        Ok(v)
    }

    /// Encodes the value's bytes (without its COUNT).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            ServerId::Ours {
                folder_id,
                message_id,
                instance,
            } => {
                out.push(1);
                out.extend_from_slice(&folder_id.to_u64().to_le_bytes());
                out.extend_from_slice(&message_id.to_u64().to_le_bytes());
                out.extend_from_slice(&instance.to_le_bytes());
            }
            ServerId::Client { ours, client_data } => {
                out.push(*ours);
                out.extend_from_slice(client_data);
            }
        }
        out
    }
}
