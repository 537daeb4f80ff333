//! FastTransfer ROPs (MS-OXCROPS 2.2.12; MS-OXCFXICS 2.2.3.1).

use super::macros::{always_response, request};
use super::reader::{Put, Reader};
use super::wire::{len_u16, Bytes16, Wire};
use super::{RequestHandles, ResponseBody, ResponseContext, Result, SERVER_BUSY};
use crate::prop::{IdList, PropTagArray};

request! {
    /// RopFastTransferDestinationConfigure request (0x53).
    RopFastTransferDestinationConfigureRequest out { source_operation: u8, copy_flags: u8 }
}
request! {
    /// RopFastTransferDestinationPutBuffer request (0x54).
    RopFastTransferDestinationPutBufferRequest { transfer_data: Bytes16 }
}
always_response! {
    /// RopFastTransferDestinationPutBuffer response (fields present in every case).
    RopFastTransferDestinationPutBufferResponse {
        transfer_status: u16,
        in_progress_count: u16,
        total_step_count: u16,
        reserved: u8,
        buffer_used_size: u16,
    }
}
request! {
    /// RopFastTransferDestinationPutBufferExtended request (0x9D).
    RopFastTransferDestinationPutBufferExtendedRequest { transfer_data: Bytes16 }
}
always_response! {
    /// RopFastTransferDestinationPutBufferExtended response (fields present in every case).
    RopFastTransferDestinationPutBufferExtendedResponse {
        transfer_status: u16,
        in_progress_count: u32,
        total_step_count: u32,
        reserved: u8,
        buffer_used_size: u16,
    }
}

/// RopFastTransferSourceGetBuffer request (0x4E): BufferSize, and MaximumBufferSize when
/// BufferSize is 0xBABE.
#[derive(Clone, Debug, PartialEq)]
pub struct RopFastTransferSourceGetBufferRequest {
    /// LogonId.
    pub logon_id: u8,
    /// InputHandleIndex.
    pub input_handle_index: u8,
    /// BufferSize.
    pub buffer_size: u16,
    /// MaximumBufferSize.
    pub maximum_buffer_size: Option<u16>,
}

impl Wire for RopFastTransferSourceGetBufferRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let input_handle_index = r.u8("InputHandleIndex")?;
        let buffer_size = r.u16("BufferSize")?;
        let maximum_buffer_size = if buffer_size == super::stream::BABE {
            Some(r.u16("MaximumBufferSize")?)
        } else {
            None
        };
        Ok(RopFastTransferSourceGetBufferRequest {
            logon_id,
            input_handle_index,
            buffer_size,
            maximum_buffer_size,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.logon_id);
        out.put_u8(self.input_handle_index);
        out.put_u16(self.buffer_size);
        if let Some(m) = self.maximum_buffer_size {
            out.put_u16(m);
        }
        Ok(())
    }
}

impl RequestHandles for RopFastTransferSourceGetBufferRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn input_handle_index(&self) -> Option<u8> {
        Some(self.input_handle_index)
    }
}

/// RopFastTransferSourceGetBuffer response body.
#[derive(Clone, Debug, PartialEq)]
pub enum RopFastTransferSourceGetBufferResponse {
    /// Success: TransferStatus (0 Error, 1 Partial, 2 NoRoom, 3 Done), progress counts and a
    /// piece of the FastTransfer stream.
    Data {
        /// TransferStatus.
        transfer_status: u16,
        /// InProgressCount.
        in_progress_count: u16,
        /// TotalStepCount.
        total_step_count: u16,
        /// Reserved.
        reserved: u8,
        /// TransferBuffer.
        transfer_buffer: Vec<u8>,
    },
    /// ecServerBusy (0x480): BackoffTime in milliseconds.
    Backoff {
        /// BackoffTime.
        backoff_time: u32,
    },
    /// Other failure.
    Failed,
}

impl ResponseBody for RopFastTransferSourceGetBufferResponse {
    fn read_body(r: &mut Reader<'_>, rc: u32, _: &ResponseContext<'_>) -> Result<Self> {
        Ok(match rc {
            0 => {
                let transfer_status = r.u16("TransferStatus")?;
                let in_progress_count = r.u16("InProgressCount")?;
                let total_step_count = r.u16("TotalStepCount")?;
                let reserved = r.u8("Reserved")?;
                let n = r.u16("TransferBufferSize")? as usize;
                RopFastTransferSourceGetBufferResponse::Data {
                    transfer_status,
                    in_progress_count,
                    total_step_count,
                    reserved,
                    transfer_buffer: r.take(n, "TransferBuffer")?.to_vec(),
                }
            }
            SERVER_BUSY => RopFastTransferSourceGetBufferResponse::Backoff {
                backoff_time: r.u32("BackoffTime")?,
            },
            _ => RopFastTransferSourceGetBufferResponse::Failed,
        })
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            RopFastTransferSourceGetBufferResponse::Data {
                transfer_status,
                in_progress_count,
                total_step_count,
                reserved,
                transfer_buffer,
            } => {
                out.put_u16(*transfer_status);
                out.put_u16(*in_progress_count);
                out.put_u16(*total_step_count);
                out.put_u8(*reserved);
                out.put_u16(len_u16(transfer_buffer.len(), "TransferBufferSize")?);
                out.extend_from_slice(transfer_buffer);
            }
            RopFastTransferSourceGetBufferResponse::Backoff { backoff_time } => {
                out.put_u32(*backoff_time)
            }
            RopFastTransferSourceGetBufferResponse::Failed => {}
        }
        Ok(())
    }
}

request! {
    /// RopFastTransferSourceCopyFolder request (0x4C).
    RopFastTransferSourceCopyFolderRequest out { copy_flags: u8, send_options: u8 }
}
request! {
    /// RopFastTransferSourceCopyMessages request (0x4B).
    RopFastTransferSourceCopyMessagesRequest out { message_ids: IdList, copy_flags: u8, send_options: u8 }
}
request! {
    /// RopFastTransferSourceCopyTo request (0x4D).
    RopFastTransferSourceCopyToRequest out {
        level: u8,
        copy_flags: u32,
        send_options: u8,
        property_tags: PropTagArray,
    }
}
request! {
    /// RopFastTransferSourceCopyProperties request (0x69).
    RopFastTransferSourceCopyPropertiesRequest out {
        level: u8,
        copy_flags: u8,
        send_options: u8,
        property_tags: PropTagArray,
    }
}
request! {
    /// RopTellVersion request (0x86).
    RopTellVersionRequest { version: [u8; 6] }
}
