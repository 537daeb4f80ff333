//! Message and attachment ROPs (MS-OXCROPS 2.2.6; MS-OXCMSG).

use super::macros::{always_response, request, response};
use super::reader::{Put, Reader};
use super::wire::{len_u16, read_vec, Wire};
use super::{LogonKinds, RequestHandles, Result, RopError};
use crate::prop::{AString, FolderId, IdList, MessageId, PropTagArray, RecipientRow, WString};

/// TypedString (MS-OXCROPS 2.2.6.1.2.1): StringType then the string it announces.
#[derive(Clone, Debug, PartialEq)]
pub enum TypedString {
    /// 0x00: no string.
    None,
    /// 0x01: empty string.
    Empty,
    /// 0x02: 8-bit string.
    String8(AString),
    /// 0x03: reduced Unicode (8-bit bytes of a UTF-16 string whose high bytes are zero).
    Reduced(AString),
    /// 0x04: UTF-16 string.
    Unicode(WString),
}

impl Wire for TypedString {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let off = r.offset();
        Ok(match r.u8("StringType")? {
            0 => TypedString::None,
            1 => TypedString::Empty,
            2 => TypedString::String8(AString::read(r, "String")?),
            3 => TypedString::Reduced(AString::read(r, "String")?),
            4 => TypedString::Unicode(WString::read(r, "String")?),
            _ => {
                return Err(RopError::Invalid {
                    what: "StringType",
                    offset: off,
                    reason: "not 0x00..0x04",
                })
            }
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            TypedString::None => out.put_u8(0),
            TypedString::Empty => out.put_u8(1),
            TypedString::String8(s) => {
                out.put_u8(2);
                s.write(out)?
            }
            TypedString::Reduced(s) => {
                out.put_u8(3);
                s.write(out)?
            }
            TypedString::Unicode(s) => {
                out.put_u8(4);
                s.write(out)?
            }
        }
        Ok(())
    }
}

/// A RecipientRow with a u16 RecipientRowSize in front; size 0 means no row (allowed in
/// RopModifyRecipients to delete a recipient).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SizedRecipientRow(pub Option<RecipientRow>);

impl Wire for SizedRecipientRow {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u16("RecipientRowSize")? as usize;
        if n == 0 {
            return Ok(SizedRecipientRow(None));
        }
        let mut s = r.sub(n, "RecipientRow")?;
        Ok(SizedRecipientRow(Some(RecipientRow::read(&mut s)?)))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        let at = out.len();
        out.put_u16(0);
        if let Some(row) = &self.0 {
            row.write(out)?;
        }
        let n = len_u16(out.len() - at - 2, "RecipientRowSize")?;
        out[at..at + 2].copy_from_slice(&n.to_le_bytes());
        Ok(())
    }
}

super::macros::wire_struct! {
    /// OpenRecipientRow (RopOpenMessage, RopReloadCachedInformation,
    /// RopOpenEmbeddedMessage).
    OpenRecipientRow { recipient_type: u8, code_page_id: u16, reserved: u16, row: SizedRecipientRow }
}

/// OpenRecipientRows with a u8 count.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpenRecipientRows(pub Vec<OpenRecipientRow>);

impl Wire for OpenRecipientRows {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u8("RowCount")? as usize;
        Ok(OpenRecipientRows(read_vec(r, n, 7, "RowCount")?))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(super::wire::len_u8(self.0.len(), "RowCount")?);
        super::wire::write_all(&self.0, out)
    }
}

request! {
    /// RopOpenMessage request (0x03).
    RopOpenMessageRequest out {
        code_page_id: u16,
        folder_id: FolderId,
        open_mode_flags: u8,
        message_id: MessageId,
    }
}
response! {
    /// RopOpenMessage and RopReloadCachedInformation success response.
    RopOpenMessageResponse {
        has_named_properties: u8,
        subject_prefix: TypedString,
        normalized_subject: TypedString,
        recipient_count: u16,
        recipient_columns: PropTagArray,
        recipient_rows: OpenRecipientRows,
    }
}
request! {
    /// RopCreateMessage request (0x06).
    RopCreateMessageRequest out { code_page_id: u16, folder_id: FolderId, associated_flag: u8 }
}

