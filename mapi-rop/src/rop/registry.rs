//! The RopId registry: dispatch of request and response ROPs on their first byte.
//!
//! Generated from one table (id, name, request type, response body type) so that the enums,
//! the names and the catalog cannot drift apart.

use super::reader::Reader;
use super::wire::Wire;
use super::{
    control, fast_transfer, folder, ics, logon, message, notification, permission, property, rule,
    stream, table, transport, LogonKinds, OkOrWarn, Reply, RequestHandles, ResponseContext, Result,
    RopError,
};

/// A decoded request ROP.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum RopRequest {
    /// RopRelease (0x01).
    Release(control::RopReleaseRequest),
    /// RopOpenFolder (0x02).
    OpenFolder(folder::RopOpenFolderRequest),
    /// RopOpenMessage (0x03).
    OpenMessage(message::RopOpenMessageRequest),
    /// RopGetHierarchyTable (0x04).
    GetHierarchyTable(folder::RopGetHierarchyTableRequest),
    /// RopGetContentsTable (0x05).
    GetContentsTable(folder::RopGetContentsTableRequest),
    /// RopCreateMessage (0x06).
    CreateMessage(message::RopCreateMessageRequest),
    /// RopGetPropertiesSpecific (0x07).
    GetPropertiesSpecific(property::RopGetPropertiesSpecificRequest),
    /// RopGetPropertiesAll (0x08).
    GetPropertiesAll(property::RopGetPropertiesAllRequest),
    /// RopGetPropertiesList (0x09).
    GetPropertiesList(property::RopGetPropertiesListRequest),
    /// RopSetProperties (0x0A).
    SetProperties(property::RopSetPropertiesRequest),
    /// RopDeleteProperties (0x0B).
    DeleteProperties(property::RopDeletePropertiesRequest),
    /// RopSaveChangesMessage (0x0C).
    SaveChangesMessage(message::RopSaveChangesMessageRequest),
    /// RopRemoveAllRecipients (0x0D).
    RemoveAllRecipients(message::RopRemoveAllRecipientsRequest),
    /// RopModifyRecipients (0x0E).
    ModifyRecipients(message::RopModifyRecipientsRequest),
    /// RopReadRecipients (0x0F).
    ReadRecipients(message::RopReadRecipientsRequest),
    /// RopReloadCachedInformation (0x10).
    ReloadCachedInformation(message::RopReloadCachedInformationRequest),
    /// RopSetMessageReadFlag (0x11).
    SetMessageReadFlag(message::RopSetMessageReadFlagRequest),
    /// RopSetColumns (0x12).
    SetColumns(table::RopSetColumnsRequest),
    /// RopSortTable (0x13).
    SortTable(table::RopSortTableRequest),
    /// RopRestrict (0x14).
    Restrict(table::RopRestrictRequest),
    /// RopQueryRows (0x15).
    QueryRows(table::RopQueryRowsRequest),
    /// RopGetStatus (0x16).
    GetStatus(table::RopGetStatusRequest),
    /// RopQueryPosition (0x17).
    QueryPosition(table::RopQueryPositionRequest),
    /// RopSeekRow (0x18).
    SeekRow(table::RopSeekRowRequest),
    /// RopSeekRowBookmark (0x19).
    SeekRowBookmark(table::RopSeekRowBookmarkRequest),
    /// RopSeekRowFractional (0x1A).
    SeekRowFractional(table::RopSeekRowFractionalRequest),
    /// RopCreateBookmark (0x1B).
    CreateBookmark(table::RopCreateBookmarkRequest),
    /// RopCreateFolder (0x1C).
    CreateFolder(folder::RopCreateFolderRequest),
    /// RopDeleteFolder (0x1D).
    DeleteFolder(folder::RopDeleteFolderRequest),
    /// RopDeleteMessages (0x1E).
    DeleteMessages(folder::RopDeleteMessagesRequest),
    /// RopGetMessageStatus (0x1F).
    GetMessageStatus(message::RopGetMessageStatusRequest),
    /// RopSetMessageStatus (0x20).
    SetMessageStatus(message::RopSetMessageStatusRequest),
    /// RopGetAttachmentTable (0x21).
    GetAttachmentTable(message::RopGetAttachmentTableRequest),
    /// RopOpenAttachment (0x22).
    OpenAttachment(message::RopOpenAttachmentRequest),
    /// RopCreateAttachment (0x23).
    CreateAttachment(message::RopCreateAttachmentRequest),
    /// RopDeleteAttachment (0x24).
    DeleteAttachment(message::RopDeleteAttachmentRequest),
    /// RopSaveChangesAttachment (0x25).
    SaveChangesAttachment(message::RopSaveChangesAttachmentRequest),
    /// RopSetReceiveFolder (0x26).
    SetReceiveFolder(logon::RopSetReceiveFolderRequest),
    /// RopGetReceiveFolder (0x27).
    GetReceiveFolder(logon::RopGetReceiveFolderRequest),
    /// RopRegisterNotification (0x29).
    RegisterNotification(notification::RopRegisterNotificationRequest),
    /// RopOpenStream (0x2B).
    OpenStream(property::RopOpenStreamRequest),
    /// RopReadStream (0x2C).
    ReadStream(stream::RopReadStreamRequest),
    /// RopWriteStream (0x2D).
    WriteStream(stream::RopWriteStreamRequest),
    /// RopSeekStream (0x2E).
    SeekStream(stream::RopSeekStreamRequest),
    /// RopSetStreamSize (0x2F).
    SetStreamSize(stream::RopSetStreamSizeRequest),
    /// RopSetSearchCriteria (0x30).
    SetSearchCriteria(folder::RopSetSearchCriteriaRequest),
    /// RopGetSearchCriteria (0x31).
    GetSearchCriteria(folder::RopGetSearchCriteriaRequest),
    /// RopSubmitMessage (0x32).
    SubmitMessage(transport::RopSubmitMessageRequest),
    /// RopMoveCopyMessages (0x33).
    MoveCopyMessages(folder::RopMoveCopyMessagesRequest),
    /// RopAbortSubmit (0x34).
    AbortSubmit(transport::RopAbortSubmitRequest),
    /// RopMoveFolder (0x35).
    MoveFolder(folder::RopMoveFolderRequest),
    /// RopCopyFolder (0x36).
    CopyFolder(folder::RopCopyFolderRequest),
    /// RopQueryColumnsAll (0x37).
    QueryColumnsAll(table::RopQueryColumnsAllRequest),
    /// RopAbort (0x38).
    Abort(table::RopAbortRequest),
    /// RopCopyTo (0x39).
    CopyTo(property::RopCopyToRequest),
    /// RopCopyToStream (0x3A).
    CopyToStream(stream::RopCopyToStreamRequest),
    /// RopCloneStream (0x3B).
    CloneStream(stream::RopCloneStreamRequest),
    /// RopGetPermissionsTable (0x3E).
    GetPermissionsTable(permission::RopGetPermissionsTableRequest),
    /// RopGetRulesTable (0x3F).
    GetRulesTable(rule::RopGetRulesTableRequest),
    /// RopModifyPermissions (0x40).
    ModifyPermissions(permission::RopModifyPermissionsRequest),
    /// RopModifyRules (0x41).
    ModifyRules(rule::RopModifyRulesRequest),
    /// RopGetOwningServers (0x42).
    GetOwningServers(logon::RopGetOwningServersRequest),
    /// RopLongTermIdFromId (0x43).
    LongTermIdFromId(logon::RopLongTermIdFromIdRequest),
    /// RopIdFromLongTermId (0x44).
    IdFromLongTermId(logon::RopIdFromLongTermIdRequest),
    /// RopPublicFolderIsGhosted (0x45).
    PublicFolderIsGhosted(logon::RopPublicFolderIsGhostedRequest),
    /// RopOpenEmbeddedMessage (0x46).
    OpenEmbeddedMessage(message::RopOpenEmbeddedMessageRequest),
    /// RopSetSpooler (0x47).
    SetSpooler(transport::RopSetSpoolerRequest),
    /// RopSpoolerLockMessage (0x48).
    SpoolerLockMessage(transport::RopSpoolerLockMessageRequest),
    /// RopGetAddressTypes (0x49).
    GetAddressTypes(transport::RopGetAddressTypesRequest),
    /// RopTransportSend (0x4A).
    TransportSend(transport::RopTransportSendRequest),
    /// RopFastTransferSourceCopyMessages (0x4B).
    FastTransferSourceCopyMessages(fast_transfer::RopFastTransferSourceCopyMessagesRequest),
    /// RopFastTransferSourceCopyFolder (0x4C).
    FastTransferSourceCopyFolder(fast_transfer::RopFastTransferSourceCopyFolderRequest),
    /// RopFastTransferSourceCopyTo (0x4D).
    FastTransferSourceCopyTo(fast_transfer::RopFastTransferSourceCopyToRequest),
    /// RopFastTransferSourceGetBuffer (0x4E).
    FastTransferSourceGetBuffer(fast_transfer::RopFastTransferSourceGetBufferRequest),
    /// RopFindRow (0x4F).
    FindRow(table::RopFindRowRequest),
    /// RopProgress (0x50).
    Progress(property::RopProgressRequest),
    /// RopTransportNewMail (0x51).
    TransportNewMail(transport::RopTransportNewMailRequest),
    /// RopGetValidAttachments (0x52).
    GetValidAttachments(message::RopGetValidAttachmentsRequest),
    /// RopFastTransferDestinationConfigure (0x53).
    FastTransferDestinationConfigure(fast_transfer::RopFastTransferDestinationConfigureRequest),
    /// RopFastTransferDestinationPutBuffer (0x54).
    FastTransferDestinationPutBuffer(fast_transfer::RopFastTransferDestinationPutBufferRequest),
    /// RopGetNamesFromPropertyIds (0x55).
    GetNamesFromPropertyIds(property::RopGetNamesFromPropertyIdsRequest),
    /// RopGetPropertyIdsFromNames (0x56).
    GetPropertyIdsFromNames(property::RopGetPropertyIdsFromNamesRequest),
    /// RopUpdateDeferredActionMessages (0x57).
    UpdateDeferredActionMessages(rule::RopUpdateDeferredActionMessagesRequest),
    /// RopEmptyFolder (0x58).
    EmptyFolder(folder::RopEmptyFolderRequest),
    /// RopExpandRow (0x59).
    ExpandRow(table::RopExpandRowRequest),
    /// RopCollapseRow (0x5A).
    CollapseRow(table::RopCollapseRowRequest),
    /// RopLockRegionStream (0x5B).
    LockRegionStream(stream::RopLockRegionStreamRequest),
    /// RopUnlockRegionStream (0x5C).
    UnlockRegionStream(stream::RopUnlockRegionStreamRequest),
    /// RopCommitStream (0x5D).
    CommitStream(stream::RopCommitStreamRequest),
    /// RopGetStreamSize (0x5E).
    GetStreamSize(stream::RopGetStreamSizeRequest),
    /// RopQueryNamedProperties (0x5F).
    QueryNamedProperties(property::RopQueryNamedPropertiesRequest),
    /// RopGetPerUserLongTermIds (0x60).
    GetPerUserLongTermIds(logon::RopGetPerUserLongTermIdsRequest),
    /// RopGetPerUserGuid (0x61).
    GetPerUserGuid(logon::RopGetPerUserGuidRequest),
    /// RopReadPerUserInformation (0x63).
    ReadPerUserInformation(logon::RopReadPerUserInformationRequest),
    /// RopWritePerUserInformation (0x64).
    WritePerUserInformation(logon::RopWritePerUserInformationRequest),
    /// RopSetReadFlags (0x66).
    SetReadFlags(message::RopSetReadFlagsRequest),
    /// RopCopyProperties (0x67).
    CopyProperties(property::RopCopyPropertiesRequest),
    /// RopGetReceiveFolderTable (0x68).
    GetReceiveFolderTable(logon::RopGetReceiveFolderTableRequest),
    /// RopFastTransferSourceCopyProperties (0x69).
    FastTransferSourceCopyProperties(fast_transfer::RopFastTransferSourceCopyPropertiesRequest),
    /// RopGetCollapseState (0x6B).
    GetCollapseState(table::RopGetCollapseStateRequest),
    /// RopSetCollapseState (0x6C).
    SetCollapseState(table::RopSetCollapseStateRequest),
    /// RopGetTransportFolder (0x6D).
    GetTransportFolder(transport::RopGetTransportFolderRequest),
    /// RopOptionsData (0x6F).
    OptionsData(transport::RopOptionsDataRequest),
    /// RopSynchronizationConfigure (0x70).
    SynchronizationConfigure(ics::RopSynchronizationConfigureRequest),
    /// RopSynchronizationImportMessageChange (0x72).
    SynchronizationImportMessageChange(ics::RopSynchronizationImportMessageChangeRequest),
    /// RopSynchronizationImportHierarchyChange (0x73).
    SynchronizationImportHierarchyChange(ics::RopSynchronizationImportHierarchyChangeRequest),
    /// RopSynchronizationImportDeletes (0x74).
    SynchronizationImportDeletes(ics::RopSynchronizationImportDeletesRequest),
    /// RopSynchronizationUploadStateStreamBegin (0x75).
    SynchronizationUploadStateStreamBegin(ics::RopSynchronizationUploadStateStreamBeginRequest),
    /// RopSynchronizationUploadStateStreamContinue (0x76).
    SynchronizationUploadStateStreamContinue(
        ics::RopSynchronizationUploadStateStreamContinueRequest,
    ),
    /// RopSynchronizationUploadStateStreamEnd (0x77).
    SynchronizationUploadStateStreamEnd(ics::RopSynchronizationUploadStateStreamEndRequest),
    /// RopSynchronizationImportMessageMove (0x78).
    SynchronizationImportMessageMove(ics::RopSynchronizationImportMessageMoveRequest),
    /// RopSetPropertiesNoReplicate (0x79).
    SetPropertiesNoReplicate(property::RopSetPropertiesNoReplicateRequest),
    /// RopDeletePropertiesNoReplicate (0x7A).
    DeletePropertiesNoReplicate(property::RopDeletePropertiesNoReplicateRequest),
    /// RopGetStoreState (0x7B).
    GetStoreState(logon::RopGetStoreStateRequest),
    /// RopSynchronizationOpenCollector (0x7E).
    SynchronizationOpenCollector(ics::RopSynchronizationOpenCollectorRequest),
    /// RopGetLocalReplicaIds (0x7F).
    GetLocalReplicaIds(ics::RopGetLocalReplicaIdsRequest),
    /// RopSynchronizationImportReadStateChanges (0x80).
    SynchronizationImportReadStateChanges(ics::RopSynchronizationImportReadStateChangesRequest),
    /// RopResetTable (0x81).
    ResetTable(table::RopResetTableRequest),
    /// RopSynchronizationGetTransferState (0x82).
    SynchronizationGetTransferState(ics::RopSynchronizationGetTransferStateRequest),
    /// RopTellVersion (0x86).
    TellVersion(fast_transfer::RopTellVersionRequest),
    /// RopFreeBookmark (0x89).
    FreeBookmark(table::RopFreeBookmarkRequest),
    /// RopWriteAndCommitStream (0x90).
    WriteAndCommitStream(stream::RopWriteAndCommitStreamRequest),
    /// RopHardDeleteMessages (0x91).
    HardDeleteMessages(folder::RopHardDeleteMessagesRequest),
    /// RopHardDeleteMessagesAndSubfolders (0x92).
    HardDeleteMessagesAndSubfolders(folder::RopHardDeleteMessagesAndSubfoldersRequest),
    /// RopSetLocalReplicaMidsetDeleted (0x93).
    SetLocalReplicaMidsetDeleted(ics::RopSetLocalReplicaMidsetDeletedRequest),
    /// RopFastTransferDestinationPutBufferExtended (0x9D).
    FastTransferDestinationPutBufferExtended(
        fast_transfer::RopFastTransferDestinationPutBufferExtendedRequest,
    ),
    /// RopWriteStreamExtended (0xA3).
    WriteStreamExtended(stream::RopWriteStreamExtendedRequest),
    /// RopLogon (0xFE).
    Logon(logon::RopLogonRequest),
}

