//! Notification ROPs (MS-OXCROPS 2.2.14; MS-OXCNOTIF): RopRegisterNotification, RopNotify
//! and RopPending.

use super::reader::{Put, Reader};
use super::wire::{len_u16, Wire};
use super::{RequestHandles, Result};
use crate::prop::{Encoding, FolderId, MessageId, PropTag, PropertyRow};

/// RopRegisterNotification request (0x29): NotificationTypes, Reserved, WantWholeStore, and
/// FolderId + MessageId when WantWholeStore is zero.
#[derive(Clone, Debug, PartialEq)]
pub struct RopRegisterNotificationRequest {
    /// LogonId.
    pub logon_id: u8,
    /// InputHandleIndex.
    pub input_handle_index: u8,
    /// OutputHandleIndex.
    pub output_handle_index: u8,
    /// NotificationTypes.
    pub notification_types: u8,
    /// Reserved.
    pub reserved: u8,
    /// WantWholeStore as sent.
    pub want_whole_store: u8,
    /// FolderId and MessageId.
    pub ids: Option<(FolderId, MessageId)>,
}

impl Wire for RopRegisterNotificationRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let input_handle_index = r.u8("InputHandleIndex")?;
        let output_handle_index = r.u8("OutputHandleIndex")?;
        let notification_types = r.u8("NotificationTypes")?;
        let reserved = r.u8("Reserved")?;
        let want_whole_store = r.u8("WantWholeStore")?;
        let ids = if want_whole_store == 0 {
            Some((FolderId::read(r)?, MessageId::read(r)?))
        } else {
            None
        };
        Ok(RopRegisterNotificationRequest {
            logon_id,
            input_handle_index,
            output_handle_index,
            notification_types,
            reserved,
            want_whole_store,
            ids,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&[
            self.logon_id,
            self.input_handle_index,
            self.output_handle_index,
            self.notification_types,
            self.reserved,
            self.want_whole_store,
        ]);
        if let Some((f, m)) = &self.ids {
            f.write(out)?;
            m.write(out)?;
        }
        Ok(())
    }
}

impl RequestHandles for RopRegisterNotificationRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn input_handle_index(&self) -> Option<u8> {
        Some(self.input_handle_index)
    }
    fn output_handle_index(&self) -> Option<u8> {
        Some(self.output_handle_index)
    }
}

/// NotificationFlags bits (MS-OXCNOTIF 2.2.1.4.1.1).
pub mod flags {
    /// NotificationType mask.
    pub const TYPE_MASK: u16 = 0x0FFF;
    /// NewMail.
    pub const NEW_MAIL: u16 = 0x0002;
    /// ObjectCreated.
    pub const OBJECT_CREATED: u16 = 0x0004;
    /// ObjectDeleted.
    pub const OBJECT_DELETED: u16 = 0x0008;
    /// ObjectModified.
    pub const OBJECT_MODIFIED: u16 = 0x0010;
    /// ObjectMoved.
    pub const OBJECT_MOVED: u16 = 0x0020;
    /// ObjectCopied.
    pub const OBJECT_COPIED: u16 = 0x0040;
    /// SearchComplete.
    pub const SEARCH_COMPLETE: u16 = 0x0080;
    /// TableModified.
    pub const TABLE_MODIFIED: u16 = 0x0100;
    /// StatusObjectModified.
    pub const STATUS_OBJECT_MODIFIED: u16 = 0x0200;
    /// Extended: no FolderId or MessageId follows.
    pub const EXTENDED: u16 = 0x0400;
    /// T: TotalMessageCount present.
    pub const T: u16 = 0x1000;
    /// U: UnreadMessageCount present.
    pub const U: u16 = 0x2000;
    /// S: search folder.
    pub const S: u16 = 0x4000;
    /// M: the notification is about a message.
    pub const M: u16 = 0x8000;
}

