//! Stream ROPs (MS-OXCROPS 2.2.9; MS-OXCPRPT).

use super::macros::{always_response, request, response};
use super::reader::{Put, Reader};
use super::wire::{Bytes16, Wire};
use super::{RequestHandles, ResponseBody, ResponseContext, Result, NULL_DESTINATION_OBJECT};

/// ByteCount value meaning "MaximumByteCount follows".
pub const BABE: u16 = 0xBABE;

/// RopReadStream request (0x2C): ByteCount, and MaximumByteCount when ByteCount is 0xBABE.
#[derive(Clone, Debug, PartialEq)]
pub struct RopReadStreamRequest {
    /// LogonId.
    pub logon_id: u8,
    /// InputHandleIndex.
    pub input_handle_index: u8,
    /// ByteCount.
    pub byte_count: u16,
    /// MaximumByteCount.
    pub maximum_byte_count: Option<u32>,
}

impl Wire for RopReadStreamRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let input_handle_index = r.u8("InputHandleIndex")?;
        let byte_count = r.u16("ByteCount")?;
        let maximum_byte_count = if byte_count == BABE {
            Some(r.u32("MaximumByteCount")?)
        } else {
            None
        };
        Ok(RopReadStreamRequest {
            logon_id,
            input_handle_index,
            byte_count,
            maximum_byte_count,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.logon_id);
        out.put_u8(self.input_handle_index);
        out.put_u16(self.byte_count);
        if let Some(m) = self.maximum_byte_count {
            out.put_u32(m);
        }
        Ok(())
    }
}

impl RequestHandles for RopReadStreamRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn input_handle_index(&self) -> Option<u8> {
        Some(self.input_handle_index)
    }
}

always_response! {
    /// RopReadStream response: DataSize and Data follow the ReturnValue in every case.
    RopReadStreamResponse { data: Bytes16 }
}
request! {
    /// RopWriteStream request (0x2D).
    RopWriteStreamRequest { data: Bytes16 }
}
always_response! {
    /// RopWriteStream and RopWriteAndCommitStream response: WrittenSize (u16) in every case.
    RopWriteStreamResponse { written_size: u16 }
}
request! {
    /// RopWriteStreamExtended request (0xA3).
    RopWriteStreamExtendedRequest { data: Bytes16 }
}
always_response! {
    /// RopWriteStreamExtended response: WrittenSize (u32) in every case.
    RopWriteStreamExtendedResponse { written_size: u32 }
}
request! {
    /// RopCommitStream request (0x5D).
    RopCommitStreamRequest {}
}
request! {
    /// RopGetStreamSize request (0x5E).
    RopGetStreamSizeRequest {}
}
response! {
    /// RopGetStreamSize success response.
    RopGetStreamSizeResponse { stream_size: u32 }
}
request! {
    /// RopSetStreamSize request (0x2F).
    RopSetStreamSizeRequest { stream_size: u64 }
}
request! {
    /// RopSeekStream request (0x2E).
    RopSeekStreamRequest { origin: u8, offset: u64 }
}
response! {
    /// RopSeekStream success response.
    RopSeekStreamResponse { new_position: u64 }
}
request! {
    /// RopCopyToStream request (0x3A).
    RopCopyToStreamRequest dest { byte_count: u64 }
}

/// RopCopyToStream response: DestHandleIndex (u32) on ecNullDestinationObject, then
/// ReadByteCount and WrittenByteCount in every case.
#[derive(Clone, Debug, PartialEq)]
pub struct RopCopyToStreamResponse {
    /// DestHandleIndex.
    pub dest_handle_index: Option<u32>,
    /// ReadByteCount.
    pub read_byte_count: u64,
    /// WrittenByteCount.
    pub written_byte_count: u64,
}

impl ResponseBody for RopCopyToStreamResponse {
    fn read_body(r: &mut Reader<'_>, rc: u32, _: &ResponseContext<'_>) -> Result<Self> {
        let dest_handle_index = if rc == NULL_DESTINATION_OBJECT {
            Some(r.u32("DestHandleIndex")?)
        } else {
            None
        };
        Ok(RopCopyToStreamResponse {
            dest_handle_index,
            read_byte_count: r.u64("ReadByteCount")?,
            written_byte_count: r.u64("WrittenByteCount")?,
        })
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(d) = self.dest_handle_index {
            out.put_u32(d);
        }
        out.put_u64(self.read_byte_count);
        out.put_u64(self.written_byte_count);
        Ok(())
    }
}

request! {
    /// RopLockRegionStream request (0x5B).
    RopLockRegionStreamRequest { region_offset: u64, region_size: u64, lock_flags: u32 }
}
request! {
    /// RopUnlockRegionStream request (0x5C).
    RopUnlockRegionStreamRequest { region_offset: u64, region_size: u64, lock_flags: u32 }
}
request! {
    /// RopWriteAndCommitStream request (0x90).
    RopWriteAndCommitStreamRequest { data: Bytes16 }
}
request! {
    /// RopCloneStream request (0x3B).
    RopCloneStreamRequest out {}
}