/// A decoded response ROP.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum RopResponse {
    /// RopOpenFolder (0x02).
    OpenFolder(Reply<Option<folder::RopOpenFolderResponse>>),
    /// RopOpenMessage (0x03).
    OpenMessage(Reply<Option<message::RopOpenMessageResponse>>),
    /// RopGetHierarchyTable (0x04).
    GetHierarchyTable(Reply<Option<folder::RowCountResponse>>),
    /// RopGetContentsTable (0x05).
    GetContentsTable(Reply<Option<folder::RowCountResponse>>),
    /// RopCreateMessage (0x06).
    CreateMessage(Reply<Option<message::RopCreateMessageResponse>>),
    /// RopGetPropertiesSpecific (0x07).
    GetPropertiesSpecific(Reply<Option<property::RopGetPropertiesSpecificResponse>>),
    /// RopGetPropertiesAll (0x08).
    GetPropertiesAll(Reply<Option<property::TaggedValuesResponse>>),
    /// RopGetPropertiesList (0x09).
    GetPropertiesList(Reply<Option<table::PropTagsResponse>>),
    /// RopSetProperties (0x0A).
    SetProperties(Reply<Option<property::PropertyProblemsResponse>>),
    /// RopDeleteProperties (0x0B).
    DeleteProperties(Reply<Option<property::PropertyProblemsResponse>>),
    /// RopSaveChangesMessage (0x0C).
    SaveChangesMessage(Reply<Option<message::RopSaveChangesMessageResponse>>),
    /// RopRemoveAllRecipients (0x0D).
    RemoveAllRecipients(Reply<message::EmptyResponse>),
    /// RopModifyRecipients (0x0E).
    ModifyRecipients(Reply<message::EmptyResponse>),
    /// RopReadRecipients (0x0F).
    ReadRecipients(Reply<Option<message::RopReadRecipientsResponse>>),
    /// RopReloadCachedInformation (0x10).
    ReloadCachedInformation(Reply<Option<message::RopOpenMessageResponse>>),
    /// RopSetMessageReadFlag (0x11).
    SetMessageReadFlag(Reply<Option<message::RopSetMessageReadFlagResponse>>),
    /// RopSetColumns (0x12).
    SetColumns(Reply<Option<table::TableStatusResponse>>),
    /// RopSortTable (0x13).
    SortTable(Reply<Option<table::TableStatusResponse>>),
    /// RopRestrict (0x14).
    Restrict(Reply<Option<table::TableStatusResponse>>),
    /// RopQueryRows (0x15).
    QueryRows(Reply<Option<table::RopQueryRowsResponse>>),
    /// RopGetStatus (0x16).
    GetStatus(Reply<Option<table::TableStatusResponse>>),
    /// RopQueryPosition (0x17).
    QueryPosition(Reply<Option<table::RopQueryPositionResponse>>),
    /// RopSeekRow (0x18).
    SeekRow(Reply<Option<table::RopSeekRowResponse>>),
    /// RopSeekRowBookmark (0x19).
    SeekRowBookmark(Reply<Option<table::RopSeekRowBookmarkResponse>>),
    /// RopSeekRowFractional (0x1A).
    SeekRowFractional(Reply<message::EmptyResponse>),
    /// RopCreateBookmark (0x1B).
    CreateBookmark(Reply<Option<table::BookmarkResponse>>),
    /// RopCreateFolder (0x1C).
    CreateFolder(Reply<Option<folder::RopCreateFolderResponse>>),
    /// RopDeleteFolder (0x1D).
    DeleteFolder(Reply<folder::PartialCompletionResponse>),
    /// RopDeleteMessages (0x1E).
    DeleteMessages(Reply<folder::PartialCompletionResponse>),
    /// RopGetMessageStatus (0x1F).
    GetMessageStatus(Reply<Option<message::MessageStatusResponse>>),
    /// RopSetMessageStatus (0x20).
    SetMessageStatus(Reply<Option<message::MessageStatusResponse>>),
    /// RopGetAttachmentTable (0x21).
    GetAttachmentTable(Reply<message::EmptyResponse>),
    /// RopOpenAttachment (0x22).
    OpenAttachment(Reply<message::EmptyResponse>),
    /// RopCreateAttachment (0x23).
    CreateAttachment(Reply<Option<message::RopCreateAttachmentResponse>>),
    /// RopDeleteAttachment (0x24).
    DeleteAttachment(Reply<message::EmptyResponse>),
    /// RopSaveChangesAttachment (0x25).
    SaveChangesAttachment(Reply<message::EmptyResponse>),
    /// RopSetReceiveFolder (0x26).
    SetReceiveFolder(Reply<message::EmptyResponse>),
    /// RopGetReceiveFolder (0x27).
    GetReceiveFolder(Reply<Option<logon::RopGetReceiveFolderResponse>>),
    /// RopRegisterNotification (0x29).
    RegisterNotification(Reply<message::EmptyResponse>),
    /// RopOpenStream (0x2B).
    OpenStream(Reply<Option<property::RopOpenStreamResponse>>),
    /// RopReadStream (0x2C).
    ReadStream(Reply<stream::RopReadStreamResponse>),
    /// RopWriteStream (0x2D).
    WriteStream(Reply<stream::RopWriteStreamResponse>),
    /// RopSeekStream (0x2E).
    SeekStream(Reply<Option<stream::RopSeekStreamResponse>>),
    /// RopSetStreamSize (0x2F).
    SetStreamSize(Reply<message::EmptyResponse>),
    /// RopSetSearchCriteria (0x30).
    SetSearchCriteria(Reply<message::EmptyResponse>),
    /// RopGetSearchCriteria (0x31).
    GetSearchCriteria(Reply<Option<folder::RopGetSearchCriteriaResponse>>),
    /// RopSubmitMessage (0x32).
    SubmitMessage(Reply<message::EmptyResponse>),
    /// RopMoveCopyMessages (0x33).
    MoveCopyMessages(Reply<folder::MoveCopyResponse>),
    /// RopAbortSubmit (0x34).
    AbortSubmit(Reply<message::EmptyResponse>),
    /// RopMoveFolder (0x35).
    MoveFolder(Reply<folder::MoveCopyResponse>),
    /// RopCopyFolder (0x36).
    CopyFolder(Reply<folder::MoveCopyResponse>),
    /// RopQueryColumnsAll (0x37).
    QueryColumnsAll(Reply<Option<table::PropTagsResponse>>),
    /// RopAbort (0x38).
    Abort(Reply<Option<table::TableStatusResponse>>),
    /// RopCopyTo (0x39).
    CopyTo(Reply<property::CopyPropertiesResponse>),
    /// RopCopyToStream (0x3A).
    CopyToStream(Reply<stream::RopCopyToStreamResponse>),
    /// RopCloneStream (0x3B).
    CloneStream(Reply<message::EmptyResponse>),
    /// RopGetPermissionsTable (0x3E).
    GetPermissionsTable(Reply<message::EmptyResponse>),
    /// RopGetRulesTable (0x3F).
    GetRulesTable(Reply<message::EmptyResponse>),
    /// RopModifyPermissions (0x40).
    ModifyPermissions(Reply<message::EmptyResponse>),
    /// RopModifyRules (0x41).
    ModifyRules(Reply<message::EmptyResponse>),
    /// RopGetOwningServers (0x42).
    GetOwningServers(Reply<Option<logon::RopGetOwningServersResponse>>),
    /// RopLongTermIdFromId (0x43).
    LongTermIdFromId(Reply<Option<logon::RopLongTermIdFromIdResponse>>),
    /// RopIdFromLongTermId (0x44).
    IdFromLongTermId(Reply<Option<logon::RopIdFromLongTermIdResponse>>),
    /// RopPublicFolderIsGhosted (0x45).
    PublicFolderIsGhosted(Reply<Option<logon::RopPublicFolderIsGhostedResponse>>),
    /// RopOpenEmbeddedMessage (0x46).
    OpenEmbeddedMessage(Reply<Option<message::RopOpenEmbeddedMessageResponse>>),
    /// RopSetSpooler (0x47).
    SetSpooler(Reply<message::EmptyResponse>),
    /// RopSpoolerLockMessage (0x48).
    SpoolerLockMessage(Reply<message::EmptyResponse>),
    /// RopGetAddressTypes (0x49).
    GetAddressTypes(Reply<Option<transport::RopGetAddressTypesResponse>>),
    /// RopTransportSend (0x4A).
    TransportSend(Reply<Option<transport::RopTransportSendResponse>>),
    /// RopFastTransferSourceCopyMessages (0x4B).
    FastTransferSourceCopyMessages(Reply<message::EmptyResponse>),
    /// RopFastTransferSourceCopyFolder (0x4C).
    FastTransferSourceCopyFolder(Reply<message::EmptyResponse>),
    /// RopFastTransferSourceCopyTo (0x4D).
    FastTransferSourceCopyTo(Reply<message::EmptyResponse>),
    /// RopFastTransferSourceGetBuffer (0x4E).
    FastTransferSourceGetBuffer(Reply<fast_transfer::RopFastTransferSourceGetBufferResponse>),
    /// RopFindRow (0x4F).
    FindRow(Reply<Option<table::RopFindRowResponse>>),
    /// RopProgress (0x50).
    Progress(Reply<Option<property::RopProgressResponse>>),
    /// RopTransportNewMail (0x51).
    TransportNewMail(Reply<message::EmptyResponse>),
    /// RopGetValidAttachments (0x52).
    GetValidAttachments(Reply<Option<message::RopGetValidAttachmentsResponse>>),
    /// RopFastTransferDestinationConfigure (0x53).
    FastTransferDestinationConfigure(Reply<message::EmptyResponse>),
    /// RopFastTransferDestinationPutBuffer (0x54).
    FastTransferDestinationPutBuffer(
        Reply<fast_transfer::RopFastTransferDestinationPutBufferResponse>,
    ),
    /// RopGetNamesFromPropertyIds (0x55).
    GetNamesFromPropertyIds(Reply<OkOrWarn<property::RopGetNamesFromPropertyIdsResponse>>),
    /// RopGetPropertyIdsFromNames (0x56).
    GetPropertyIdsFromNames(Reply<OkOrWarn<property::RopGetPropertyIdsFromNamesResponse>>),
    /// RopUpdateDeferredActionMessages (0x57).
    UpdateDeferredActionMessages(Reply<message::EmptyResponse>),
    /// RopEmptyFolder (0x58).
    EmptyFolder(Reply<folder::PartialCompletionResponse>),
    /// RopExpandRow (0x59).
    ExpandRow(Reply<Option<table::RopExpandRowResponse>>),
    /// RopCollapseRow (0x5A).
    CollapseRow(Reply<Option<table::RopCollapseRowResponse>>),
    /// RopLockRegionStream (0x5B).
    LockRegionStream(Reply<message::EmptyResponse>),
    /// RopUnlockRegionStream (0x5C).
    UnlockRegionStream(Reply<message::EmptyResponse>),
    /// RopCommitStream (0x5D).
    CommitStream(Reply<message::EmptyResponse>),
    /// RopGetStreamSize (0x5E).
    GetStreamSize(Reply<Option<stream::RopGetStreamSizeResponse>>),
    /// RopQueryNamedProperties (0x5F).
    QueryNamedProperties(Reply<Option<property::RopQueryNamedPropertiesResponse>>),
    /// RopGetPerUserLongTermIds (0x60).
    GetPerUserLongTermIds(Reply<Option<logon::RopGetPerUserLongTermIdsResponse>>),
    /// RopGetPerUserGuid (0x61).
    GetPerUserGuid(Reply<Option<logon::RopGetPerUserGuidResponse>>),
    /// RopReadPerUserInformation (0x63).
    ReadPerUserInformation(Reply<Option<logon::RopReadPerUserInformationResponse>>),
    /// RopWritePerUserInformation (0x64).
    WritePerUserInformation(Reply<message::EmptyResponse>),
    /// RopSetReadFlags (0x66).
    SetReadFlags(Reply<folder::PartialCompletionResponse>),
    /// RopCopyProperties (0x67).
    CopyProperties(Reply<property::CopyPropertiesResponse>),
    /// RopGetReceiveFolderTable (0x68).
    GetReceiveFolderTable(Reply<Option<logon::RopGetReceiveFolderTableResponse>>),
    /// RopFastTransferSourceCopyProperties (0x69).
    FastTransferSourceCopyProperties(Reply<message::EmptyResponse>),
    /// RopGetCollapseState (0x6B).
    GetCollapseState(Reply<Option<table::RopGetCollapseStateResponse>>),
    /// RopSetCollapseState (0x6C).
    SetCollapseState(Reply<Option<table::BookmarkResponse>>),
    /// RopGetTransportFolder (0x6D).
    GetTransportFolder(Reply<Option<transport::RopGetTransportFolderResponse>>),
    /// RopOptionsData (0x6F).
    OptionsData(Reply<Option<transport::RopOptionsDataResponse>>),
    /// RopSynchronizationConfigure (0x70).
    SynchronizationConfigure(Reply<message::EmptyResponse>),
    /// RopSynchronizationImportMessageChange (0x72).
    SynchronizationImportMessageChange(Reply<Option<ics::MessageIdResponse>>),
    /// RopSynchronizationImportHierarchyChange (0x73).
    SynchronizationImportHierarchyChange(
        Reply<Option<ics::RopSynchronizationImportHierarchyChangeResponse>>,
    ),
    /// RopSynchronizationImportDeletes (0x74).
    SynchronizationImportDeletes(Reply<message::EmptyResponse>),
    /// RopSynchronizationUploadStateStreamBegin (0x75).
    SynchronizationUploadStateStreamBegin(Reply<message::EmptyResponse>),
    /// RopSynchronizationUploadStateStreamContinue (0x76).
    SynchronizationUploadStateStreamContinue(Reply<message::EmptyResponse>),
    /// RopSynchronizationUploadStateStreamEnd (0x77).
    SynchronizationUploadStateStreamEnd(Reply<message::EmptyResponse>),
    /// RopSynchronizationImportMessageMove (0x78).
    SynchronizationImportMessageMove(Reply<Option<ics::MessageIdResponse>>),
    /// RopSetPropertiesNoReplicate (0x79).
    SetPropertiesNoReplicate(Reply<Option<property::PropertyProblemsResponse>>),
    /// RopDeletePropertiesNoReplicate (0x7A).
    DeletePropertiesNoReplicate(Reply<Option<property::PropertyProblemsResponse>>),
    /// RopGetStoreState (0x7B).
    GetStoreState(Reply<Option<logon::RopGetStoreStateResponse>>),
    /// RopSynchronizationOpenCollector (0x7E).
    SynchronizationOpenCollector(Reply<message::EmptyResponse>),
    /// RopGetLocalReplicaIds (0x7F).
    GetLocalReplicaIds(Reply<Option<ics::RopGetLocalReplicaIdsResponse>>),
    /// RopSynchronizationImportReadStateChanges (0x80).
    SynchronizationImportReadStateChanges(Reply<message::EmptyResponse>),
    /// RopResetTable (0x81).
    ResetTable(Reply<message::EmptyResponse>),
    /// RopSynchronizationGetTransferState (0x82).
    SynchronizationGetTransferState(Reply<message::EmptyResponse>),
    /// RopTellVersion (0x86).
    TellVersion(Reply<message::EmptyResponse>),
    /// RopFreeBookmark (0x89).
    FreeBookmark(Reply<message::EmptyResponse>),
    /// RopWriteAndCommitStream (0x90).
    WriteAndCommitStream(Reply<stream::RopWriteStreamResponse>),
    /// RopHardDeleteMessages (0x91).
    HardDeleteMessages(Reply<folder::PartialCompletionResponse>),
    /// RopHardDeleteMessagesAndSubfolders (0x92).
    HardDeleteMessagesAndSubfolders(Reply<folder::PartialCompletionResponse>),
    /// RopSetLocalReplicaMidsetDeleted (0x93).
    SetLocalReplicaMidsetDeleted(Reply<message::EmptyResponse>),
    /// RopFastTransferDestinationPutBufferExtended (0x9D).
    FastTransferDestinationPutBufferExtended(
        Reply<fast_transfer::RopFastTransferDestinationPutBufferExtendedResponse>,
    ),
    /// RopWriteStreamExtended (0xA3).
    WriteStreamExtended(Reply<stream::RopWriteStreamExtendedResponse>),
    /// RopLogon (0xFE).
    Logon(Reply<logon::RopLogonResponse>),
    /// RopNotify (0x2A), response only.
    Notify(notification::RopNotifyResponse),
    /// RopPending (0x6E), response only.
    Pending(notification::RopPendingResponse),
    /// RopBackoff (0xF9), response only.
    Backoff(control::RopBackoffResponse),
    /// RopBufferTooSmall (0xFF), response only.
    BufferTooSmall(control::RopBufferTooSmallResponse),
}