/// NotificationData (MS-OXCNOTIF 2.2.1.4.1.2). Which fields exist follows from the flags and
/// the table event; absent fields are `None`:
///
/// - TableModified (0x0100): TableEventType; for row added, deleted or modified (3, 4, 5)
///   TableRowFolderID, and with M TableRowMessageID and TableRowInstance; for row added or
///   modified (3, 5) InsertAfterTableRowFolderID, with M InsertAfterTableRowID and
///   InsertAfterTableRowInstance, then TableRowDataSize and TableRowData. Nothing else.
/// - Any other type but Extended (0x0400): FolderId, and MessageId with M.
/// - Created, deleted, moved, copied: ParentFolderId when S and M are both clear (a folder)
///   or both set (a message in a search folder).
/// - Moved, copied: OldFolderId, then OldMessageId with M or OldParentFolderId without.
/// - Created, modified: TagCount, and Tags unless it is 0x0000 or 0xFFFF.
/// - T: TotalMessageCount; U: UnreadMessageCount.
/// - NewMail: MessageFlags, UnicodeFlag, MessageClass (UTF-16 when UnicodeFlag is set).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NotificationData {
    /// NotificationFlags.
    pub flags: u16,
    /// TableEventType.
    pub table_event_type: Option<u16>,
    /// TableRowFolderID.
    pub table_row_folder_id: Option<FolderId>,
    /// TableRowMessageID.
    pub table_row_message_id: Option<MessageId>,
    /// TableRowInstance.
    pub table_row_instance: Option<u32>,
    /// InsertAfterTableRowFolderID.
    pub insert_after_folder_id: Option<FolderId>,
    /// InsertAfterTableRowID.
    pub insert_after_row_id: Option<MessageId>,
    /// InsertAfterTableRowInstance.
    pub insert_after_instance: Option<u32>,
    /// TableRowData (a PropertyRow over the table's columns): raw as read, a row once
    /// [`NotificationData::apply_columns`] was given the columns.
    pub table_row_data: Option<TableRowData>,
    /// FolderId.
    pub folder_id: Option<FolderId>,
    /// MessageId.
    pub message_id: Option<MessageId>,
    /// ParentFolderId.
    pub parent_folder_id: Option<FolderId>,
    /// OldFolderId.
    pub old_folder_id: Option<FolderId>,
    /// OldMessageId.
    pub old_message_id: Option<MessageId>,
    /// OldParentFolderId.
    pub old_parent_folder_id: Option<FolderId>,
    /// TagCount.
    pub tag_count: Option<u16>,
    /// Tags.
    pub tags: Vec<PropTag>,
    /// TotalMessageCount.
    pub total_message_count: Option<u32>,
    /// UnreadMessageCount.
    pub unread_message_count: Option<u32>,
    /// MessageFlags.
    pub message_flags: Option<u32>,
    /// UnicodeFlag.
    pub unicode_flag: Option<u8>,
    /// MessageClass, as sent without its terminator.
    pub message_class: Option<super::wire::TString>,
}

fn opt<T>(c: bool, f: impl FnOnce() -> Result<T>) -> Result<Option<T>> {
    if c {
        f().map(Some)
    } else {
        Ok(None)
    }
}

