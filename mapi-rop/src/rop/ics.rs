//! Incremental Change Synchronization ROPs (MS-OXCROPS 2.2.13; MS-OXCFXICS 2.2.3.2).

use super::macros::{request, response, wire_struct};
use super::reader::{Put, Reader};
use super::wire::{len_u16, len_u32, read_vec, Bytes16, Bytes32, SizedRestriction, Wire};
use super::{Result, RopError};
use crate::prop::{FolderId, Guid, LongTermId, MessageId, PropTagArray, TaggedValues};

request! {
    /// RopSynchronizationConfigure request (0x70).
    RopSynchronizationConfigureRequest out {
        synchronization_type: u8,
        send_options: u8,
        synchronization_flags: u16,
        restriction: SizedRestriction,
        synchronization_extra_flags: u32,
        property_tags: PropTagArray,
    }
}
request! {
    /// RopSynchronizationImportMessageChange request (0x72).
    RopSynchronizationImportMessageChangeRequest out { import_flag: u8, property_values: TaggedValues }
}
response! {
    /// Success response carrying a MessageId (RopSynchronizationImportMessageChange,
    /// RopSynchronizationImportMessageMove).
    MessageIdResponse { message_id: MessageId }
}
request! {
    /// RopSynchronizationImportHierarchyChange request (0x73).
    RopSynchronizationImportHierarchyChangeRequest { hierarchy_values: TaggedValues, property_values: TaggedValues }
}
response! {
    /// RopSynchronizationImportHierarchyChange success response.
    RopSynchronizationImportHierarchyChangeResponse { folder_id: FolderId }
}
request! {
    /// RopSynchronizationImportMessageMove request (0x78).
    RopSynchronizationImportMessageMoveRequest {
        source_folder_id: Bytes32,
        source_message_id: Bytes32,
        predecessor_change_list: Bytes32,
        destination_message_id: Bytes32,
        change_number: Bytes32,
    }
}
request! {
    /// RopSynchronizationImportDeletes request (0x74).
    RopSynchronizationImportDeletesRequest { import_delete_flags: u8, property_values: TaggedValues }
}
wire_struct! {
    /// MessageReadState (MS-OXCROPS 2.2.13.3.1.1).
    MessageReadState { message_id: Bytes16, mark_as_read: u8 }
}

/// MessageReadStates with a u16 byte size in front.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MessageReadStates(pub Vec<MessageReadState>);

impl Wire for MessageReadStates {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("MessageReadStateSize")? as usize;
        let mut s = r.sub(n, "MessageReadStates")?;
        let mut v = Vec::new();
        while !s.is_empty() {
            v.push(MessageReadState::read(&mut s)?);
        }
        Ok(MessageReadStates(v))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        let at = out.len();
        out.put_u16(0);
        super::wire::write_all(&self.0, out)?;
        let n = len_u16(out.len() - at - 2, "MessageReadStateSize")?;
        out[at..at + 2].copy_from_slice(&n.to_le_bytes());
        Ok(())
    }
}

request! {
    /// RopSynchronizationImportReadStateChanges request (0x80).
    RopSynchronizationImportReadStateChangesRequest { message_read_states: MessageReadStates }
}
request! {
    /// RopSynchronizationOpenCollector request (0x7E).
    RopSynchronizationOpenCollectorRequest out { is_contents_collector: u8 }
}
request! {
    /// RopSynchronizationGetTransferState request (0x82).
    RopSynchronizationGetTransferStateRequest out {}
}
request! {
    /// RopSynchronizationUploadStateStreamBegin request (0x75).
    RopSynchronizationUploadStateStreamBeginRequest { state_property: u32, transfer_buffer_size: u32 }
}
request! {
    /// RopSynchronizationUploadStateStreamContinue request (0x76).
    RopSynchronizationUploadStateStreamContinueRequest { stream_data: Bytes32 }
}
request! {
    /// RopSynchronizationUploadStateStreamEnd request (0x77).
    RopSynchronizationUploadStateStreamEndRequest {}
}
wire_struct! {
    /// LongTermIdRange (MS-OXCROPS 2.2.13.12.1.1).
    LongTermIdRange { min_long_term_id: LongTermId, max_long_term_id: LongTermId }
}

/// DataSize (u16, bytes of what follows), LongTermIdRangeCount (u32), LongTermIdRanges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LongTermIdRanges(pub Vec<LongTermIdRange>);

impl Wire for LongTermIdRanges {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("DataSize")? as usize;
        let mut s = r.sub(n, "LongTermIdRanges")?;
        let c = s.u32("LongTermIdRangeCount")? as usize;
        let v = read_vec(&mut s, c, 48, "LongTermIdRangeCount")?;
        if !s.is_empty() {
            return Err(RopError::Invalid {
                what: "DataSize",
                offset: s.offset(),
                reason: "bytes left after the ranges",
            });
        }
        Ok(LongTermIdRanges(v))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(len_u16(4 + 48 * self.0.len(), "DataSize")?);
        out.put_u32(len_u32(self.0.len(), "LongTermIdRangeCount")?);
        super::wire::write_all(&self.0, out)
    }
}

request! {
    /// RopSetLocalReplicaMidsetDeleted request (0x93).
    RopSetLocalReplicaMidsetDeletedRequest { ranges: LongTermIdRanges }
}
request! {
    /// RopGetLocalReplicaIds request (0x7F).
    RopGetLocalReplicaIdsRequest { id_count: u32 }
}
response! {
    /// RopGetLocalReplicaIds success response.
    RopGetLocalReplicaIdsResponse { replica_guid: Guid, global_count: [u8; 6] }
}
