//! Folder ROPs (MS-OXCROPS 2.2.4; MS-OXCFOLD).

use super::logon::Ghosted;
use super::macros::{always_response, request, response};
use super::reader::{Put, Reader};
use super::wire::{SizedRestriction, TString, Wire};
use super::{RequestHandles, ResponseBody, ResponseContext, Result, NULL_DESTINATION_OBJECT};
use crate::prop::{FolderId, IdList};

request! {
    /// RopOpenFolder request (0x02).
    RopOpenFolderRequest out { folder_id: FolderId, open_mode_flags: u8 }
}
response! {
    /// RopOpenFolder success response.
    RopOpenFolderResponse { has_rules: u8, ghosted: Ghosted }
}

/// RopCreateFolder request (0x1C). DisplayName and Comment are UTF-16 when
/// UseUnicodeStrings is nonzero.
#[derive(Clone, Debug, PartialEq)]
pub struct RopCreateFolderRequest {
    /// LogonId.
    pub logon_id: u8,
    /// InputHandleIndex.
    pub input_handle_index: u8,
    /// OutputHandleIndex.
    pub output_handle_index: u8,
    /// FolderType.
    pub folder_type: u8,
    /// UseUnicodeStrings.
    pub use_unicode_strings: u8,
    /// OpenExisting.
    pub open_existing: u8,
    /// Reserved.
    pub reserved: u8,
    /// DisplayName.
    pub display_name: TString,
    /// Comment.
    pub comment: TString,
}

impl Wire for RopCreateFolderRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let input_handle_index = r.u8("InputHandleIndex")?;
        let output_handle_index = r.u8("OutputHandleIndex")?;
        let folder_type = r.u8("FolderType")?;
        let use_unicode_strings = r.u8("UseUnicodeStrings")?;
        let open_existing = r.u8("OpenExisting")?;
        let reserved = r.u8("Reserved")?;
        let u = use_unicode_strings != 0;
        Ok(RopCreateFolderRequest {
            logon_id,
            input_handle_index,
            output_handle_index,
            folder_type,
            use_unicode_strings,
            open_existing,
            reserved,
            display_name: TString::read(r, u, "DisplayName")?,
            comment: TString::read(r, u, "Comment")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&[
            self.logon_id,
            self.input_handle_index,
            self.output_handle_index,
            self.folder_type,
            self.use_unicode_strings,
            self.open_existing,
            self.reserved,
        ]);
        let u = self.use_unicode_strings != 0;
        self.display_name.write(out, u)?;
        self.comment.write(out, u)
    }
}

impl RequestHandles for RopCreateFolderRequest {
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

/// RopCreateFolder success response: FolderId, IsExistingFolder and, for an existing folder,
/// HasRules and the ghost information.
#[derive(Clone, Debug, PartialEq)]
pub struct RopCreateFolderResponse {
    /// FolderId.
    pub folder_id: FolderId,
    /// IsExistingFolder as sent.
    pub is_existing_folder: u8,
    /// HasRules and IsGhosted, present when IsExistingFolder is nonzero.
    pub existing: Option<(u8, Ghosted)>,
}

impl Wire for RopCreateFolderResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let folder_id = FolderId::read(r)?;
        let is_existing_folder = r.u8("IsExistingFolder")?;
        let existing = if is_existing_folder != 0 {
            Some((r.u8("HasRules")?, Ghosted::read(r)?))
        } else {
            None
        };
        Ok(RopCreateFolderResponse {
            folder_id,
            is_existing_folder,
            existing,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        self.folder_id.write(out)?;
        out.put_u8(self.is_existing_folder);
        if let Some((h, g)) = &self.existing {
            out.put_u8(*h);
            g.write(out)?;
        }
        Ok(())
    }
}

request! {
    /// RopDeleteFolder request (0x1D).
    RopDeleteFolderRequest { delete_folder_flags: u8, folder_id: FolderId }
}
always_response! {
    /// Response of RopDeleteFolder, RopDeleteMessages, RopHardDeleteMessages,
    /// RopHardDeleteMessagesAndSubfolders, RopEmptyFolder and RopSetReadFlags: PartialCompletion
    /// follows the ReturnValue whatever its value.
    PartialCompletionResponse { partial_completion: u8 }
}
request! {
    /// RopSetSearchCriteria request (0x30).
    RopSetSearchCriteriaRequest {
        restriction: SizedRestriction,
        folder_ids: IdList,
        search_flags: u32,
    }
}
request! {
    /// RopGetSearchCriteria request (0x31).
    RopGetSearchCriteriaRequest { use_unicode: u8, include_restriction: u8, include_folders: u8 }
}
response! {
    /// RopGetSearchCriteria success response.
    RopGetSearchCriteriaResponse {
        restriction: SizedRestriction,
        logon_id: u8,
        folder_ids: IdList,
        search_flags: u32,
    }
}
request! {
    /// RopMoveCopyMessages request (0x33).
    RopMoveCopyMessagesRequest dest {
        message_ids: IdList,
        want_asynchronous: u8,
        want_copy: u8,
    }
}

/// Response of RopMoveCopyMessages, RopMoveFolder and RopCopyFolder: on
/// ecNullDestinationObject (0x503) a DestHandleIndex (u32) comes first, then PartialCompletion
/// in every case.
#[derive(Clone, Debug, PartialEq)]
pub struct MoveCopyResponse {
    /// DestHandleIndex (null-destination failure only).
    pub dest_handle_index: Option<u32>,
    /// PartialCompletion.
    pub partial_completion: u8,
}

impl ResponseBody for MoveCopyResponse {
    fn read_body(r: &mut Reader<'_>, rc: u32, _: &ResponseContext<'_>) -> Result<Self> {
        let dest_handle_index = if rc == NULL_DESTINATION_OBJECT {
            Some(r.u32("DestHandleIndex")?)
        } else {
            None
        };
        Ok(MoveCopyResponse {
            dest_handle_index,
            partial_completion: r.u8("PartialCompletion")?,
        })
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(d) = self.dest_handle_index {
            out.put_u32(d);
        }
        out.put_u8(self.partial_completion);
        Ok(())
    }
}

/// RopMoveFolder request (0x35).
#[derive(Clone, Debug, PartialEq)]
pub struct RopMoveFolderRequest {
    /// LogonId.
    pub logon_id: u8,
    /// SourceHandleIndex.
    pub input_handle_index: u8,
    /// DestHandleIndex.
    pub dest_handle_index: u8,
    /// WantAsynchronous.
    pub want_asynchronous: u8,
    /// UseUnicode.
    pub use_unicode: u8,
    /// FolderId.
    pub folder_id: FolderId,
    /// NewFolderName.
    pub new_folder_name: TString,
}

impl Wire for RopMoveFolderRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let input_handle_index = r.u8("SourceHandleIndex")?;
        let dest_handle_index = r.u8("DestHandleIndex")?;
        let want_asynchronous = r.u8("WantAsynchronous")?;
        let use_unicode = r.u8("UseUnicode")?;
        let folder_id = FolderId::read(r)?;
        Ok(RopMoveFolderRequest {
            logon_id,
            input_handle_index,
            dest_handle_index,
            want_asynchronous,
            use_unicode,
            folder_id,
            new_folder_name: TString::read(r, use_unicode != 0, "NewFolderName")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&[
            self.logon_id,
            self.input_handle_index,
            self.dest_handle_index,
            self.want_asynchronous,
            self.use_unicode,
        ]);
        self.folder_id.write(out)?;
        self.new_folder_name.write(out, self.use_unicode != 0)
    }
}