/// The MS-OXCROPS name of a RopId, for every id this crate decodes.
pub fn rop_name(rop_id: u8) -> Option<&'static str> {
    Some(match rop_id {
        0x01 => "RopRelease",
        0x02 => "RopOpenFolder",
        0x03 => "RopOpenMessage",
        0x04 => "RopGetHierarchyTable",
        0x05 => "RopGetContentsTable",
        0x06 => "RopCreateMessage",
        0x07 => "RopGetPropertiesSpecific",
        0x08 => "RopGetPropertiesAll",
        0x09 => "RopGetPropertiesList",
        0x0A => "RopSetProperties",
        0x0B => "RopDeleteProperties",
        0x0C => "RopSaveChangesMessage",
        0x0D => "RopRemoveAllRecipients",
        0x0E => "RopModifyRecipients",
        0x0F => "RopReadRecipients",
        0x10 => "RopReloadCachedInformation",
        0x11 => "RopSetMessageReadFlag",
        0x12 => "RopSetColumns",
        0x13 => "RopSortTable",
        0x14 => "RopRestrict",
        0x15 => "RopQueryRows",
        0x16 => "RopGetStatus",
        0x17 => "RopQueryPosition",
        0x18 => "RopSeekRow",
        0x19 => "RopSeekRowBookmark",
        0x1A => "RopSeekRowFractional",
        0x1B => "RopCreateBookmark",
        0x1C => "RopCreateFolder",
        0x1D => "RopDeleteFolder",
        0x1E => "RopDeleteMessages",
        0x1F => "RopGetMessageStatus",
        0x20 => "RopSetMessageStatus",
        0x21 => "RopGetAttachmentTable",
        0x22 => "RopOpenAttachment",
        0x23 => "RopCreateAttachment",
        0x24 => "RopDeleteAttachment",
        0x25 => "RopSaveChangesAttachment",
        0x26 => "RopSetReceiveFolder",
        0x27 => "RopGetReceiveFolder",
        0x29 => "RopRegisterNotification",
        0x2A => "RopNotify",
        0x2B => "RopOpenStream",
        0x2C => "RopReadStream",
        0x2D => "RopWriteStream",
        0x2E => "RopSeekStream",
        0x2F => "RopSetStreamSize",
        0x30 => "RopSetSearchCriteria",
        0x31 => "RopGetSearchCriteria",
        0x32 => "RopSubmitMessage",
        0x33 => "RopMoveCopyMessages",
        0x34 => "RopAbortSubmit",
        0x35 => "RopMoveFolder",
        0x36 => "RopCopyFolder",
        0x37 => "RopQueryColumnsAll",
        0x38 => "RopAbort",
        0x39 => "RopCopyTo",
        0x3A => "RopCopyToStream",
        0x3B => "RopCloneStream",
        0x3E => "RopGetPermissionsTable",
        0x3F => "RopGetRulesTable",
        0x40 => "RopModifyPermissions",
        0x41 => "RopModifyRules",
        0x42 => "RopGetOwningServers",
        0x43 => "RopLongTermIdFromId",
        0x44 => "RopIdFromLongTermId",
        0x45 => "RopPublicFolderIsGhosted",
        0x46 => "RopOpenEmbeddedMessage",
        0x47 => "RopSetSpooler",
        0x48 => "RopSpoolerLockMessage",
        0x49 => "RopGetAddressTypes",
        0x4A => "RopTransportSend",
        0x4B => "RopFastTransferSourceCopyMessages",
        0x4C => "RopFastTransferSourceCopyFolder",
        0x4D => "RopFastTransferSourceCopyTo",
        0x4E => "RopFastTransferSourceGetBuffer",
        0x4F => "RopFindRow",
        0x50 => "RopProgress",
        0x51 => "RopTransportNewMail",
        0x52 => "RopGetValidAttachments",
        0x53 => "RopFastTransferDestinationConfigure",
        0x54 => "RopFastTransferDestinationPutBuffer",
        0x55 => "RopGetNamesFromPropertyIds",
        0x56 => "RopGetPropertyIdsFromNames",
        0x57 => "RopUpdateDeferredActionMessages",
        0x58 => "RopEmptyFolder",
        0x59 => "RopExpandRow",
        0x5A => "RopCollapseRow",
        0x5B => "RopLockRegionStream",
        0x5C => "RopUnlockRegionStream",
        0x5D => "RopCommitStream",
        0x5E => "RopGetStreamSize",
        0x5F => "RopQueryNamedProperties",
        0x60 => "RopGetPerUserLongTermIds",
        0x61 => "RopGetPerUserGuid",
        0x63 => "RopReadPerUserInformation",
        0x64 => "RopWritePerUserInformation",
        0x66 => "RopSetReadFlags",
        0x67 => "RopCopyProperties",
        0x68 => "RopGetReceiveFolderTable",
        0x69 => "RopFastTransferSourceCopyProperties",
        0x6B => "RopGetCollapseState",
        0x6C => "RopSetCollapseState",
        0x6D => "RopGetTransportFolder",
        0x6E => "RopPending",
        0x6F => "RopOptionsData",
        0x70 => "RopSynchronizationConfigure",
        0x72 => "RopSynchronizationImportMessageChange",
        0x73 => "RopSynchronizationImportHierarchyChange",
        0x74 => "RopSynchronizationImportDeletes",
        0x75 => "RopSynchronizationUploadStateStreamBegin",
        0x76 => "RopSynchronizationUploadStateStreamContinue",
        0x77 => "RopSynchronizationUploadStateStreamEnd",
        0x78 => "RopSynchronizationImportMessageMove",
        0x79 => "RopSetPropertiesNoReplicate",
        0x7A => "RopDeletePropertiesNoReplicate",
        0x7B => "RopGetStoreState",
        0x7E => "RopSynchronizationOpenCollector",
        0x7F => "RopGetLocalReplicaIds",
        0x80 => "RopSynchronizationImportReadStateChanges",
        0x81 => "RopResetTable",
        0x82 => "RopSynchronizationGetTransferState",
        0x86 => "RopTellVersion",
        0x89 => "RopFreeBookmark",
        0x90 => "RopWriteAndCommitStream",
        0x91 => "RopHardDeleteMessages",
        0x92 => "RopHardDeleteMessagesAndSubfolders",
        0x93 => "RopSetLocalReplicaMidsetDeleted",
        0x9D => "RopFastTransferDestinationPutBufferExtended",
        0xA3 => "RopWriteStreamExtended",
        0xF9 => "RopBackoff",
        0xFE => "RopLogon",
        0xFF => "RopBufferTooSmall",
        _ => return None,
    })
}

impl RopRequest {
    /// The RopId.
    pub fn rop_id(&self) -> u8 {
        match self {
            RopRequest::Release(_) => 0x01,
            RopRequest::OpenFolder(_) => 0x02,
            RopRequest::OpenMessage(_) => 0x03,
            RopRequest::GetHierarchyTable(_) => 0x04,
            RopRequest::GetContentsTable(_) => 0x05,
            RopRequest::CreateMessage(_) => 0x06,
            RopRequest::GetPropertiesSpecific(_) => 0x07,
            RopRequest::GetPropertiesAll(_) => 0x08,
            RopRequest::GetPropertiesList(_) => 0x09,
            RopRequest::SetProperties(_) => 0x0A,
            RopRequest::DeleteProperties(_) => 0x0B,
            RopRequest::SaveChangesMessage(_) => 0x0C,
            RopRequest::RemoveAllRecipients(_) => 0x0D,
            RopRequest::ModifyRecipients(_) => 0x0E,
            RopRequest::ReadRecipients(_) => 0x0F,
            RopRequest::ReloadCachedInformation(_) => 0x10,
            RopRequest::SetMessageReadFlag(_) => 0x11,
            RopRequest::SetColumns(_) => 0x12,
            RopRequest::SortTable(_) => 0x13,
            RopRequest::Restrict(_) => 0x14,
            RopRequest::QueryRows(_) => 0x15,
            RopRequest::GetStatus(_) => 0x16,
            RopRequest::QueryPosition(_) => 0x17,
            RopRequest::SeekRow(_) => 0x18,
            RopRequest::SeekRowBookmark(_) => 0x19,
            RopRequest::SeekRowFractional(_) => 0x1A,
            RopRequest::CreateBookmark(_) => 0x1B,
            RopRequest::CreateFolder(_) => 0x1C,
            RopRequest::DeleteFolder(_) => 0x1D,
            RopRequest::DeleteMessages(_) => 0x1E,
            RopRequest::GetMessageStatus(_) => 0x1F,
            RopRequest::SetMessageStatus(_) => 0x20,
            RopRequest::GetAttachmentTable(_) => 0x21,
            RopRequest::OpenAttachment(_) => 0x22,
            RopRequest::CreateAttachment(_) => 0x23,
            RopRequest::DeleteAttachment(_) => 0x24,
            RopRequest::SaveChangesAttachment(_) => 0x25,
            RopRequest::SetReceiveFolder(_) => 0x26,
            RopRequest::GetReceiveFolder(_) => 0x27,
            RopRequest::RegisterNotification(_) => 0x29,
            RopRequest::OpenStream(_) => 0x2B,
            RopRequest::ReadStream(_) => 0x2C,
            RopRequest::WriteStream(_) => 0x2D,
            RopRequest::SeekStream(_) => 0x2E,
            RopRequest::SetStreamSize(_) => 0x2F,
            RopRequest::SetSearchCriteria(_) => 0x30,
            RopRequest::GetSearchCriteria(_) => 0x31,
            RopRequest::SubmitMessage(_) => 0x32,
            RopRequest::MoveCopyMessages(_) => 0x33,
            RopRequest::AbortSubmit(_) => 0x34,
            RopRequest::MoveFolder(_) => 0x35,
            RopRequest::CopyFolder(_) => 0x36,
            RopRequest::QueryColumnsAll(_) => 0x37,
            RopRequest::Abort(_) => 0x38,
            RopRequest::CopyTo(_) => 0x39,
            RopRequest::CopyToStream(_) => 0x3A,
            RopRequest::CloneStream(_) => 0x3B,
            RopRequest::GetPermissionsTable(_) => 0x3E,
            RopRequest::GetRulesTable(_) => 0x3F,
            RopRequest::ModifyPermissions(_) => 0x40,
            RopRequest::ModifyRules(_) => 0x41,
            RopRequest::GetOwningServers(_) => 0x42,
            RopRequest::LongTermIdFromId(_) => 0x43,
            RopRequest::IdFromLongTermId(_) => 0x44,
            RopRequest::PublicFolderIsGhosted(_) => 0x45,
            RopRequest::OpenEmbeddedMessage(_) => 0x46,
            RopRequest::SetSpooler(_) => 0x47,
            RopRequest::SpoolerLockMessage(_) => 0x48,
            RopRequest::GetAddressTypes(_) => 0x49,
            RopRequest::TransportSend(_) => 0x4A,
            RopRequest::FastTransferSourceCopyMessages(_) => 0x4B,
            RopRequest::FastTransferSourceCopyFolder(_) => 0x4C,
            RopRequest::FastTransferSourceCopyTo(_) => 0x4D,
            RopRequest::FastTransferSourceGetBuffer(_) => 0x4E,
            RopRequest::FindRow(_) => 0x4F,
            RopRequest::Progress(_) => 0x50,
            RopRequest::TransportNewMail(_) => 0x51,
            RopRequest::GetValidAttachments(_) => 0x52,
            RopRequest::FastTransferDestinationConfigure(_) => 0x53,
            RopRequest::FastTransferDestinationPutBuffer(_) => 0x54,
            RopRequest::GetNamesFromPropertyIds(_) => 0x55,
            RopRequest::GetPropertyIdsFromNames(_) => 0x56,
            RopRequest::UpdateDeferredActionMessages(_) => 0x57,
            RopRequest::EmptyFolder(_) => 0x58,
            RopRequest::ExpandRow(_) => 0x59,
            RopRequest::CollapseRow(_) => 0x5A,
            RopRequest::LockRegionStream(_) => 0x5B,
            RopRequest::UnlockRegionStream(_) => 0x5C,
            RopRequest::CommitStream(_) => 0x5D,
            RopRequest::GetStreamSize(_) => 0x5E,
            RopRequest::QueryNamedProperties(_) => 0x5F,
            RopRequest::GetPerUserLongTermIds(_) => 0x60,
            RopRequest::GetPerUserGuid(_) => 0x61,
            RopRequest::ReadPerUserInformation(_) => 0x63,
            RopRequest::WritePerUserInformation(_) => 0x64,
            RopRequest::SetReadFlags(_) => 0x66,
            RopRequest::CopyProperties(_) => 0x67,
            RopRequest::GetReceiveFolderTable(_) => 0x68,
            RopRequest::FastTransferSourceCopyProperties(_) => 0x69,
            RopRequest::GetCollapseState(_) => 0x6B,
            RopRequest::SetCollapseState(_) => 0x6C,
            RopRequest::GetTransportFolder(_) => 0x6D,
            RopRequest::OptionsData(_) => 0x6F,
            RopRequest::SynchronizationConfigure(_) => 0x70,
            RopRequest::SynchronizationImportMessageChange(_) => 0x72,
            RopRequest::SynchronizationImportHierarchyChange(_) => 0x73,
            RopRequest::SynchronizationImportDeletes(_) => 0x74,
            RopRequest::SynchronizationUploadStateStreamBegin(_) => 0x75,
            RopRequest::SynchronizationUploadStateStreamContinue(_) => 0x76,
            RopRequest::SynchronizationUploadStateStreamEnd(_) => 0x77,
            RopRequest::SynchronizationImportMessageMove(_) => 0x78,
            RopRequest::SetPropertiesNoReplicate(_) => 0x79,
            RopRequest::DeletePropertiesNoReplicate(_) => 0x7A,
            RopRequest::GetStoreState(_) => 0x7B,
            RopRequest::SynchronizationOpenCollector(_) => 0x7E,
            RopRequest::GetLocalReplicaIds(_) => 0x7F,
            RopRequest::SynchronizationImportReadStateChanges(_) => 0x80,
            RopRequest::ResetTable(_) => 0x81,
            RopRequest::SynchronizationGetTransferState(_) => 0x82,
            RopRequest::TellVersion(_) => 0x86,
            RopRequest::FreeBookmark(_) => 0x89,
            RopRequest::WriteAndCommitStream(_) => 0x90,
            RopRequest::HardDeleteMessages(_) => 0x91,
            RopRequest::HardDeleteMessagesAndSubfolders(_) => 0x92,
            RopRequest::SetLocalReplicaMidsetDeleted(_) => 0x93,
            RopRequest::FastTransferDestinationPutBufferExtended(_) => 0x9D,
            RopRequest::WriteStreamExtended(_) => 0xA3,
            RopRequest::Logon(_) => 0xFE,
        }
    }