impl Wire for NotificationData {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        use flags::*;
        let f = r.u16("NotificationFlags")?;
        let ty = f & TYPE_MASK;
        let m = f & M != 0;
        let mut d = NotificationData {
            flags: f,
            ..Default::default()
        };
        if ty == TABLE_MODIFIED {
            let ev = r.u16("TableEventType")?;
            d.table_event_type = Some(ev);
            let row = matches!(ev, 3..=5);
            let ins = matches!(ev, 3 | 5);
            d.table_row_folder_id = opt(row, || FolderId::read(r))?;
            d.table_row_message_id = opt(row && m, || MessageId::read(r))?;
            d.table_row_instance = opt(row && m, || r.u32("TableRowInstance"))?;
            d.insert_after_folder_id = opt(ins, || FolderId::read(r))?;
            d.insert_after_row_id = opt(ins && m, || MessageId::read(r))?;
            d.insert_after_instance = opt(ins && m, || r.u32("InsertAfterTableRowInstance"))?;
            d.table_row_data = opt(ins, || {
                let n = r.u16("TableRowDataSize")? as usize;
                Ok(TableRowData::Raw(r.take(n, "TableRowData")?.to_vec()))
            })?;
            return Ok(d);
        }
        let moved = matches!(ty, OBJECT_MOVED | OBJECT_COPIED);
        let parent = matches!(ty, OBJECT_CREATED | OBJECT_DELETED) || moved;
        // ParentFolderId belongs to folders and to messages of search folders: S and M both
        // clear or both set.
        let s_bit = f & S != 0;
        let ids = ty != EXTENDED;
        d.folder_id = opt(ids, || FolderId::read(r))?;
        d.message_id = opt(ids && m, || MessageId::read(r))?;
        d.parent_folder_id = opt(parent && s_bit == m, || FolderId::read(r))?;
        d.old_folder_id = opt(moved, || FolderId::read(r))?;
        d.old_message_id = opt(moved && m, || MessageId::read(r))?;
        d.old_parent_folder_id = opt(moved && !m, || FolderId::read(r))?;
        if matches!(ty, OBJECT_CREATED | OBJECT_MODIFIED) {
            let n = r.u16("TagCount")?;
            d.tag_count = Some(n);
            if n != 0 && n != 0xFFFF {
                d.tags = super::wire::read_vec(r, n as usize, 4, "TagCount")?;
            }
        }
        d.total_message_count = opt(f & T != 0, || r.u32("TotalMessageCount"))?;
        d.unread_message_count = opt(f & U != 0, || r.u32("UnreadMessageCount"))?;
        if ty == NEW_MAIL {
            d.message_flags = Some(r.u32("MessageFlags")?);
            let u = r.u8("UnicodeFlag")?;
            d.unicode_flag = Some(u);
            d.message_class = Some(super::wire::TString::read(r, u != 0, "MessageClass")?);
        }
        Ok(d)
    }

    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(self.flags);
        if let Some(ev) = self.table_event_type {
            out.put_u16(ev);
        }
        for i in [&self.table_row_folder_id, &self.table_row_message_id]
            .into_iter()
            .flatten()
        {
            i.write(out)?;
        }
        if let Some(v) = self.table_row_instance {
            out.put_u32(v);
        }
        for i in [&self.insert_after_folder_id, &self.insert_after_row_id]
            .into_iter()
            .flatten()
        {
            i.write(out)?;
        }
        if let Some(v) = self.insert_after_instance {
            out.put_u32(v);
        }
        match &self.table_row_data {
            Some(TableRowData::Raw(b)) => {
                out.put_u16(len_u16(b.len(), "TableRowDataSize")?);
                out.extend_from_slice(b);
            }
            Some(TableRowData::Row(row)) => {
                let mut b = Vec::new();
                row.write(&mut b, Encoding::ROP)?;
                out.put_u16(len_u16(b.len(), "TableRowDataSize")?);
                out.extend_from_slice(&b);
            }
            None => {}
        }
        for i in [
            &self.folder_id,
            &self.message_id,
            &self.parent_folder_id,
            &self.old_folder_id,
            &self.old_message_id,
            &self.old_parent_folder_id,
        ]
        .into_iter()
        .flatten()
        {
            i.write(out)?;
        }
        if let Some(n) = self.tag_count {
            out.put_u16(n);
            super::wire::write_all(&self.tags, out)?;
        }
        for v in [
            self.total_message_count,
            self.unread_message_count,
            self.message_flags,
        ]
        .into_iter()
        .flatten()
        {
            out.put_u32(v);
        }
        if let Some(u) = self.unicode_flag {
            out.put_u8(u);
        }
        if let Some(c) = &self.message_class {
            c.write(out, self.unicode_flag.unwrap_or(0) != 0)?;
        }
        Ok(())
    }
}

/// TableRowData of a TableModified notification (MS-OXCNOTIF 2.2.1.4.1.2).
#[derive(Clone, Debug, PartialEq)]
pub enum TableRowData {
    /// The row read over the table's columns.
    Row(PropertyRow),
    /// The bytes as sent: the columns are unknown, or the bytes are not one row over them.
    Raw(Vec<u8>),
}

impl NotificationData {
    /// Reads a raw TableRowData as a PropertyRow over `columns` (those of the table's last
    /// RopSetColumns). The data stays raw unless the row takes exactly TableRowDataSize
    /// octets. Returns whether the row was read.
    pub fn apply_columns(&mut self, columns: &[PropTag]) -> bool {
        let Some(TableRowData::Raw(b)) = &self.table_row_data else {
            return false;
        };
        let mut r = Reader::new(b);
        match PropertyRow::read(&mut r, columns, Encoding::ROP) {
            Ok(row) if r.is_empty() => {
                self.table_row_data = Some(TableRowData::Row(row));
                true
            }
            _ => false,
        }
    }
}

/// RopNotify response (0x2A): NotificationHandle, LogonId, NotificationData. It has no
/// request; servers insert it into response buffers.
#[derive(Clone, Debug, PartialEq)]
pub struct RopNotifyResponse {
    /// NotificationHandle (the server object handle of the subscription).
    pub notification_handle: u32,
    /// LogonId.
    pub logon_id: u8,
    /// NotificationData.
    pub data: NotificationData,
}

impl Wire for RopNotifyResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(RopNotifyResponse {
            notification_handle: r.u32("NotificationHandle")?,
            logon_id: r.u8("LogonId")?,
            data: NotificationData::read(r)?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u32(self.notification_handle);
        out.put_u8(self.logon_id);
        self.data.write(out)
    }
}

super::macros::wire_struct! {
    /// RopPending response (0x6E): SessionIndex of the session with pending notifications.
    RopPendingResponse { session_index: u16 }
}