impl RequestHandles for RopMoveFolderRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn input_handle_index(&self) -> Option<u8> {
        Some(self.input_handle_index)
    }
    fn dest_handle_index(&self) -> Option<u8> {
        Some(self.dest_handle_index)
    }
}

/// RopCopyFolder request (0x36).
#[derive(Clone, Debug, PartialEq)]
pub struct RopCopyFolderRequest {
    /// LogonId.
    pub logon_id: u8,
    /// SourceHandleIndex.
    pub input_handle_index: u8,
    /// DestHandleIndex.
    pub dest_handle_index: u8,
    /// WantAsynchronous.
    pub want_asynchronous: u8,
    /// WantRecursive.
    pub want_recursive: u8,
    /// UseUnicode.
    pub use_unicode: u8,
    /// FolderId.
    pub folder_id: FolderId,
    /// NewFolderName.
    pub new_folder_name: TString,
}

impl Wire for RopCopyFolderRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let input_handle_index = r.u8("SourceHandleIndex")?;
        let dest_handle_index = r.u8("DestHandleIndex")?;
        let want_asynchronous = r.u8("WantAsynchronous")?;
        let want_recursive = r.u8("WantRecursive")?;
        let use_unicode = r.u8("UseUnicode")?;
        let folder_id = FolderId::read(r)?;
        Ok(RopCopyFolderRequest {
            logon_id,
            input_handle_index,
            dest_handle_index,
            want_asynchronous,
            want_recursive,
            use_unicode,
            folder_id,
            new_folder_name: TString::read(r, use_unicode != 0, "NewFolderName")?,
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&[
            self.logon_id,
            self.input_handle_index,
            self.dest_handle_index,
            self.want_asynchronous,
            self.want_recursive,
            self.use_unicode,
        ]);
        self.folder_id.write(out)?;
        self.new_folder_name.write(out, self.use_unicode != 0)
    }
}

impl RequestHandles for RopCopyFolderRequest {
    fn logon_id(&self) -> u8 {
        self.logon_id
    }
    fn input_handle_index(&self) -> Option<u8> {
        Some(self.input_handle_index)
    }
    fn dest_handle_index(&self) -> Option<u8> {
        Some(self.dest_handle_index)
    }
}

request! {
    /// RopEmptyFolder request (0x58).
    RopEmptyFolderRequest { want_asynchronous: u8, want_delete_associated: u8 }
}
request! {
    /// RopHardDeleteMessagesAndSubfolders request (0x92).
    RopHardDeleteMessagesAndSubfoldersRequest { want_asynchronous: u8, want_delete_associated: u8 }
}
request! {
    /// RopDeleteMessages request (0x1E).
    RopDeleteMessagesRequest { want_asynchronous: u8, notify_non_read: u8, message_ids: IdList }
}
request! {
    /// RopHardDeleteMessages request (0x91).
    RopHardDeleteMessagesRequest { want_asynchronous: u8, notify_non_read: u8, message_ids: IdList }
}
request! {
    /// RopGetHierarchyTable request (0x04).
    RopGetHierarchyTableRequest out { table_flags: u8 }
}
response! {
    /// RopGetHierarchyTable and RopGetContentsTable success response.
    RowCountResponse { row_count: u32 }
}
request! {
    /// RopGetContentsTable request (0x05).
    RopGetContentsTableRequest out { table_flags: u8 }
}