/// RopCreateMessage success response: HasMessageId then MessageId when nonzero.
#[derive(Clone, Debug, PartialEq)]
pub struct RopCreateMessageResponse {
    /// HasMessageId as sent.
    pub has_message_id: u8,
    /// MessageId.
    pub message_id: Option<MessageId>,
}

impl Wire for RopCreateMessageResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let has_message_id = r.u8("HasMessageId")?;
        let message_id = if has_message_id != 0 {
            Some(MessageId::read(r)?)
        } else {
            None
        };
        Ok(RopCreateMessageResponse {
            has_message_id,
            message_id,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.has_message_id);
        if let Some(m) = &self.message_id {
            m.write(out)?;
        }
        Ok(())
    }
}

request! {
    /// RopSaveChangesMessage request (0x0C), MS-OXCROPS 2.2.6.3.1: ResponseHandleIndex
    /// (the folder, which the response header carries) comes before InputHandleIndex.
    RopSaveChangesMessageRequest resp { save_flags: u8 }
}
response! {
    /// RopSaveChangesMessage success response.
    RopSaveChangesMessageResponse { input_handle_index: u8, message_id: MessageId }
}
request! {
    /// RopRemoveAllRecipients request (0x0D).
    RopRemoveAllRecipientsRequest { reserved: u32 }
}
super::macros::wire_struct! {
    /// ModifyRecipientRow (MS-OXCROPS 2.2.6.5.1.1).
    ModifyRecipientRow { row_id: u32, recipient_type: u8, row: SizedRecipientRow }
}
super::wire::counted_list!(
    /// ModifyRecipientRows with a u16 count.
    ModifyRecipientRows,
    ModifyRecipientRow,
    u16,
    7,
    "RowCount"
);
request! {
    /// RopModifyRecipients request (0x0E).
    RopModifyRecipientsRequest { recipient_columns: PropTagArray, recipient_rows: ModifyRecipientRows }
}
request! {
    /// RopReadRecipients request (0x0F).
    RopReadRecipientsRequest { row_id: u32, reserved: u16 }
}
super::macros::wire_struct! {
    /// ReadRecipientRow (MS-OXCROPS 2.2.6.6.2.1).
    ReadRecipientRow { row_id: u32, recipient_type: u8, code_page_id: u16, reserved: u16, row: SizedRecipientRow }
}

/// ReadRecipientRows with a u8 count.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadRecipientRows(pub Vec<ReadRecipientRow>);

impl Wire for ReadRecipientRows {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.u8("RowCount")? as usize;
        Ok(ReadRecipientRows(read_vec(r, n, 11, "RowCount")?))
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(super::wire::len_u8(self.0.len(), "RowCount")?);
        super::wire::write_all(&self.0, out)
    }
}

response! {
    /// RopReadRecipients success response.
    RopReadRecipientsResponse { recipient_rows: ReadRecipientRows }
}
request! {
    /// RopReloadCachedInformation request (0x10).
    RopReloadCachedInformationRequest { reserved: u16 }
}
request! {
    /// RopSetMessageStatus request (0x20).
    RopSetMessageStatusRequest { message_id: MessageId, message_status_flags: u32, message_status_mask: u32 }
}
response! {
    /// RopSetMessageStatus and RopGetMessageStatus success response.
    MessageStatusResponse { message_status_flags: u32 }
}
request! {
    /// RopGetMessageStatus request (0x1F).
    RopGetMessageStatusRequest { message_id: MessageId }
}
request! {
    /// RopSetReadFlags request (0x66).
    RopSetReadFlagsRequest { want_asynchronous: u8, read_flags: u8, message_ids: IdList }
}

/// RopSetMessageReadFlag request (0x11), MS-OXCROPS 2.2.6.11.1: LogonId, ResponseHandleIndex
/// (the folder), InputHandleIndex (the message), ReadFlags, and ClientData (24 bytes) on
/// public-folder logons.
#[derive(Clone, Debug, PartialEq)]
pub struct RopSetMessageReadFlagRequest {
    /// LogonId.
    pub logon_id: u8,
    /// ResponseHandleIndex.
    pub response_handle_index: u8,
    /// InputHandleIndex.
    pub input_handle_index: u8,
    /// ReadFlags.
    pub read_flags: u8,
    /// ClientData.
    pub client_data: Option<[u8; 24]>,
}