    /// The ROP's name.
    pub fn name(&self) -> &'static str {
        rop_name(self.rop_id()).unwrap_or("?")
    }

    fn handles(&self) -> &dyn RequestHandles {
        match self {
            RopRequest::Release(x) => x,
            RopRequest::OpenFolder(x) => x,
            RopRequest::OpenMessage(x) => x,
            RopRequest::GetHierarchyTable(x) => x,
            RopRequest::GetContentsTable(x) => x,
            RopRequest::CreateMessage(x) => x,
            RopRequest::GetPropertiesSpecific(x) => x,
            RopRequest::GetPropertiesAll(x) => x,
            RopRequest::GetPropertiesList(x) => x,
            RopRequest::SetProperties(x) => x,
            RopRequest::DeleteProperties(x) => x,
            RopRequest::SaveChangesMessage(x) => x,
            RopRequest::RemoveAllRecipients(x) => x,
            RopRequest::ModifyRecipients(x) => x,
            RopRequest::ReadRecipients(x) => x,
            RopRequest::ReloadCachedInformation(x) => x,
            RopRequest::SetMessageReadFlag(x) => x,
            RopRequest::SetColumns(x) => x,
            RopRequest::SortTable(x) => x,
            RopRequest::Restrict(x) => x,
            RopRequest::QueryRows(x) => x,
            RopRequest::GetStatus(x) => x,
            RopRequest::QueryPosition(x) => x,
            RopRequest::SeekRow(x) => x,
            RopRequest::SeekRowBookmark(x) => x,
            RopRequest::SeekRowFractional(x) => x,
            RopRequest::CreateBookmark(x) => x,
            RopRequest::CreateFolder(x) => x,
            RopRequest::DeleteFolder(x) => x,
            RopRequest::DeleteMessages(x) => x,
            RopRequest::GetMessageStatus(x) => x,
            RopRequest::SetMessageStatus(x) => x,
            RopRequest::GetAttachmentTable(x) => x,
            RopRequest::OpenAttachment(x) => x,
            RopRequest::CreateAttachment(x) => x,
            RopRequest::DeleteAttachment(x) => x,
            RopRequest::SaveChangesAttachment(x) => x,
            RopRequest::SetReceiveFolder(x) => x,
            RopRequest::GetReceiveFolder(x) => x,
            RopRequest::RegisterNotification(x) => x,
            RopRequest::OpenStream(x) => x,
            RopRequest::ReadStream(x) => x,
            RopRequest::WriteStream(x) => x,
            RopRequest::SeekStream(x) => x,
            RopRequest::SetStreamSize(x) => x,
            RopRequest::SetSearchCriteria(x) => x,
            RopRequest::GetSearchCriteria(x) => x,
            RopRequest::SubmitMessage(x) => x,
            RopRequest::MoveCopyMessages(x) => x,
            RopRequest::AbortSubmit(x) => x,
            RopRequest::MoveFolder(x) => x,
            RopRequest::CopyFolder(x) => x,
            RopRequest::QueryColumnsAll(x) => x,
            RopRequest::Abort(x) => x,
            RopRequest::CopyTo(x) => x,
            RopRequest::CopyToStream(x) => x,
            RopRequest::CloneStream(x) => x,
            RopRequest::GetPermissionsTable(x) => x,
            RopRequest::GetRulesTable(x) => x,
            RopRequest::ModifyPermissions(x) => x,
            RopRequest::ModifyRules(x) => x,
            RopRequest::GetOwningServers(x) => x,
            RopRequest::LongTermIdFromId(x) => x,
            RopRequest::IdFromLongTermId(x) => x,
            RopRequest::PublicFolderIsGhosted(x) => x,
            RopRequest::OpenEmbeddedMessage(x) => x,
            RopRequest::SetSpooler(x) => x,
            RopRequest::SpoolerLockMessage(x) => x,
            RopRequest::GetAddressTypes(x) => x,
            RopRequest::TransportSend(x) => x,
            RopRequest::FastTransferSourceCopyMessages(x) => x,
            RopRequest::FastTransferSourceCopyFolder(x) => x,
            RopRequest::FastTransferSourceCopyTo(x) => x,
            RopRequest::FastTransferSourceGetBuffer(x) => x,
            RopRequest::FindRow(x) => x,
            RopRequest::Progress(x) => x,
            RopRequest::TransportNewMail(x) => x,
            RopRequest::GetValidAttachments(x) => x,
            RopRequest::FastTransferDestinationConfigure(x) => x,
            RopRequest::FastTransferDestinationPutBuffer(x) => x,
            RopRequest::GetNamesFromPropertyIds(x) => x,
            RopRequest::GetPropertyIdsFromNames(x) => x,
            RopRequest::UpdateDeferredActionMessages(x) => x,
            RopRequest::EmptyFolder(x) => x,
            RopRequest::ExpandRow(x) => x,
            RopRequest::CollapseRow(x) => x,
            RopRequest::LockRegionStream(x) => x,
            RopRequest::UnlockRegionStream(x) => x,
            RopRequest::CommitStream(x) => x,
            RopRequest::GetStreamSize(x) => x,
            RopRequest::QueryNamedProperties(x) => x,
            RopRequest::GetPerUserLongTermIds(x) => x,
            RopRequest::GetPerUserGuid(x) => x,
            RopRequest::ReadPerUserInformation(x) => x,
            RopRequest::WritePerUserInformation(x) => x,
            RopRequest::SetReadFlags(x) => x,
            RopRequest::CopyProperties(x) => x,
            RopRequest::GetReceiveFolderTable(x) => x,
            RopRequest::FastTransferSourceCopyProperties(x) => x,
            RopRequest::GetCollapseState(x) => x,
            RopRequest::SetCollapseState(x) => x,
            RopRequest::GetTransportFolder(x) => x,
            RopRequest::OptionsData(x) => x,
            RopRequest::SynchronizationConfigure(x) => x,
            RopRequest::SynchronizationImportMessageChange(x) => x,
            RopRequest::SynchronizationImportHierarchyChange(x) => x,
            RopRequest::SynchronizationImportDeletes(x) => x,
            RopRequest::SynchronizationUploadStateStreamBegin(x) => x,
            RopRequest::SynchronizationUploadStateStreamContinue(x) => x,
            RopRequest::SynchronizationUploadStateStreamEnd(x) => x,
            RopRequest::SynchronizationImportMessageMove(x) => x,
            RopRequest::SetPropertiesNoReplicate(x) => x,
            RopRequest::DeletePropertiesNoReplicate(x) => x,
            RopRequest::GetStoreState(x) => x,
            RopRequest::SynchronizationOpenCollector(x) => x,
            RopRequest::GetLocalReplicaIds(x) => x,
            RopRequest::SynchronizationImportReadStateChanges(x) => x,
            RopRequest::ResetTable(x) => x,
            RopRequest::SynchronizationGetTransferState(x) => x,
            RopRequest::TellVersion(x) => x,
            RopRequest::FreeBookmark(x) => x,
            RopRequest::WriteAndCommitStream(x) => x,
            RopRequest::HardDeleteMessages(x) => x,
            RopRequest::HardDeleteMessagesAndSubfolders(x) => x,
            RopRequest::SetLocalReplicaMidsetDeleted(x) => x,
            RopRequest::FastTransferDestinationPutBufferExtended(x) => x,
            RopRequest::WriteStreamExtended(x) => x,
            RopRequest::Logon(x) => x,
        }
    }

    /// LogonId.
    pub fn logon_id(&self) -> u8 {
        self.handles().logon_id()
    }
    /// InputHandleIndex (SourceHandleIndex for copy and move ROPs), when present.
    pub fn input_handle_index(&self) -> Option<u8> {
        self.handles().input_handle_index()
    }
    /// OutputHandleIndex, when the ROP creates a server object.
    pub fn output_handle_index(&self) -> Option<u8> {
        self.handles().output_handle_index()
    }
    /// DestHandleIndex of the copy and move ROPs.
    pub fn dest_handle_index(&self) -> Option<u8> {
        self.handles().dest_handle_index()
    }
    /// The handle index the response carries: OutputHandleIndex for ROPs that create an
    /// object, ResponseHandleIndex for RopSaveChangesMessage/Attachment and
    /// RopSetMessageReadFlag, InputHandleIndex otherwise. `None` for RopRelease, which has no
    /// response.
    pub fn response_handle_index(&self) -> Option<u8> {
        match self {
            RopRequest::Release(_) => None,
            RopRequest::SaveChangesMessage(x) => Some(x.response_handle_index),
            RopRequest::SaveChangesAttachment(x) => Some(x.response_handle_index),
            RopRequest::SetMessageReadFlag(x) => Some(x.response_handle_index),
            _ => self.output_handle_index().or(self.input_handle_index()),
        }
    }

    /// Reads one request ROP (RopId first). `logons` says which logons are public-folder
    /// logons, which two ROPs' layouts depend on.
    pub fn read(r: &mut Reader<'_>, logons: &LogonKinds) -> Result<Self> {
        let off = r.offset();
        let id = r.u8("RopId")?;
        Ok(match id {
            0x01 => RopRequest::Release(<control::RopReleaseRequest as Wire>::read(r)?),
            0x02 => RopRequest::OpenFolder(<folder::RopOpenFolderRequest as Wire>::read(r)?),
            0x03 => RopRequest::OpenMessage(<message::RopOpenMessageRequest as Wire>::read(r)?),
            0x04 => RopRequest::GetHierarchyTable(
                <folder::RopGetHierarchyTableRequest as Wire>::read(r)?,
            ),
            0x05 => {
                RopRequest::GetContentsTable(<folder::RopGetContentsTableRequest as Wire>::read(r)?)
            }
            0x06 => RopRequest::CreateMessage(<message::RopCreateMessageRequest as Wire>::read(r)?),
            0x07 => RopRequest::GetPropertiesSpecific(
                <property::RopGetPropertiesSpecificRequest as Wire>::read(r)?,
            ),
            0x08 => RopRequest::GetPropertiesAll(
                <property::RopGetPropertiesAllRequest as Wire>::read(r)?,
            ),
            0x09 => RopRequest::GetPropertiesList(
                <property::RopGetPropertiesListRequest as Wire>::read(r)?,
            ),
            0x0A => {
                RopRequest::SetProperties(<property::RopSetPropertiesRequest as Wire>::read(r)?)
            }
            0x0B => RopRequest::DeleteProperties(
                <property::RopDeletePropertiesRequest as Wire>::read(r)?,
            ),
            0x0C => RopRequest::SaveChangesMessage(
                <message::RopSaveChangesMessageRequest as Wire>::read(r)?,
            ),
            0x0D => RopRequest::RemoveAllRecipients(
                <message::RopRemoveAllRecipientsRequest as Wire>::read(r)?,
            ),
            0x0E => RopRequest::ModifyRecipients(
                <message::RopModifyRecipientsRequest as Wire>::read(r)?,
            ),
            0x0F => {
                RopRequest::ReadRecipients(<message::RopReadRecipientsRequest as Wire>::read(r)?)
            }
            0x10 => RopRequest::ReloadCachedInformation(
                <message::RopReloadCachedInformationRequest as Wire>::read(r)?,
            ),
            0x11 => RopRequest::SetMessageReadFlag(
                message::RopSetMessageReadFlagRequest::read_with(r, logons)?,
            ),
            0x12 => RopRequest::SetColumns(<table::RopSetColumnsRequest as Wire>::read(r)?),
            0x13 => RopRequest::SortTable(<table::RopSortTableRequest as Wire>::read(r)?),
            0x14 => RopRequest::Restrict(<table::RopRestrictRequest as Wire>::read(r)?),
            0x15 => RopRequest::QueryRows(<table::RopQueryRowsRequest as Wire>::read(r)?),
            0x16 => RopRequest::GetStatus(<table::RopGetStatusRequest as Wire>::read(r)?),
            0x17 => RopRequest::QueryPosition(<table::RopQueryPositionRequest as Wire>::read(r)?),
            0x18 => RopRequest::SeekRow(<table::RopSeekRowRequest as Wire>::read(r)?),
            0x19 => {
                RopRequest::SeekRowBookmark(<table::RopSeekRowBookmarkRequest as Wire>::read(r)?)
            }
            0x1A => RopRequest::SeekRowFractional(
                <table::RopSeekRowFractionalRequest as Wire>::read(r)?,
            ),
            0x1B => RopRequest::CreateBookmark(<table::RopCreateBookmarkRequest as Wire>::read(r)?),
            0x1C => RopRequest::CreateFolder(<folder::RopCreateFolderRequest as Wire>::read(r)?),
            0x1D => RopRequest::DeleteFolder(<folder::RopDeleteFolderRequest as Wire>::read(r)?),
            0x1E => {
                RopRequest::DeleteMessages(<folder::RopDeleteMessagesRequest as Wire>::read(r)?)
            }
            0x1F => RopRequest::GetMessageStatus(
                <message::RopGetMessageStatusRequest as Wire>::read(r)?,
            ),
            0x20 => RopRequest::SetMessageStatus(
                <message::RopSetMessageStatusRequest as Wire>::read(r)?,
            ),
            0x21 => RopRequest::GetAttachmentTable(
                <message::RopGetAttachmentTableRequest as Wire>::read(r)?,
            ),
            0x22 => {
                RopRequest::OpenAttachment(<message::RopOpenAttachmentRequest as Wire>::read(r)?)
            }
            0x23 => RopRequest::CreateAttachment(
                <message::RopCreateAttachmentRequest as Wire>::read(r)?,
            ),
            0x24 => RopRequest::DeleteAttachment(
                <message::RopDeleteAttachmentRequest as Wire>::read(r)?,
            ),
            0x25 => RopRequest::SaveChangesAttachment(
                <message::RopSaveChangesAttachmentRequest as Wire>::read(r)?,
            ),
            0x26 => {
                RopRequest::SetReceiveFolder(<logon::RopSetReceiveFolderRequest as Wire>::read(r)?)
            }
            0x27 => {
                RopRequest::GetReceiveFolder(<logon::RopGetReceiveFolderRequest as Wire>::read(r)?)
            }
            0x29 => RopRequest::RegisterNotification(
                <notification::RopRegisterNotificationRequest as Wire>::read(r)?,
            ),
            0x2B => RopRequest::OpenStream(<property::RopOpenStreamRequest as Wire>::read(r)?),
            0x2C => RopRequest::ReadStream(<stream::RopReadStreamRequest as Wire>::read(r)?),
            0x2D => RopRequest::WriteStream(<stream::RopWriteStreamRequest as Wire>::read(r)?),
            0x2E => RopRequest::SeekStream(<stream::RopSeekStreamRequest as Wire>::read(r)?),
            0x2F => RopRequest::SetStreamSize(<stream::RopSetStreamSizeRequest as Wire>::read(r)?),
            0x30 => RopRequest::SetSearchCriteria(
                <folder::RopSetSearchCriteriaRequest as Wire>::read(r)?,
            ),
            0x31 => RopRequest::GetSearchCriteria(
                <folder::RopGetSearchCriteriaRequest as Wire>::read(r)?,
            ),
            0x32 => {
                RopRequest::SubmitMessage(<transport::RopSubmitMessageRequest as Wire>::read(r)?)
            }
            0x33 => {
                RopRequest::MoveCopyMessages(<folder::RopMoveCopyMessagesRequest as Wire>::read(r)?)
            }
            0x34 => RopRequest::AbortSubmit(<transport::RopAbortSubmitRequest as Wire>::read(r)?),
            0x35 => RopRequest::MoveFolder(<folder::RopMoveFolderRequest as Wire>::read(r)?),
            0x36 => RopRequest::CopyFolder(<folder::RopCopyFolderRequest as Wire>::read(r)?),
            0x37 => {
                RopRequest::QueryColumnsAll(<table::RopQueryColumnsAllRequest as Wire>::read(r)?)
            }
            0x38 => RopRequest::Abort(<table::RopAbortRequest as Wire>::read(r)?),
            0x39 => RopRequest::CopyTo(<property::RopCopyToRequest as Wire>::read(r)?),
            0x3A => RopRequest::CopyToStream(<stream::RopCopyToStreamRequest as Wire>::read(r)?),
            0x3B => RopRequest::CloneStream(<stream::RopCloneStreamRequest as Wire>::read(r)?),
            0x3E => RopRequest::GetPermissionsTable(
                <permission::RopGetPermissionsTableRequest as Wire>::read(r)?,
            ),
            0x3F => RopRequest::GetRulesTable(<rule::RopGetRulesTableRequest as Wire>::read(r)?),
            0x40 => RopRequest::ModifyPermissions(
                <permission::RopModifyPermissionsRequest as Wire>::read(r)?,
            ),
            0x41 => RopRequest::ModifyRules(<rule::RopModifyRulesRequest as Wire>::read(r)?),
            0x42 => {
                RopRequest::GetOwningServers(<logon::RopGetOwningServersRequest as Wire>::read(r)?)
            }
            0x43 => {
                RopRequest::LongTermIdFromId(<logon::RopLongTermIdFromIdRequest as Wire>::read(r)?)
            }
            0x44 => {
                RopRequest::IdFromLongTermId(<logon::RopIdFromLongTermIdRequest as Wire>::read(r)?)
            }
            0x45 => RopRequest::PublicFolderIsGhosted(
                <logon::RopPublicFolderIsGhostedRequest as Wire>::read(r)?,
            ),
            0x46 => RopRequest::OpenEmbeddedMessage(
                <message::RopOpenEmbeddedMessageRequest as Wire>::read(r)?,
            ),
            0x47 => RopRequest::SetSpooler(<transport::RopSetSpoolerRequest as Wire>::read(r)?),
            0x48 => RopRequest::SpoolerLockMessage(
                <transport::RopSpoolerLockMessageRequest as Wire>::read(r)?,
            ),
            0x49 => RopRequest::GetAddressTypes(
                <transport::RopGetAddressTypesRequest as Wire>::read(r)?,
            ),
            0x4A => {
                RopRequest::TransportSend(<transport::RopTransportSendRequest as Wire>::read(r)?)
            }
            0x4B => RopRequest::FastTransferSourceCopyMessages(
                <fast_transfer::RopFastTransferSourceCopyMessagesRequest as Wire>::read(r)?,
            ),
            0x4C => RopRequest::FastTransferSourceCopyFolder(
                <fast_transfer::RopFastTransferSourceCopyFolderRequest as Wire>::read(r)?,
            ),
            0x4D => RopRequest::FastTransferSourceCopyTo(
                <fast_transfer::RopFastTransferSourceCopyToRequest as Wire>::read(r)?,
            ),
            0x4E => RopRequest::FastTransferSourceGetBuffer(
                <fast_transfer::RopFastTransferSourceGetBufferRequest as Wire>::read(r)?,
            ),
            0x4F => RopRequest::FindRow(<table::RopFindRowRequest as Wire>::read(r)?),
            0x50 => RopRequest::Progress(<property::RopProgressRequest as Wire>::read(r)?),
            0x51 => RopRequest::TransportNewMail(
                <transport::RopTransportNewMailRequest as Wire>::read(r)?,
            ),
            0x52 => RopRequest::GetValidAttachments(
                <message::RopGetValidAttachmentsRequest as Wire>::read(r)?,
            ),
            0x53 => RopRequest::FastTransferDestinationConfigure(
                <fast_transfer::RopFastTransferDestinationConfigureRequest as Wire>::read(r)?,
            ),
            0x54 => RopRequest::FastTransferDestinationPutBuffer(
                <fast_transfer::RopFastTransferDestinationPutBufferRequest as Wire>::read(r)?,
            ),
            0x55 => RopRequest::GetNamesFromPropertyIds(
                <property::RopGetNamesFromPropertyIdsRequest as Wire>::read(r)?,
            ),
            0x56 => RopRequest::GetPropertyIdsFromNames(
                <property::RopGetPropertyIdsFromNamesRequest as Wire>::read(r)?,
            ),
            0x57 => RopRequest::UpdateDeferredActionMessages(
                <rule::RopUpdateDeferredActionMessagesRequest as Wire>::read(r)?,
            ),
            0x58 => RopRequest::EmptyFolder(<folder::RopEmptyFolderRequest as Wire>::read(r)?),
            0x59 => RopRequest::ExpandRow(<table::RopExpandRowRequest as Wire>::read(r)?),
            0x5A => RopRequest::CollapseRow(<table::RopCollapseRowRequest as Wire>::read(r)?),
            0x5B => {
                RopRequest::LockRegionStream(<stream::RopLockRegionStreamRequest as Wire>::read(r)?)
            }
            0x5C => RopRequest::UnlockRegionStream(
                <stream::RopUnlockRegionStreamRequest as Wire>::read(r)?,
            ),
            0x5D => RopRequest::CommitStream(<stream::RopCommitStreamRequest as Wire>::read(r)?),
            0x5E => RopRequest::GetStreamSize(<stream::RopGetStreamSizeRequest as Wire>::read(r)?),
            0x5F => RopRequest::QueryNamedProperties(
                <property::RopQueryNamedPropertiesRequest as Wire>::read(r)?,
            ),
            0x60 => RopRequest::GetPerUserLongTermIds(
                <logon::RopGetPerUserLongTermIdsRequest as Wire>::read(r)?,
            ),
            0x61 => RopRequest::GetPerUserGuid(<logon::RopGetPerUserGuidRequest as Wire>::read(r)?),
            0x63 => RopRequest::ReadPerUserInformation(
                <logon::RopReadPerUserInformationRequest as Wire>::read(r)?,
            ),
            0x64 => RopRequest::WritePerUserInformation(
                logon::RopWritePerUserInformationRequest::read_with(r, logons)?,
            ),
            0x66 => RopRequest::SetReadFlags(<message::RopSetReadFlagsRequest as Wire>::read(r)?),
            0x67 => {
                RopRequest::CopyProperties(<property::RopCopyPropertiesRequest as Wire>::read(r)?)
            }
            0x68 => RopRequest::GetReceiveFolderTable(
                <logon::RopGetReceiveFolderTableRequest as Wire>::read(r)?,
            ),
            0x69 => RopRequest::FastTransferSourceCopyProperties(
                <fast_transfer::RopFastTransferSourceCopyPropertiesRequest as Wire>::read(r)?,
            ),
            0x6B => {
                RopRequest::GetCollapseState(<table::RopGetCollapseStateRequest as Wire>::read(r)?)
            }
            0x6C => {
                RopRequest::SetCollapseState(<table::RopSetCollapseStateRequest as Wire>::read(r)?)
            }
            0x6D => RopRequest::GetTransportFolder(
                <transport::RopGetTransportFolderRequest as Wire>::read(r)?,
            ),
            0x6F => RopRequest::OptionsData(<transport::RopOptionsDataRequest as Wire>::read(r)?),
            0x70 => RopRequest::SynchronizationConfigure(
                <ics::RopSynchronizationConfigureRequest as Wire>::read(r)?,
            ),
            0x72 => RopRequest::SynchronizationImportMessageChange(
                <ics::RopSynchronizationImportMessageChangeRequest as Wire>::read(r)?,
            ),
            0x73 => RopRequest::SynchronizationImportHierarchyChange(
                <ics::RopSynchronizationImportHierarchyChangeRequest as Wire>::read(r)?,
            ),
            0x74 => RopRequest::SynchronizationImportDeletes(
                <ics::RopSynchronizationImportDeletesRequest as Wire>::read(r)?,
            ),
            0x75 => RopRequest::SynchronizationUploadStateStreamBegin(
                <ics::RopSynchronizationUploadStateStreamBeginRequest as Wire>::read(r)?,
            ),
            0x76 => RopRequest::SynchronizationUploadStateStreamContinue(
                <ics::RopSynchronizationUploadStateStreamContinueRequest as Wire>::read(r)?,
            ),
            0x77 => RopRequest::SynchronizationUploadStateStreamEnd(
                <ics::RopSynchronizationUploadStateStreamEndRequest as Wire>::read(r)?,
            ),
            0x78 => RopRequest::SynchronizationImportMessageMove(
                <ics::RopSynchronizationImportMessageMoveRequest as Wire>::read(r)?,
            ),
            0x79 => RopRequest::SetPropertiesNoReplicate(
                <property::RopSetPropertiesNoReplicateRequest as Wire>::read(r)?,
            ),
            0x7A => RopRequest::DeletePropertiesNoReplicate(
                <property::RopDeletePropertiesNoReplicateRequest as Wire>::read(r)?,
            ),
            0x7B => RopRequest::GetStoreState(<logon::RopGetStoreStateRequest as Wire>::read(r)?),
            0x7E => RopRequest::SynchronizationOpenCollector(
                <ics::RopSynchronizationOpenCollectorRequest as Wire>::read(r)?,
            ),
            0x7F => RopRequest::GetLocalReplicaIds(
                <ics::RopGetLocalReplicaIdsRequest as Wire>::read(r)?,
            ),
            0x80 => RopRequest::SynchronizationImportReadStateChanges(
                <ics::RopSynchronizationImportReadStateChangesRequest as Wire>::read(r)?,
            ),
            0x81 => RopRequest::ResetTable(<table::RopResetTableRequest as Wire>::read(r)?),
            0x82 => RopRequest::SynchronizationGetTransferState(
                <ics::RopSynchronizationGetTransferStateRequest as Wire>::read(r)?,
            ),
            0x86 => {
                RopRequest::TellVersion(<fast_transfer::RopTellVersionRequest as Wire>::read(r)?)
            }
            0x89 => RopRequest::FreeBookmark(<table::RopFreeBookmarkRequest as Wire>::read(r)?),
            0x90 => RopRequest::WriteAndCommitStream(
                <stream::RopWriteAndCommitStreamRequest as Wire>::read(r)?,
            ),
            0x91 => RopRequest::HardDeleteMessages(
                <folder::RopHardDeleteMessagesRequest as Wire>::read(r)?,
            ),
            0x92 => RopRequest::HardDeleteMessagesAndSubfolders(
                <folder::RopHardDeleteMessagesAndSubfoldersRequest as Wire>::read(r)?,
            ),
            0x93 => RopRequest::SetLocalReplicaMidsetDeleted(
                <ics::RopSetLocalReplicaMidsetDeletedRequest as Wire>::read(r)?,
            ),
            0x9D => RopRequest::FastTransferDestinationPutBufferExtended(
                <fast_transfer::RopFastTransferDestinationPutBufferExtendedRequest as Wire>::read(
                    r,
                )?,
            ),
            0xA3 => RopRequest::WriteStreamExtended(
                <stream::RopWriteStreamExtendedRequest as Wire>::read(r)?,
            ),
            0xFE => RopRequest::Logon(<logon::RopLogonRequest as Wire>::read(r)?),
            _ => {
                return Err(RopError::UnknownRop {
                    rop_id: id,
                    offset: off,
                })
            }
        })
    }

    /// Writes the ROP, RopId first.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.push(self.rop_id());
        match self {
            RopRequest::Release(x) => Wire::write(x, out),
            RopRequest::OpenFolder(x) => Wire::write(x, out),
            RopRequest::OpenMessage(x) => Wire::write(x, out),
            RopRequest::GetHierarchyTable(x) => Wire::write(x, out),
            RopRequest::GetContentsTable(x) => Wire::write(x, out),
            RopRequest::CreateMessage(x) => Wire::write(x, out),
            RopRequest::GetPropertiesSpecific(x) => Wire::write(x, out),
            RopRequest::GetPropertiesAll(x) => Wire::write(x, out),
            RopRequest::GetPropertiesList(x) => Wire::write(x, out),
            RopRequest::SetProperties(x) => Wire::write(x, out),
            RopRequest::DeleteProperties(x) => Wire::write(x, out),
            RopRequest::SaveChangesMessage(x) => Wire::write(x, out),
            RopRequest::RemoveAllRecipients(x) => Wire::write(x, out),
            RopRequest::ModifyRecipients(x) => Wire::write(x, out),
            RopRequest::ReadRecipients(x) => Wire::write(x, out),
            RopRequest::ReloadCachedInformation(x) => Wire::write(x, out),
            RopRequest::SetMessageReadFlag(x) => x.write(out),
            RopRequest::SetColumns(x) => Wire::write(x, out),
            RopRequest::SortTable(x) => Wire::write(x, out),
            RopRequest::Restrict(x) => Wire::write(x, out),
            RopRequest::QueryRows(x) => Wire::write(x, out),
            RopRequest::GetStatus(x) => Wire::write(x, out),
            RopRequest::QueryPosition(x) => Wire::write(x, out),
            RopRequest::SeekRow(x) => Wire::write(x, out),
            RopRequest::SeekRowBookmark(x) => Wire::write(x, out),
            RopRequest::SeekRowFractional(x) => Wire::write(x, out),
            RopRequest::CreateBookmark(x) => Wire::write(x, out),
            RopRequest::CreateFolder(x) => Wire::write(x, out),
            RopRequest::DeleteFolder(x) => Wire::write(x, out),
            RopRequest::DeleteMessages(x) => Wire::write(x, out),
            RopRequest::GetMessageStatus(x) => Wire::write(x, out),
            RopRequest::SetMessageStatus(x) => Wire::write(x, out),
            RopRequest::GetAttachmentTable(x) => Wire::write(x, out),
            RopRequest::OpenAttachment(x) => Wire::write(x, out),
            RopRequest::CreateAttachment(x) => Wire::write(x, out),
            RopRequest::DeleteAttachment(x) => Wire::write(x, out),
            RopRequest::SaveChangesAttachment(x) => Wire::write(x, out),
            RopRequest::SetReceiveFolder(x) => Wire::write(x, out),
            RopRequest::GetReceiveFolder(x) => Wire::write(x, out),
            RopRequest::RegisterNotification(x) => Wire::write(x, out),
            RopRequest::OpenStream(x) => Wire::write(x, out),
            RopRequest::ReadStream(x) => Wire::write(x, out),
            RopRequest::WriteStream(x) => Wire::write(x, out),
            RopRequest::SeekStream(x) => Wire::write(x, out),
            RopRequest::SetStreamSize(x) => Wire::write(x, out),
            RopRequest::SetSearchCriteria(x) => Wire::write(x, out),
            RopRequest::GetSearchCriteria(x) => Wire::write(x, out),
            RopRequest::SubmitMessage(x) => Wire::write(x, out),
            RopRequest::MoveCopyMessages(x) => Wire::write(x, out),
            RopRequest::AbortSubmit(x) => Wire::write(x, out),
            RopRequest::MoveFolder(x) => Wire::write(x, out),
            RopRequest::CopyFolder(x) => Wire::write(x, out),
            RopRequest::QueryColumnsAll(x) => Wire::write(x, out),
            RopRequest::Abort(x) => Wire::write(x, out),
            RopRequest::CopyTo(x) => Wire::write(x, out),
            RopRequest::CopyToStream(x) => Wire::write(x, out),
            RopRequest::CloneStream(x) => Wire::write(x, out),
            RopRequest::GetPermissionsTable(x) => Wire::write(x, out),
            RopRequest::GetRulesTable(x) => Wire::write(x, out),
            RopRequest::ModifyPermissions(x) => Wire::write(x, out),
            RopRequest::ModifyRules(x) => Wire::write(x, out),
            RopRequest::GetOwningServers(x) => Wire::write(x, out),
            RopRequest::LongTermIdFromId(x) => Wire::write(x, out),
            RopRequest::IdFromLongTermId(x) => Wire::write(x, out),
            RopRequest::PublicFolderIsGhosted(x) => Wire::write(x, out),
            RopRequest::OpenEmbeddedMessage(x) => Wire::write(x, out),
            RopRequest::SetSpooler(x) => Wire::write(x, out),
            RopRequest::SpoolerLockMessage(x) => Wire::write(x, out),
            RopRequest::GetAddressTypes(x) => Wire::write(x, out),
            RopRequest::TransportSend(x) => Wire::write(x, out),
            RopRequest::FastTransferSourceCopyMessages(x) => Wire::write(x, out),
            RopRequest::FastTransferSourceCopyFolder(x) => Wire::write(x, out),
            RopRequest::FastTransferSourceCopyTo(x) => Wire::write(x, out),
            RopRequest::FastTransferSourceGetBuffer(x) => Wire::write(x, out),
            RopRequest::FindRow(x) => Wire::write(x, out),
            RopRequest::Progress(x) => Wire::write(x, out),
            RopRequest::TransportNewMail(x) => Wire::write(x, out),
            RopRequest::GetValidAttachments(x) => Wire::write(x, out),
            RopRequest::FastTransferDestinationConfigure(x) => Wire::write(x, out),
            RopRequest::FastTransferDestinationPutBuffer(x) => Wire::write(x, out),
            RopRequest::GetNamesFromPropertyIds(x) => Wire::write(x, out),
            RopRequest::GetPropertyIdsFromNames(x) => Wire::write(x, out),
            RopRequest::UpdateDeferredActionMessages(x) => Wire::write(x, out),
            RopRequest::EmptyFolder(x) => Wire::write(x, out),
            RopRequest::ExpandRow(x) => Wire::write(x, out),
            RopRequest::CollapseRow(x) => Wire::write(x, out),
            RopRequest::LockRegionStream(x) => Wire::write(x, out),
            RopRequest::UnlockRegionStream(x) => Wire::write(x, out),
            RopRequest::CommitStream(x) => Wire::write(x, out),
            RopRequest::GetStreamSize(x) => Wire::write(x, out),
            RopRequest::QueryNamedProperties(x) => Wire::write(x, out),
            RopRequest::GetPerUserLongTermIds(x) => Wire::write(x, out),
            RopRequest::GetPerUserGuid(x) => Wire::write(x, out),
            RopRequest::ReadPerUserInformation(x) => Wire::write(x, out),
            RopRequest::WritePerUserInformation(x) => x.write(out),
            RopRequest::SetReadFlags(x) => Wire::write(x, out),
            RopRequest::CopyProperties(x) => Wire::write(x, out),
            RopRequest::GetReceiveFolderTable(x) => Wire::write(x, out),
            RopRequest::FastTransferSourceCopyProperties(x) => Wire::write(x, out),
            RopRequest::GetCollapseState(x) => Wire::write(x, out),
            RopRequest::SetCollapseState(x) => Wire::write(x, out),
            RopRequest::GetTransportFolder(x) => Wire::write(x, out),
            RopRequest::OptionsData(x) => Wire::write(x, out),
            RopRequest::SynchronizationConfigure(x) => Wire::write(x, out),
            RopRequest::SynchronizationImportMessageChange(x) => Wire::write(x, out),
            RopRequest::SynchronizationImportHierarchyChange(x) => Wire::write(x, out),
            RopRequest::SynchronizationImportDeletes(x) => Wire::write(x, out),
            RopRequest::SynchronizationUploadStateStreamBegin(x) => Wire::write(x, out),
            RopRequest::SynchronizationUploadStateStreamContinue(x) => Wire::write(x, out),
            RopRequest::SynchronizationUploadStateStreamEnd(x) => Wire::write(x, out),
            RopRequest::SynchronizationImportMessageMove(x) => Wire::write(x, out),
            RopRequest::SetPropertiesNoReplicate(x) => Wire::write(x, out),
            RopRequest::DeletePropertiesNoReplicate(x) => Wire::write(x, out),
            RopRequest::GetStoreState(x) => Wire::write(x, out),
            RopRequest::SynchronizationOpenCollector(x) => Wire::write(x, out),
            RopRequest::GetLocalReplicaIds(x) => Wire::write(x, out),
            RopRequest::SynchronizationImportReadStateChanges(x) => Wire::write(x, out),
            RopRequest::ResetTable(x) => Wire::write(x, out),
            RopRequest::SynchronizationGetTransferState(x) => Wire::write(x, out),
            RopRequest::TellVersion(x) => Wire::write(x, out),
            RopRequest::FreeBookmark(x) => Wire::write(x, out),
            RopRequest::WriteAndCommitStream(x) => Wire::write(x, out),
            RopRequest::HardDeleteMessages(x) => Wire::write(x, out),
            RopRequest::HardDeleteMessagesAndSubfolders(x) => Wire::write(x, out),
            RopRequest::SetLocalReplicaMidsetDeleted(x) => Wire::write(x, out),
            RopRequest::FastTransferDestinationPutBufferExtended(x) => Wire::write(x, out),
            RopRequest::WriteStreamExtended(x) => Wire::write(x, out),
            RopRequest::Logon(x) => Wire::write(x, out),
        }
    }
}