impl RopSetMessageReadFlagRequest {
    pub(crate) fn read_with(r: &mut Reader<'_>, logons: &LogonKinds) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let response_handle_index = r.u8("ResponseHandleIndex")?;
        let input_handle_index = r.u8("InputHandleIndex")?;
        let read_flags = r.u8("ReadFlags")?;
        let client_data = if logons.is_public(logon_id) {
            Some(r.array("ClientData")?)
        } else {
            None
        };
        Ok(RopSetMessageReadFlagRequest {
            logon_id,
            input_handle_index,
            response_handle_index,
            read_flags,
            client_data,
        })
    }
    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&[
            self.logon_id,
            self.response_handle_index,
            self.input_handle_index,
            self.read_flags,
        ]);
        if let Some(c) = &self.client_data {
            out.extend_from_slice(c);
        }
        Ok(())
    }
}

impl RequestHandles for RopSetMessageReadFlagRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn input_handle_index(&self) -> Option<u8> {
        Some(self.input_handle_index)
    }
}

/// RopSetMessageReadFlag success response (MS-OXCROPS 2.2.6.11.2): ReadStatusChanged, then
/// LogonId and ClientData when it is nonzero. A failure (2.2.6.11.3) ends at ReturnValue.
#[derive(Clone, Debug, PartialEq)]
pub struct RopSetMessageReadFlagResponse {
    /// ReadStatusChanged.
    pub read_status_changed: u8,
    /// LogonId and ClientData.
    pub changed: Option<(u8, [u8; 24])>,
}

impl Wire for RopSetMessageReadFlagResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let read_status_changed = r.u8("ReadStatusChanged")?;
        let changed = if read_status_changed != 0 {
            Some((r.u8("LogonId")?, r.array("ClientData")?))
        } else {
            None
        };
        Ok(RopSetMessageReadFlagResponse {
            read_status_changed,
            changed,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.read_status_changed);
        if let Some((l, c)) = &self.changed {
            out.put_u8(*l);
            out.extend_from_slice(c);
        }
        Ok(())
    }
}

request! {
    /// RopOpenAttachment request (0x22).
    RopOpenAttachmentRequest out { open_attachment_flags: u8, attachment_id: u32 }
}
request! {
    /// RopCreateAttachment request (0x23).
    RopCreateAttachmentRequest out {}
}
response! {
    /// RopCreateAttachment success response.
    RopCreateAttachmentResponse { attachment_id: u32 }
}
request! {
    /// RopDeleteAttachment request (0x24).
    RopDeleteAttachmentRequest { attachment_id: u32 }
}
request! {
    /// RopSaveChangesAttachment request (0x25), MS-OXCROPS 2.2.6.15.1: ResponseHandleIndex
    /// (the message, which the response header carries) comes before InputHandleIndex.
    RopSaveChangesAttachmentRequest resp { save_flags: u8 }
}
request! {
    /// RopOpenEmbeddedMessage request (0x46).
    RopOpenEmbeddedMessageRequest out { code_page_id: u16, open_mode_flags: u8 }
}
response! {
    /// RopOpenEmbeddedMessage success response.
    RopOpenEmbeddedMessageResponse {
        reserved: u8,
        message_id: MessageId,
        has_named_properties: u8,
        subject_prefix: TypedString,
        normalized_subject: TypedString,
        recipient_count: u16,
        recipient_columns: PropTagArray,
        recipient_rows: OpenRecipientRows,
    }
}
request! {
    /// RopGetAttachmentTable request (0x21).
    RopGetAttachmentTableRequest out { table_flags: u8 }
}
request! {
    /// RopGetValidAttachments request (0x52).
    RopGetValidAttachmentsRequest {}
}
super::wire::counted_list!(
    /// Attachment ids with a u16 count.
    AttachmentIds,
    u32,
    u16,
    4,
    "AttachmentIdCount"
);
response! {
    /// RopGetValidAttachments success response.
    RopGetValidAttachmentsResponse { attachment_ids: AttachmentIds }
}

always_response! {
    /// A response with nothing after ReturnValue.
    EmptyResponse {}
}