impl RopResponse {
    /// The RopId.
    pub fn rop_id(&self) -> u8 {
        match self {
            RopResponse::OpenFolder(_) => 0x02,
            RopResponse::OpenMessage(_) => 0x03,
            RopResponse::GetHierarchyTable(_) => 0x04,
            RopResponse::GetContentsTable(_) => 0x05,
            RopResponse::CreateMessage(_) => 0x06,
            RopResponse::GetPropertiesSpecific(_) => 0x07,
            RopResponse::GetPropertiesAll(_) => 0x08,
            RopResponse::GetPropertiesList(_) => 0x09,
            RopResponse::SetProperties(_) => 0x0A,
            RopResponse::DeleteProperties(_) => 0x0B,
            RopResponse::SaveChangesMessage(_) => 0x0C,
            RopResponse::RemoveAllRecipients(_) => 0x0D,
            RopResponse::ModifyRecipients(_) => 0x0E,
            RopResponse::ReadRecipients(_) => 0x0F,
            RopResponse::ReloadCachedInformation(_) => 0x10,
            RopResponse::SetMessageReadFlag(_) => 0x11,
            RopResponse::SetColumns(_) => 0x12,
            RopResponse::SortTable(_) => 0x13,
            RopResponse::Restrict(_) => 0x14,
            RopResponse::QueryRows(_) => 0x15,
            RopResponse::GetStatus(_) => 0x16,
            RopResponse::QueryPosition(_) => 0x17,
            RopResponse::SeekRow(_) => 0x18,
            RopResponse::SeekRowBookmark(_) => 0x19,
            RopResponse::SeekRowFractional(_) => 0x1A,
            RopResponse::CreateBookmark(_) => 0x1B,
            RopResponse::CreateFolder(_) => 0x1C,
            RopResponse::DeleteFolder(_) => 0x1D,
            RopResponse::DeleteMessages(_) => 0x1E,
            RopResponse::GetMessageStatus(_) => 0x1F,
            RopResponse::SetMessageStatus(_) => 0x20,
            RopResponse::GetAttachmentTable(_) => 0x21,
            RopResponse::OpenAttachment(_) => 0x22,
            RopResponse::CreateAttachment(_) => 0x23,
            RopResponse::DeleteAttachment(_) => 0x24,
            RopResponse::SaveChangesAttachment(_) => 0x25,
            RopResponse::SetReceiveFolder(_) => 0x26,
            RopResponse::GetReceiveFolder(_) => 0x27,
            RopResponse::RegisterNotification(_) => 0x29,
            RopResponse::OpenStream(_) => 0x2B,
            RopResponse::ReadStream(_) => 0x2C,
            RopResponse::WriteStream(_) => 0x2D,
            RopResponse::SeekStream(_) => 0x2E,
            RopResponse::SetStreamSize(_) => 0x2F,
            RopResponse::SetSearchCriteria(_) => 0x30,
            RopResponse::GetSearchCriteria(_) => 0x31,
            RopResponse::SubmitMessage(_) => 0x32,
            RopResponse::MoveCopyMessages(_) => 0x33,
            RopResponse::AbortSubmit(_) => 0x34,
            RopResponse::MoveFolder(_) => 0x35,
            RopResponse::CopyFolder(_) => 0x36,
            RopResponse::QueryColumnsAll(_) => 0x37,
            RopResponse::Abort(_) => 0x38,
            RopResponse::CopyTo(_) => 0x39,
            RopResponse::CopyToStream(_) => 0x3A,
            RopResponse::CloneStream(_) => 0x3B,
            RopResponse::GetPermissionsTable(_) => 0x3E,
            RopResponse::GetRulesTable(_) => 0x3F,
            RopResponse::ModifyPermissions(_) => 0x40,
            RopResponse::ModifyRules(_) => 0x41,
            RopResponse::GetOwningServers(_) => 0x42,
            RopResponse::LongTermIdFromId(_) => 0x43,
            RopResponse::IdFromLongTermId(_) => 0x44,
            RopResponse::PublicFolderIsGhosted(_) => 0x45,
            RopResponse::OpenEmbeddedMessage(_) => 0x46,
            RopResponse::SetSpooler(_) => 0x47,
            RopResponse::SpoolerLockMessage(_) => 0x48,
            RopResponse::GetAddressTypes(_) => 0x49,
            RopResponse::TransportSend(_) => 0x4A,
            RopResponse::FastTransferSourceCopyMessages(_) => 0x4B,
            RopResponse::FastTransferSourceCopyFolder(_) => 0x4C,
            RopResponse::FastTransferSourceCopyTo(_) => 0x4D,
            RopResponse::FastTransferSourceGetBuffer(_) => 0x4E,
            RopResponse::FindRow(_) => 0x4F,
            RopResponse::Progress(_) => 0x50,
            RopResponse::TransportNewMail(_) => 0x51,
            RopResponse::GetValidAttachments(_) => 0x52,
            RopResponse::FastTransferDestinationConfigure(_) => 0x53,
            RopResponse::FastTransferDestinationPutBuffer(_) => 0x54,
            RopResponse::GetNamesFromPropertyIds(_) => 0x55,
            RopResponse::GetPropertyIdsFromNames(_) => 0x56,
            RopResponse::UpdateDeferredActionMessages(_) => 0x57,
            RopResponse::EmptyFolder(_) => 0x58,
            RopResponse::ExpandRow(_) => 0x59,
            RopResponse::CollapseRow(_) => 0x5A,
            RopResponse::LockRegionStream(_) => 0x5B,
            RopResponse::UnlockRegionStream(_) => 0x5C,
            RopResponse::CommitStream(_) => 0x5D,
            RopResponse::GetStreamSize(_) => 0x5E,
            RopResponse::QueryNamedProperties(_) => 0x5F,
            RopResponse::GetPerUserLongTermIds(_) => 0x60,
            RopResponse::GetPerUserGuid(_) => 0x61,
            RopResponse::ReadPerUserInformation(_) => 0x63,
            RopResponse::WritePerUserInformation(_) => 0x64,
            RopResponse::SetReadFlags(_) => 0x66,
            RopResponse::CopyProperties(_) => 0x67,
            RopResponse::GetReceiveFolderTable(_) => 0x68,
            RopResponse::FastTransferSourceCopyProperties(_) => 0x69,
            RopResponse::GetCollapseState(_) => 0x6B,
            RopResponse::SetCollapseState(_) => 0x6C,
            RopResponse::GetTransportFolder(_) => 0x6D,
            RopResponse::OptionsData(_) => 0x6F,
            RopResponse::SynchronizationConfigure(_) => 0x70,
            RopResponse::SynchronizationImportMessageChange(_) => 0x72,
            RopResponse::SynchronizationImportHierarchyChange(_) => 0x73,
            RopResponse::SynchronizationImportDeletes(_) => 0x74,
            RopResponse::SynchronizationUploadStateStreamBegin(_) => 0x75,
            RopResponse::SynchronizationUploadStateStreamContinue(_) => 0x76,
            RopResponse::SynchronizationUploadStateStreamEnd(_) => 0x77,
            RopResponse::SynchronizationImportMessageMove(_) => 0x78,
            RopResponse::SetPropertiesNoReplicate(_) => 0x79,
            RopResponse::DeletePropertiesNoReplicate(_) => 0x7A,
            RopResponse::GetStoreState(_) => 0x7B,
            RopResponse::SynchronizationOpenCollector(_) => 0x7E,
            RopResponse::GetLocalReplicaIds(_) => 0x7F,
            RopResponse::SynchronizationImportReadStateChanges(_) => 0x80,
            RopResponse::ResetTable(_) => 0x81,
            RopResponse::SynchronizationGetTransferState(_) => 0x82,
            RopResponse::TellVersion(_) => 0x86,
            RopResponse::FreeBookmark(_) => 0x89,
            RopResponse::WriteAndCommitStream(_) => 0x90,
            RopResponse::HardDeleteMessages(_) => 0x91,
            RopResponse::HardDeleteMessagesAndSubfolders(_) => 0x92,
            RopResponse::SetLocalReplicaMidsetDeleted(_) => 0x93,
            RopResponse::FastTransferDestinationPutBufferExtended(_) => 0x9D,
            RopResponse::WriteStreamExtended(_) => 0xA3,
            RopResponse::Logon(_) => 0xFE,
            RopResponse::Notify(_) => 0x2A,
            RopResponse::Pending(_) => 0x6E,
            RopResponse::Backoff(_) => 0xF9,
            RopResponse::BufferTooSmall(_) => 0xFF,
        }
    }

    /// The ROP's name.
    pub fn name(&self) -> &'static str {
        rop_name(self.rop_id()).unwrap_or("?")
    }

    /// The handle index and ReturnValue of the common response header (`None` for the
    /// response-only ROPs, which have neither).
    pub fn header(&self) -> Option<(u8, u32)> {
        match self {
            RopResponse::OpenFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::OpenMessage(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetHierarchyTable(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetContentsTable(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CreateMessage(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetPropertiesSpecific(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetPropertiesAll(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetPropertiesList(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetProperties(x) => Some((x.handle_index, x.return_code)),
            RopResponse::DeleteProperties(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SaveChangesMessage(x) => Some((x.handle_index, x.return_code)),
            RopResponse::RemoveAllRecipients(x) => Some((x.handle_index, x.return_code)),
            RopResponse::ModifyRecipients(x) => Some((x.handle_index, x.return_code)),
            RopResponse::ReadRecipients(x) => Some((x.handle_index, x.return_code)),
            RopResponse::ReloadCachedInformation(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetMessageReadFlag(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetColumns(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SortTable(x) => Some((x.handle_index, x.return_code)),
            RopResponse::Restrict(x) => Some((x.handle_index, x.return_code)),
            RopResponse::QueryRows(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetStatus(x) => Some((x.handle_index, x.return_code)),
            RopResponse::QueryPosition(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SeekRow(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SeekRowBookmark(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SeekRowFractional(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CreateBookmark(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CreateFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::DeleteFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::DeleteMessages(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetMessageStatus(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetMessageStatus(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetAttachmentTable(x) => Some((x.handle_index, x.return_code)),
            RopResponse::OpenAttachment(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CreateAttachment(x) => Some((x.handle_index, x.return_code)),
            RopResponse::DeleteAttachment(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SaveChangesAttachment(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetReceiveFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetReceiveFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::RegisterNotification(x) => Some((x.handle_index, x.return_code)),
            RopResponse::OpenStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::ReadStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::WriteStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SeekStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetStreamSize(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetSearchCriteria(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetSearchCriteria(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SubmitMessage(x) => Some((x.handle_index, x.return_code)),
            RopResponse::MoveCopyMessages(x) => Some((x.handle_index, x.return_code)),
            RopResponse::AbortSubmit(x) => Some((x.handle_index, x.return_code)),
            RopResponse::MoveFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CopyFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::QueryColumnsAll(x) => Some((x.handle_index, x.return_code)),
            RopResponse::Abort(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CopyTo(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CopyToStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CloneStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetPermissionsTable(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetRulesTable(x) => Some((x.handle_index, x.return_code)),
            RopResponse::ModifyPermissions(x) => Some((x.handle_index, x.return_code)),
            RopResponse::ModifyRules(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetOwningServers(x) => Some((x.handle_index, x.return_code)),
            RopResponse::LongTermIdFromId(x) => Some((x.handle_index, x.return_code)),
            RopResponse::IdFromLongTermId(x) => Some((x.handle_index, x.return_code)),
            RopResponse::PublicFolderIsGhosted(x) => Some((x.handle_index, x.return_code)),
            RopResponse::OpenEmbeddedMessage(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetSpooler(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SpoolerLockMessage(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetAddressTypes(x) => Some((x.handle_index, x.return_code)),
            RopResponse::TransportSend(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FastTransferSourceCopyMessages(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FastTransferSourceCopyFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FastTransferSourceCopyTo(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FastTransferSourceGetBuffer(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FindRow(x) => Some((x.handle_index, x.return_code)),
            RopResponse::Progress(x) => Some((x.handle_index, x.return_code)),
            RopResponse::TransportNewMail(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetValidAttachments(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FastTransferDestinationConfigure(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::FastTransferDestinationPutBuffer(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::GetNamesFromPropertyIds(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetPropertyIdsFromNames(x) => Some((x.handle_index, x.return_code)),
            RopResponse::UpdateDeferredActionMessages(x) => Some((x.handle_index, x.return_code)),
            RopResponse::EmptyFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::ExpandRow(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CollapseRow(x) => Some((x.handle_index, x.return_code)),
            RopResponse::LockRegionStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::UnlockRegionStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CommitStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetStreamSize(x) => Some((x.handle_index, x.return_code)),
            RopResponse::QueryNamedProperties(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetPerUserLongTermIds(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetPerUserGuid(x) => Some((x.handle_index, x.return_code)),
            RopResponse::ReadPerUserInformation(x) => Some((x.handle_index, x.return_code)),
            RopResponse::WritePerUserInformation(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetReadFlags(x) => Some((x.handle_index, x.return_code)),
            RopResponse::CopyProperties(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetReceiveFolderTable(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FastTransferSourceCopyProperties(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::GetCollapseState(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SetCollapseState(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetTransportFolder(x) => Some((x.handle_index, x.return_code)),
            RopResponse::OptionsData(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SynchronizationConfigure(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SynchronizationImportMessageChange(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::SynchronizationImportHierarchyChange(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::SynchronizationImportDeletes(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SynchronizationUploadStateStreamBegin(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::SynchronizationUploadStateStreamContinue(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::SynchronizationUploadStateStreamEnd(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::SynchronizationImportMessageMove(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::SetPropertiesNoReplicate(x) => Some((x.handle_index, x.return_code)),
            RopResponse::DeletePropertiesNoReplicate(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetStoreState(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SynchronizationOpenCollector(x) => Some((x.handle_index, x.return_code)),
            RopResponse::GetLocalReplicaIds(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SynchronizationImportReadStateChanges(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::ResetTable(x) => Some((x.handle_index, x.return_code)),
            RopResponse::SynchronizationGetTransferState(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::TellVersion(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FreeBookmark(x) => Some((x.handle_index, x.return_code)),
            RopResponse::WriteAndCommitStream(x) => Some((x.handle_index, x.return_code)),
            RopResponse::HardDeleteMessages(x) => Some((x.handle_index, x.return_code)),
            RopResponse::HardDeleteMessagesAndSubfolders(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::SetLocalReplicaMidsetDeleted(x) => Some((x.handle_index, x.return_code)),
            RopResponse::FastTransferDestinationPutBufferExtended(x) => {
                Some((x.handle_index, x.return_code))
            }
            RopResponse::WriteStreamExtended(x) => Some((x.handle_index, x.return_code)),
            RopResponse::Logon(x) => Some((x.handle_index, x.return_code)),
            _ => None,
        }
    }

    /// Reads one response ROP (RopId first); `ctx` supplies what the response's shape
    /// depends on.
    pub fn read(r: &mut Reader<'_>, ctx: &ResponseContext<'_>) -> Result<Self> {
        let off = r.offset();
        let id = r.u8("RopId")?;
        Ok(match id {
            0x02 => RopResponse::OpenFolder(Reply::read(r, ctx)?),
            0x03 => RopResponse::OpenMessage(Reply::read(r, ctx)?),
            0x04 => RopResponse::GetHierarchyTable(Reply::read(r, ctx)?),
            0x05 => RopResponse::GetContentsTable(Reply::read(r, ctx)?),
            0x06 => RopResponse::CreateMessage(Reply::read(r, ctx)?),
            0x07 => RopResponse::GetPropertiesSpecific(Reply::read(r, ctx)?),
            0x08 => RopResponse::GetPropertiesAll(Reply::read(r, ctx)?),
            0x09 => RopResponse::GetPropertiesList(Reply::read(r, ctx)?),
            0x0A => RopResponse::SetProperties(Reply::read(r, ctx)?),
            0x0B => RopResponse::DeleteProperties(Reply::read(r, ctx)?),
            0x0C => RopResponse::SaveChangesMessage(Reply::read(r, ctx)?),
            0x0D => RopResponse::RemoveAllRecipients(Reply::read(r, ctx)?),
            0x0E => RopResponse::ModifyRecipients(Reply::read(r, ctx)?),
            0x0F => RopResponse::ReadRecipients(Reply::read(r, ctx)?),
            0x10 => RopResponse::ReloadCachedInformation(Reply::read(r, ctx)?),
            0x11 => RopResponse::SetMessageReadFlag(Reply::read(r, ctx)?),
            0x12 => RopResponse::SetColumns(Reply::read(r, ctx)?),
            0x13 => RopResponse::SortTable(Reply::read(r, ctx)?),
            0x14 => RopResponse::Restrict(Reply::read(r, ctx)?),
            0x15 => RopResponse::QueryRows(Reply::read(r, ctx)?),
            0x16 => RopResponse::GetStatus(Reply::read(r, ctx)?),
            0x17 => RopResponse::QueryPosition(Reply::read(r, ctx)?),
            0x18 => RopResponse::SeekRow(Reply::read(r, ctx)?),
            0x19 => RopResponse::SeekRowBookmark(Reply::read(r, ctx)?),
            0x1A => RopResponse::SeekRowFractional(Reply::read(r, ctx)?),
            0x1B => RopResponse::CreateBookmark(Reply::read(r, ctx)?),
            0x1C => RopResponse::CreateFolder(Reply::read(r, ctx)?),
            0x1D => RopResponse::DeleteFolder(Reply::read(r, ctx)?),
            0x1E => RopResponse::DeleteMessages(Reply::read(r, ctx)?),
            0x1F => RopResponse::GetMessageStatus(Reply::read(r, ctx)?),
            0x20 => RopResponse::SetMessageStatus(Reply::read(r, ctx)?),
            0x21 => RopResponse::GetAttachmentTable(Reply::read(r, ctx)?),
            0x22 => RopResponse::OpenAttachment(Reply::read(r, ctx)?),
            0x23 => RopResponse::CreateAttachment(Reply::read(r, ctx)?),
            0x24 => RopResponse::DeleteAttachment(Reply::read(r, ctx)?),
            0x25 => RopResponse::SaveChangesAttachment(Reply::read(r, ctx)?),
            0x26 => RopResponse::SetReceiveFolder(Reply::read(r, ctx)?),
            0x27 => RopResponse::GetReceiveFolder(Reply::read(r, ctx)?),
            0x29 => RopResponse::RegisterNotification(Reply::read(r, ctx)?),
            0x2B => RopResponse::OpenStream(Reply::read(r, ctx)?),
            0x2C => RopResponse::ReadStream(Reply::read(r, ctx)?),
            0x2D => RopResponse::WriteStream(Reply::read(r, ctx)?),
            0x2E => RopResponse::SeekStream(Reply::read(r, ctx)?),
            0x2F => RopResponse::SetStreamSize(Reply::read(r, ctx)?),
            0x30 => RopResponse::SetSearchCriteria(Reply::read(r, ctx)?),
            0x31 => RopResponse::GetSearchCriteria(Reply::read(r, ctx)?),
            0x32 => RopResponse::SubmitMessage(Reply::read(r, ctx)?),
            0x33 => RopResponse::MoveCopyMessages(Reply::read(r, ctx)?),
            0x34 => RopResponse::AbortSubmit(Reply::read(r, ctx)?),
            0x35 => RopResponse::MoveFolder(Reply::read(r, ctx)?),
            0x36 => RopResponse::CopyFolder(Reply::read(r, ctx)?),
            0x37 => RopResponse::QueryColumnsAll(Reply::read(r, ctx)?),
            0x38 => RopResponse::Abort(Reply::read(r, ctx)?),
            0x39 => RopResponse::CopyTo(Reply::read(r, ctx)?),
            0x3A => RopResponse::CopyToStream(Reply::read(r, ctx)?),
            0x3B => RopResponse::CloneStream(Reply::read(r, ctx)?),
            0x3E => RopResponse::GetPermissionsTable(Reply::read(r, ctx)?),
            0x3F => RopResponse::GetRulesTable(Reply::read(r, ctx)?),
            0x40 => RopResponse::ModifyPermissions(Reply::read(r, ctx)?),
            0x41 => RopResponse::ModifyRules(Reply::read(r, ctx)?),
            0x42 => RopResponse::GetOwningServers(Reply::read(r, ctx)?),
            0x43 => RopResponse::LongTermIdFromId(Reply::read(r, ctx)?),
            0x44 => RopResponse::IdFromLongTermId(Reply::read(r, ctx)?),
            0x45 => RopResponse::PublicFolderIsGhosted(Reply::read(r, ctx)?),
            0x46 => RopResponse::OpenEmbeddedMessage(Reply::read(r, ctx)?),
            0x47 => RopResponse::SetSpooler(Reply::read(r, ctx)?),
            0x48 => RopResponse::SpoolerLockMessage(Reply::read(r, ctx)?),
            0x49 => RopResponse::GetAddressTypes(Reply::read(r, ctx)?),
            0x4A => RopResponse::TransportSend(Reply::read(r, ctx)?),
            0x4B => RopResponse::FastTransferSourceCopyMessages(Reply::read(r, ctx)?),
            0x4C => RopResponse::FastTransferSourceCopyFolder(Reply::read(r, ctx)?),
            0x4D => RopResponse::FastTransferSourceCopyTo(Reply::read(r, ctx)?),
            0x4E => RopResponse::FastTransferSourceGetBuffer(Reply::read(r, ctx)?),
            0x4F => RopResponse::FindRow(Reply::read(r, ctx)?),
            0x50 => RopResponse::Progress(Reply::read(r, ctx)?),
            0x51 => RopResponse::TransportNewMail(Reply::read(r, ctx)?),
            0x52 => RopResponse::GetValidAttachments(Reply::read(r, ctx)?),
            0x53 => RopResponse::FastTransferDestinationConfigure(Reply::read(r, ctx)?),
            0x54 => RopResponse::FastTransferDestinationPutBuffer(Reply::read(r, ctx)?),
            0x55 => RopResponse::GetNamesFromPropertyIds(Reply::read(r, ctx)?),
            0x56 => RopResponse::GetPropertyIdsFromNames(Reply::read(r, ctx)?),
            0x57 => RopResponse::UpdateDeferredActionMessages(Reply::read(r, ctx)?),
            0x58 => RopResponse::EmptyFolder(Reply::read(r, ctx)?),
            0x59 => RopResponse::ExpandRow(Reply::read(r, ctx)?),
            0x5A => RopResponse::CollapseRow(Reply::read(r, ctx)?),
            0x5B => RopResponse::LockRegionStream(Reply::read(r, ctx)?),
            0x5C => RopResponse::UnlockRegionStream(Reply::read(r, ctx)?),
            0x5D => RopResponse::CommitStream(Reply::read(r, ctx)?),
            0x5E => RopResponse::GetStreamSize(Reply::read(r, ctx)?),
            0x5F => RopResponse::QueryNamedProperties(Reply::read(r, ctx)?),
            0x60 => RopResponse::GetPerUserLongTermIds(Reply::read(r, ctx)?),
            0x61 => RopResponse::GetPerUserGuid(Reply::read(r, ctx)?),
            0x63 => RopResponse::ReadPerUserInformation(Reply::read(r, ctx)?),
            0x64 => RopResponse::WritePerUserInformation(Reply::read(r, ctx)?),
            0x66 => RopResponse::SetReadFlags(Reply::read(r, ctx)?),
            0x67 => RopResponse::CopyProperties(Reply::read(r, ctx)?),
            0x68 => RopResponse::GetReceiveFolderTable(Reply::read(r, ctx)?),
            0x69 => RopResponse::FastTransferSourceCopyProperties(Reply::read(r, ctx)?),
            0x6B => RopResponse::GetCollapseState(Reply::read(r, ctx)?),
            0x6C => RopResponse::SetCollapseState(Reply::read(r, ctx)?),
            0x6D => RopResponse::GetTransportFolder(Reply::read(r, ctx)?),
            0x6F => RopResponse::OptionsData(Reply::read(r, ctx)?),
            0x70 => RopResponse::SynchronizationConfigure(Reply::read(r, ctx)?),
            0x72 => RopResponse::SynchronizationImportMessageChange(Reply::read(r, ctx)?),
            0x73 => RopResponse::SynchronizationImportHierarchyChange(Reply::read(r, ctx)?),
            0x74 => RopResponse::SynchronizationImportDeletes(Reply::read(r, ctx)?),
            0x75 => RopResponse::SynchronizationUploadStateStreamBegin(Reply::read(r, ctx)?),
            0x76 => RopResponse::SynchronizationUploadStateStreamContinue(Reply::read(r, ctx)?),
            0x77 => RopResponse::SynchronizationUploadStateStreamEnd(Reply::read(r, ctx)?),
            0x78 => RopResponse::SynchronizationImportMessageMove(Reply::read(r, ctx)?),
            0x79 => RopResponse::SetPropertiesNoReplicate(Reply::read(r, ctx)?),
            0x7A => RopResponse::DeletePropertiesNoReplicate(Reply::read(r, ctx)?),
            0x7B => RopResponse::GetStoreState(Reply::read(r, ctx)?),
            0x7E => RopResponse::SynchronizationOpenCollector(Reply::read(r, ctx)?),
            0x7F => RopResponse::GetLocalReplicaIds(Reply::read(r, ctx)?),
            0x80 => RopResponse::SynchronizationImportReadStateChanges(Reply::read(r, ctx)?),
            0x81 => RopResponse::ResetTable(Reply::read(r, ctx)?),
            0x82 => RopResponse::SynchronizationGetTransferState(Reply::read(r, ctx)?),
            0x86 => RopResponse::TellVersion(Reply::read(r, ctx)?),
            0x89 => RopResponse::FreeBookmark(Reply::read(r, ctx)?),
            0x90 => RopResponse::WriteAndCommitStream(Reply::read(r, ctx)?),
            0x91 => RopResponse::HardDeleteMessages(Reply::read(r, ctx)?),
            0x92 => RopResponse::HardDeleteMessagesAndSubfolders(Reply::read(r, ctx)?),
            0x93 => RopResponse::SetLocalReplicaMidsetDeleted(Reply::read(r, ctx)?),
            0x9D => RopResponse::FastTransferDestinationPutBufferExtended(Reply::read(r, ctx)?),
            0xA3 => RopResponse::WriteStreamExtended(Reply::read(r, ctx)?),
            0xFE => RopResponse::Logon(Reply::read(r, ctx)?),
            0x2A => RopResponse::Notify(<notification::RopNotifyResponse as Wire>::read(r)?),
            0x6E => RopResponse::Pending(<notification::RopPendingResponse as Wire>::read(r)?),
            0xF9 => RopResponse::Backoff(<control::RopBackoffResponse as Wire>::read(r)?),
            0xFF => RopResponse::BufferTooSmall(control::RopBufferTooSmallResponse::read_with(
                r,
                &ctx.logons,
            )?),
            _ => {
                return Err(RopError::UnknownRop {
                    rop_id: id,
                    offset: off,
                })
            }
        })
    }

    /// Writes the ROP, RopId first.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.push(self.rop_id());
        match self {
            RopResponse::OpenFolder(x) => x.write(out),
            RopResponse::OpenMessage(x) => x.write(out),
            RopResponse::GetHierarchyTable(x) => x.write(out),
            RopResponse::GetContentsTable(x) => x.write(out),
            RopResponse::CreateMessage(x) => x.write(out),
            RopResponse::GetPropertiesSpecific(x) => x.write(out),
            RopResponse::GetPropertiesAll(x) => x.write(out),
            RopResponse::GetPropertiesList(x) => x.write(out),
            RopResponse::SetProperties(x) => x.write(out),
            RopResponse::DeleteProperties(x) => x.write(out),
            RopResponse::SaveChangesMessage(x) => x.write(out),
            RopResponse::RemoveAllRecipients(x) => x.write(out),
            RopResponse::ModifyRecipients(x) => x.write(out),
            RopResponse::ReadRecipients(x) => x.write(out),
            RopResponse::ReloadCachedInformation(x) => x.write(out),
            RopResponse::SetMessageReadFlag(x) => x.write(out),
            RopResponse::SetColumns(x) => x.write(out),
            RopResponse::SortTable(x) => x.write(out),
            RopResponse::Restrict(x) => x.write(out),
            RopResponse::QueryRows(x) => x.write(out),
            RopResponse::GetStatus(x) => x.write(out),
            RopResponse::QueryPosition(x) => x.write(out),
            RopResponse::SeekRow(x) => x.write(out),
            RopResponse::SeekRowBookmark(x) => x.write(out),
            RopResponse::SeekRowFractional(x) => x.write(out),
            RopResponse::CreateBookmark(x) => x.write(out),
            RopResponse::CreateFolder(x) => x.write(out),
            RopResponse::DeleteFolder(x) => x.write(out),
            RopResponse::DeleteMessages(x) => x.write(out),
            RopResponse::GetMessageStatus(x) => x.write(out),
            RopResponse::SetMessageStatus(x) => x.write(out),
            RopResponse::GetAttachmentTable(x) => x.write(out),
            RopResponse::OpenAttachment(x) => x.write(out),
            RopResponse::CreateAttachment(x) => x.write(out),
            RopResponse::DeleteAttachment(x) => x.write(out),
            RopResponse::SaveChangesAttachment(x) => x.write(out),
            RopResponse::SetReceiveFolder(x) => x.write(out),
            RopResponse::GetReceiveFolder(x) => x.write(out),
            RopResponse::RegisterNotification(x) => x.write(out),
            RopResponse::OpenStream(x) => x.write(out),
            RopResponse::ReadStream(x) => x.write(out),
            RopResponse::WriteStream(x) => x.write(out),
            RopResponse::SeekStream(x) => x.write(out),
            RopResponse::SetStreamSize(x) => x.write(out),
            RopResponse::SetSearchCriteria(x) => x.write(out),
            RopResponse::GetSearchCriteria(x) => x.write(out),
            RopResponse::SubmitMessage(x) => x.write(out),
            RopResponse::MoveCopyMessages(x) => x.write(out),
            RopResponse::AbortSubmit(x) => x.write(out),
            RopResponse::MoveFolder(x) => x.write(out),
            RopResponse::CopyFolder(x) => x.write(out),
            RopResponse::QueryColumnsAll(x) => x.write(out),
            RopResponse::Abort(x) => x.write(out),
            RopResponse::CopyTo(x) => x.write(out),
            RopResponse::CopyToStream(x) => x.write(out),
            RopResponse::CloneStream(x) => x.write(out),
            RopResponse::GetPermissionsTable(x) => x.write(out),
            RopResponse::GetRulesTable(x) => x.write(out),
            RopResponse::ModifyPermissions(x) => x.write(out),
            RopResponse::ModifyRules(x) => x.write(out),
            RopResponse::GetOwningServers(x) => x.write(out),
            RopResponse::LongTermIdFromId(x) => x.write(out),
            RopResponse::IdFromLongTermId(x) => x.write(out),
            RopResponse::PublicFolderIsGhosted(x) => x.write(out),
            RopResponse::OpenEmbeddedMessage(x) => x.write(out),
            RopResponse::SetSpooler(x) => x.write(out),
            RopResponse::SpoolerLockMessage(x) => x.write(out),
            RopResponse::GetAddressTypes(x) => x.write(out),
            RopResponse::TransportSend(x) => x.write(out),
            RopResponse::FastTransferSourceCopyMessages(x) => x.write(out),
            RopResponse::FastTransferSourceCopyFolder(x) => x.write(out),
            RopResponse::FastTransferSourceCopyTo(x) => x.write(out),
            RopResponse::FastTransferSourceGetBuffer(x) => x.write(out),
            RopResponse::FindRow(x) => x.write(out),
            RopResponse::Progress(x) => x.write(out),
            RopResponse::TransportNewMail(x) => x.write(out),
            RopResponse::GetValidAttachments(x) => x.write(out),
            RopResponse::FastTransferDestinationConfigure(x) => x.write(out),
            RopResponse::FastTransferDestinationPutBuffer(x) => x.write(out),
            RopResponse::GetNamesFromPropertyIds(x) => x.write(out),
            RopResponse::GetPropertyIdsFromNames(x) => x.write(out),
            RopResponse::UpdateDeferredActionMessages(x) => x.write(out),
            RopResponse::EmptyFolder(x) => x.write(out),
            RopResponse::ExpandRow(x) => x.write(out),
            RopResponse::CollapseRow(x) => x.write(out),
            RopResponse::LockRegionStream(x) => x.write(out),
            RopResponse::UnlockRegionStream(x) => x.write(out),
            RopResponse::CommitStream(x) => x.write(out),
            RopResponse::GetStreamSize(x) => x.write(out),
            RopResponse::QueryNamedProperties(x) => x.write(out),
            RopResponse::GetPerUserLongTermIds(x) => x.write(out),
            RopResponse::GetPerUserGuid(x) => x.write(out),
            RopResponse::ReadPerUserInformation(x) => x.write(out),
            RopResponse::WritePerUserInformation(x) => x.write(out),
            RopResponse::SetReadFlags(x) => x.write(out),
            RopResponse::CopyProperties(x) => x.write(out),
            RopResponse::GetReceiveFolderTable(x) => x.write(out),
            RopResponse::FastTransferSourceCopyProperties(x) => x.write(out),
            RopResponse::GetCollapseState(x) => x.write(out),
            RopResponse::SetCollapseState(x) => x.write(out),
            RopResponse::GetTransportFolder(x) => x.write(out),
            RopResponse::OptionsData(x) => x.write(out),
            RopResponse::SynchronizationConfigure(x) => x.write(out),
            RopResponse::SynchronizationImportMessageChange(x) => x.write(out),
            RopResponse::SynchronizationImportHierarchyChange(x) => x.write(out),
            RopResponse::SynchronizationImportDeletes(x) => x.write(out),
            RopResponse::SynchronizationUploadStateStreamBegin(x) => x.write(out),
            RopResponse::SynchronizationUploadStateStreamContinue(x) => x.write(out),
            RopResponse::SynchronizationUploadStateStreamEnd(x) => x.write(out),
            RopResponse::SynchronizationImportMessageMove(x) => x.write(out),
            RopResponse::SetPropertiesNoReplicate(x) => x.write(out),
            RopResponse::DeletePropertiesNoReplicate(x) => x.write(out),
            RopResponse::GetStoreState(x) => x.write(out),
            RopResponse::SynchronizationOpenCollector(x) => x.write(out),
            RopResponse::GetLocalReplicaIds(x) => x.write(out),
            RopResponse::SynchronizationImportReadStateChanges(x) => x.write(out),
            RopResponse::ResetTable(x) => x.write(out),
            RopResponse::SynchronizationGetTransferState(x) => x.write(out),
            RopResponse::TellVersion(x) => x.write(out),
            RopResponse::FreeBookmark(x) => x.write(out),
            RopResponse::WriteAndCommitStream(x) => x.write(out),
            RopResponse::HardDeleteMessages(x) => x.write(out),
            RopResponse::HardDeleteMessagesAndSubfolders(x) => x.write(out),
            RopResponse::SetLocalReplicaMidsetDeleted(x) => x.write(out),
            RopResponse::FastTransferDestinationPutBufferExtended(x) => x.write(out),
            RopResponse::WriteStreamExtended(x) => x.write(out),
            RopResponse::Logon(x) => x.write(out),
            RopResponse::Notify(x) => Wire::write(x, out),
            RopResponse::Pending(x) => Wire::write(x, out),
            RopResponse::Backoff(x) => Wire::write(x, out),
            RopResponse::BufferTooSmall(x) => Wire::write(x, out),
        }
    }
}

/// RopIds that have a request buffer.
pub(crate) const REQUEST_IDS: &[u8] = &[
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10,
    0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x20,
    0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x29, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32,
    0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3E, 0x3F, 0x40, 0x41, 0x42, 0x43, 0x44,
    0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x51, 0x52, 0x53, 0x54,
    0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60, 0x61, 0x63, 0x64, 0x66,
    0x67, 0x68, 0x69, 0x6B, 0x6C, 0x6D, 0x6F, 0x70, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79,
    0x7A, 0x7B, 0x7E, 0x7F, 0x80, 0x81, 0x82, 0x86, 0x89, 0x90, 0x91, 0x92, 0x93, 0x9D, 0xA3, 0xFE,
];

/// RopIds that only appear in response buffers.
pub(crate) const RESPONSE_ONLY_IDS: &[u8] = &[0x2A, 0x6E, 0xF9, 0xFF];
