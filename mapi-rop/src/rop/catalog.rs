//! Every RopId of MS-OXCROPS 2.2.2 and what this crate does with it.
//!
//! "codec" means the request and the response (every shape the ReturnValue or the
//! request selects) decode to typed values and encode back to the same bytes. Ids the
//! specification marks Reserved are listed so that nothing in the table is left out;
//! decoding them fails with [`RopError::UnknownRop`](super::RopError::UnknownRop).
//!
//! "checked against" names the MS-OXCROPS section of the ROP (other documents by name).
//! Every row's request and response fields were compared, in order, width and presence
//! condition (success only, every ReturnValue, ecNullDestinationObject 0x503, ecServerBusy
//! 0x480, ecWrongServer 0x478, a flag or count in the buffer, the logon kind), with that
//! section as rendered by the MAPI Inspector parsers; "text" marks rows also read against the
//! section's own wording, and the refining pages read are listed after it. Section 4
//! examples turned into tests are listed the same way.
//!
//! Section 4 examples searched for and what came of them: MS-OXCTABL 4.5.3.1, MS-OXCMSG
//! 4.8.1, MS-OXCFOLD 4.5.1, MS-OXORULE 4.2.2 and the MS-OXCPRPT "Setting Properties" client
//! request are tests. The MS-OXORULE 4.1 rule-creation bytes, the MS-OXCSTOR RopLogon, the
//! MS-OXCNOTIF, MS-OXCPERM and MS-OXCFXICS example buffers, the remaining MS-OXCTABL and
//! MS-OXCMSG examples and the other MS-OXCPRPT examples were not found in a readable form;
//! RuleAction ActionData, RopBufferTooSmall RequestBuffers and RopNotify TableRowData are
//! tested with buffers assembled field by field from their structure sections instead.
//!
//! Two readings stay open, each decoded the way the MS-OXCROPS layout splits it:
//! RopFastTransferSourceGetBuffer carries TransferStatus to TransferBuffer on success and
//! BackoffTime alone on 0x480 (the MAPI Inspector parser reads the progress fields on every
//! ReturnValue); RopTransportSend has PropertyValueCount and PropertyValues only when
//! NoPropertiesReturned is zero (the page marks the count optional without saying when).
//!
//! | RopId | ROP | module | status | checked against |
//! |---|---|---|---|---|
//! | 0x00 | Reserved | - | not used on the wire | - |
//! | 0x01 | RopRelease | [`control`](super::control) | request codec; no response exists | 2.2.15.3 |
//! | 0x02 | RopOpenFolder | [`folder`](super::folder) | request and response codec | 2.2.4.1 |
//! | 0x03 | RopOpenMessage | [`message`](super::message) | request and response codec | 2.2.6.1 |
//! | 0x04 | RopGetHierarchyTable | [`folder`](super::folder) | request and response codec | 2.2.4.13 |
//! | 0x05 | RopGetContentsTable | [`folder`](super::folder) | request and response codec | 2.2.4.14 |
//! | 0x06 | RopCreateMessage | [`message`](super::message) | request and response codec | 2.2.6.2; text |
//! | 0x07 | RopGetPropertiesSpecific | [`property`](super::property) | request and response codec; response needs the requested tags (RopSession) | 2.2.8.3 |
//! | 0x08 | RopGetPropertiesAll | [`property`](super::property) | request and response codec | 2.2.8.4 |
//! | 0x09 | RopGetPropertiesList | [`property`](super::property) | request and response codec | 2.2.8.5; text |
//! | 0x0A | RopSetProperties | [`property`](super::property) | request and response codec | 2.2.8.6; MS-OXCPRPT 4 (Setting Properties request) |
//! | 0x0B | RopDeleteProperties | [`property`](super::property) | request and response codec | 2.2.8.8 |
//! | 0x0C | RopSaveChangesMessage | [`message`](super::message) | request and response codec | 2.2.6.3; text, MS-OXCMSG 2.2.3.3, 4.8.1 |
//! | 0x0D | RopRemoveAllRecipients | [`message`](super::message) | request and response codec | 2.2.6.4 |
//! | 0x0E | RopModifyRecipients | [`message`](super::message) | request and response codec | 2.2.6.5 |
//! | 0x0F | RopReadRecipients | [`message`](super::message) | request and response codec | 2.2.6.6 |
//! | 0x10 | RopReloadCachedInformation | [`message`](super::message) | request and response codec | 2.2.6.7 |
//! | 0x11 | RopSetMessageReadFlag | [`message`](super::message) | request and response codec; layout depends on the logon kind (RopSession) | 2.2.6.11; text, MS-OXCMSG 2.2.3.11 |
//! | 0x12 | RopSetColumns | [`table`](super::table) | request and response codec | 2.2.5.1 |
//! | 0x13 | RopSortTable | [`table`](super::table) | request and response codec | 2.2.5.2 |
//! | 0x14 | RopRestrict | [`table`](super::table) | request and response codec | 2.2.5.3 |
//! | 0x15 | RopQueryRows | [`table`](super::table) | request and response codec; response needs the table's columns (RopSession) | 2.2.5.4; MS-OXCTABL 4.5.3.1 |
//! | 0x16 | RopGetStatus | [`table`](super::table) | request and response codec | 2.2.5.6 |
//! | 0x17 | RopQueryPosition | [`table`](super::table) | request and response codec | 2.2.5.7 |
//! | 0x18 | RopSeekRow | [`table`](super::table) | request and response codec | 2.2.5.10 |
//! | 0x19 | RopSeekRowBookmark | [`table`](super::table) | request and response codec | 2.2.5.9 |
//! | 0x1A | RopSeekRowFractional | [`table`](super::table) | request and response codec | 2.2.5.10 |
//! | 0x1B | RopCreateBookmark | [`table`](super::table) | request and response codec | 2.2.5.11 |
//! | 0x1C | RopCreateFolder | [`folder`](super::folder) | request and response codec | 2.2.4.2 |
//! | 0x1D | RopDeleteFolder | [`folder`](super::folder) | request and response codec | 2.2.4.3 |
//! | 0x1E | RopDeleteMessages | [`folder`](super::folder) | request and response codec | 2.2.4.11 |
//! | 0x1F | RopGetMessageStatus | [`message`](super::message) | request and response codec | 2.2.6.9 |
//! | 0x20 | RopSetMessageStatus | [`message`](super::message) | request and response codec | 2.2.6.8 |
//! | 0x21 | RopGetAttachmentTable | [`message`](super::message) | request and response codec | 2.2.6.17; text |
//! | 0x22 | RopOpenAttachment | [`message`](super::message) | request and response codec | 2.2.6.12 |
//! | 0x23 | RopCreateAttachment | [`message`](super::message) | request and response codec | 2.2.6.13 |
//! | 0x24 | RopDeleteAttachment | [`message`](super::message) | request and response codec | 2.2.6.14 |
//! | 0x25 | RopSaveChangesAttachment | [`message`](super::message) | request and response codec | 2.2.6.15; MS-OXCMSG 2.2.3.15 |
//! | 0x26 | RopSetReceiveFolder | [`logon`](super::logon) | request and response codec | 2.2.3.3; text |
//! | 0x27 | RopGetReceiveFolder | [`logon`](super::logon) | request and response codec | 2.2.3.2 |
//! | 0x28 | Reserved | - | not used on the wire | - |
//! | 0x29 | RopRegisterNotification | [`notification`](super::notification) | request and response codec | 2.2.14.1 |
//! | 0x2A | RopNotify | [`notification`](super::notification) | response codec (response-only ROP) | 2.2.14.2; MS-OXCNOTIF 2.2.1.4.1.2 |
//! | 0x2B | RopOpenStream | [`property`](super::property) | request and response codec | 2.2.9.1; MS-OXCPRPT 2.2.14 |
//! | 0x2C | RopReadStream | [`stream`](super::stream) | request and response codec | 2.2.9.2 |
//! | 0x2D | RopWriteStream | [`stream`](super::stream) | request and response codec | 2.2.9.3; text |
//! | 0x2E | RopSeekStream | [`stream`](super::stream) | request and response codec | 2.2.9.8 |
//! | 0x2F | RopSetStreamSize | [`stream`](super::stream) | request and response codec | 2.2.9.7 |
//! | 0x30 | RopSetSearchCriteria | [`folder`](super::folder) | request and response codec | 2.2.4.4 |
//! | 0x31 | RopGetSearchCriteria | [`folder`](super::folder) | request and response codec | 2.2.4.5 |
//! | 0x32 | RopSubmitMessage | [`transport`](super::transport) | request and response codec | 2.2.7.1 |
//! | 0x33 | RopMoveCopyMessages | [`folder`](super::folder) | request and response codec | 2.2.4.6 |
//! | 0x34 | RopAbortSubmit | [`transport`](super::transport) | request and response codec | 2.2.7.2 |
//! | 0x35 | RopMoveFolder | [`folder`](super::folder) | request and response codec | 2.2.4.7; MS-OXCFOLD 4.5.1 |
//! | 0x36 | RopCopyFolder | [`folder`](super::folder) | request and response codec | 2.2.4.8 |
//! | 0x37 | RopQueryColumnsAll | [`table`](super::table) | request and response codec | 2.2.5.12 |
//! | 0x38 | RopAbort | [`table`](super::table) | request and response codec | 2.2.5.5 |
//! | 0x39 | RopCopyTo | [`property`](super::property) | request and response codec | 2.2.8.12; text |
//! | 0x3A | RopCopyToStream | [`stream`](super::stream) | request and response codec | 2.2.9.9 |
//! | 0x3B | RopCloneStream | [`stream`](super::stream) | request and response codec | 2.2.9.13 |
//! | 0x3C | Reserved | - | not used on the wire | - |
//! | 0x3D | Reserved | - | not used on the wire | - |
//! | 0x3E | RopGetPermissionsTable | [`permission`](super::permission) | request and response codec | 2.2.10.2; text |
//! | 0x3F | RopGetRulesTable | [`rule`](super::rule) | request and response codec | 2.2.11.2; MS-OXORULE 4.2.2 |
//! | 0x40 | RopModifyPermissions | [`permission`](super::permission) | request and response codec | 2.2.10.1 |
//! | 0x41 | RopModifyRules | [`rule`](super::rule) | request and response codec | 2.2.11.1 |
//! | 0x42 | RopGetOwningServers | [`logon`](super::logon) | request and response codec | 2.2.3.6 |
//! | 0x43 | RopLongTermIdFromId | [`logon`](super::logon) | request and response codec | 2.2.3.8 |
//! | 0x44 | RopIdFromLongTermId | [`logon`](super::logon) | request and response codec | 2.2.3.9 |
//! | 0x45 | RopPublicFolderIsGhosted | [`logon`](super::logon) | request and response codec | 2.2.3.7 |
//! | 0x46 | RopOpenEmbeddedMessage | [`message`](super::message) | request and response codec | 2.2.6.16 |
//! | 0x47 | RopSetSpooler | [`transport`](super::transport) | request and response codec | 2.2.7.4 |
//! | 0x48 | RopSpoolerLockMessage | [`transport`](super::transport) | request and response codec | 2.2.7.5 |
//! | 0x49 | RopGetAddressTypes | [`transport`](super::transport) | request and response codec | 2.2.7.3 |
//! | 0x4A | RopTransportSend | [`transport`](super::transport) | request and response codec | 2.2.7.6; text |
//! | 0x4B | RopFastTransferSourceCopyMessages | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.6 |
//! | 0x4C | RopFastTransferSourceCopyFolder | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.5 |
//! | 0x4D | RopFastTransferSourceCopyTo | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.7 |
//! | 0x4E | RopFastTransferSourceGetBuffer | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.4; MS-OXCFXICS 2.2.3.1.1.5 |
//! | 0x4F | RopFindRow | [`table`](super::table) | request and response codec; response needs the table's columns (RopSession) | 2.2.5.13 |
//! | 0x50 | RopProgress | [`property`](super::property) | request and response codec | 2.2.8.13 |
//! | 0x51 | RopTransportNewMail | [`transport`](super::transport) | request and response codec | 2.2.7.7 |
//! | 0x52 | RopGetValidAttachments | [`message`](super::message) | request and response codec | 2.2.6.18 |
//! | 0x53 | RopFastTransferDestinationConfigure | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.1 |
//! | 0x54 | RopFastTransferDestinationPutBuffer | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.2 |
//! | 0x55 | RopGetNamesFromPropertyIds | [`property`](super::property) | request and response codec | 2.2.8.2 |
//! | 0x56 | RopGetPropertyIdsFromNames | [`property`](super::property) | request and response codec | 2.2.8.1 |
//! | 0x57 | RopUpdateDeferredActionMessages | [`rule`](super::rule) | request and response codec | 2.2.11.3 |
//! | 0x58 | RopEmptyFolder | [`folder`](super::folder) | request and response codec | 2.2.4.9 |
//! | 0x59 | RopExpandRow | [`table`](super::table) | request and response codec; response needs the table's columns (RopSession) | 2.2.5.16 |
//! | 0x5A | RopCollapseRow | [`table`](super::table) | request and response codec | 2.2.5.17 |
//! | 0x5B | RopLockRegionStream | [`stream`](super::stream) | request and response codec | 2.2.9.10 |
//! | 0x5C | RopUnlockRegionStream | [`stream`](super::stream) | request and response codec | 2.2.9.11 |
//! | 0x5D | RopCommitStream | [`stream`](super::stream) | request and response codec | 2.2.9.5 |
//! | 0x5E | RopGetStreamSize | [`stream`](super::stream) | request and response codec | 2.2.9.6 |
//! | 0x5F | RopQueryNamedProperties | [`property`](super::property) | request and response codec | 2.2.8.10 |
//! | 0x60 | RopGetPerUserLongTermIds | [`logon`](super::logon) | request and response codec | 2.2.3.9 |
//! | 0x61 | RopGetPerUserGuid | [`logon`](super::logon) | request and response codec | 2.2.3.11 |
//! | 0x62 | Reserved | - | not used on the wire | - |
//! | 0x63 | RopReadPerUserInformation | [`logon`](super::logon) | request and response codec | 2.2.3.12 |
//! | 0x64 | RopWritePerUserInformation | [`logon`](super::logon) | request and response codec; layout depends on the logon kind (RopSession) | 2.2.3.13 |
//! | 0x65 | Reserved | - | not used on the wire | - |
//! | 0x66 | RopSetReadFlags | [`message`](super::message) | request and response codec | 2.2.6.10; MS-OXCMSG 2.2.3.10 |
//! | 0x67 | RopCopyProperties | [`property`](super::property) | request and response codec | 2.2.8.11 |
//! | 0x68 | RopGetReceiveFolderTable | [`logon`](super::logon) | request and response codec | 2.2.3.4 |
//! | 0x69 | RopFastTransferSourceCopyProperties | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.8; text |
//! | 0x6A | Reserved | - | not used on the wire | - |
//! | 0x6B | RopGetCollapseState | [`table`](super::table) | request and response codec | 2.2.5.18 |
//! | 0x6C | RopSetCollapseState | [`table`](super::table) | request and response codec | 2.2.5.19 |
//! | 0x6D | RopGetTransportFolder | [`transport`](super::transport) | request and response codec | 2.2.7.8 |
//! | 0x6E | RopPending | [`notification`](super::notification) | response codec (response-only ROP) | 2.2.14.3 |
//! | 0x6F | RopOptionsData | [`transport`](super::transport) | request and response codec | 2.2.7.9 |
//! | 0x70 | RopSynchronizationConfigure | [`ics`](super::ics) | request and response codec | 2.2.13.1 |
//! | 0x71 | Reserved | - | not used on the wire | - |
//! | 0x72 | RopSynchronizationImportMessageChange | [`ics`](super::ics) | request and response codec | 2.2.13.2; text |
//! | 0x73 | RopSynchronizationImportHierarchyChange | [`ics`](super::ics) | request and response codec | 2.2.13.3 |
//! | 0x74 | RopSynchronizationImportDeletes | [`ics`](super::ics) | request and response codec | 2.2.13.5 |
//! | 0x75 | RopSynchronizationUploadStateStreamBegin | [`ics`](super::ics) | request and response codec | 2.2.13.9 |
//! | 0x76 | RopSynchronizationUploadStateStreamContinue | [`ics`](super::ics) | request and response codec | 2.2.13.10 |
//! | 0x77 | RopSynchronizationUploadStateStreamEnd | [`ics`](super::ics) | request and response codec | 2.2.13.11; text |
//! | 0x78 | RopSynchronizationImportMessageMove | [`ics`](super::ics) | request and response codec | 2.2.13.4 |
//! | 0x79 | RopSetPropertiesNoReplicate | [`property`](super::property) | request and response codec | 2.2.8.7 |
//! | 0x7A | RopDeletePropertiesNoReplicate | [`property`](super::property) | request and response codec | 2.2.8.9 |
//! | 0x7B | RopGetStoreState | [`logon`](super::logon) | request and response codec | 2.2.3.5 |
//! | 0x7C | Reserved | - | not used on the wire | - |
//! | 0x7D | Reserved | - | not used on the wire | - |
//! | 0x7E | RopSynchronizationOpenCollector | [`ics`](super::ics) | request and response codec | 2.2.13.7 |
//! | 0x7F | RopGetLocalReplicaIds | [`ics`](super::ics) | request and response codec | 2.2.13.13 |
//! | 0x80 | RopSynchronizationImportReadStateChanges | [`ics`](super::ics) | request and response codec | 2.2.13.6 |
//! | 0x81 | RopResetTable | [`table`](super::table) | request and response codec | 2.2.5.15; text |
//! | 0x82 | RopSynchronizationGetTransferState | [`ics`](super::ics) | request and response codec | 2.2.13.8 |
//! | 0x83 | Reserved | - | not used on the wire | - |
//! | 0x84 | Reserved | - | not used on the wire | - |
//! | 0x85 | Reserved | - | not used on the wire | - |
//! | 0x86 | RopTellVersion | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.9 |
//! | 0x87 | Reserved | - | not used on the wire | - |
//! | 0x88 | Reserved | - | not used on the wire | - |
//! | 0x89 | RopFreeBookmark | [`table`](super::table) | request and response codec | 2.2.5.14 |
//! | 0x8A | Reserved | - | not used on the wire | - |
//! | 0x8B | Reserved | - | not used on the wire | - |
//! | 0x8C | Reserved | - | not used on the wire | - |
//! | 0x8D | Reserved | - | not used on the wire | - |
//! | 0x8E | Reserved | - | not used on the wire | - |
//! | 0x8F | Reserved | - | not used on the wire | - |
//! | 0x90 | RopWriteAndCommitStream | [`stream`](super::stream) | request and response codec | 2.2.9.12; MS-OXCPRPT 2.2.26 |
//! | 0x91 | RopHardDeleteMessages | [`folder`](super::folder) | request and response codec | 2.2.4.12 |
//! | 0x92 | RopHardDeleteMessagesAndSubfolders | [`folder`](super::folder) | request and response codec | 2.2.4.10 |
//! | 0x93 | RopSetLocalReplicaMidsetDeleted | [`ics`](super::ics) | request and response codec | 2.2.13.12 |
//! | 0x94 | Reserved | - | not used on the wire | - |
//! | 0x95 | Reserved | - | not used on the wire | - |
//! | 0x96 | Reserved | - | not used on the wire | - |
//! | 0x97 | Reserved | - | not used on the wire | - |
//! | 0x98 | Reserved | - | not used on the wire | - |
//! | 0x99 | Reserved | - | not used on the wire | - |
//! | 0x9A | Reserved | - | not used on the wire | - |
//! | 0x9B | Reserved | - | not used on the wire | - |
//! | 0x9C | Reserved | - | not used on the wire | - |
//! | 0x9D | RopFastTransferDestinationPutBufferExtended | [`fast_transfer`](super::fast_transfer) | request and response codec | 2.2.12.3; MS-OXCFXICS 2.2.3.1.2.3 |
//! | 0x9E | Reserved | - | not used on the wire | - |
//! | 0x9F | Reserved | - | not used on the wire | - |
//! | 0xA0 | Reserved | - | not used on the wire | - |
//! | 0xA1 | Reserved | - | not used on the wire | - |
//! | 0xA2 | Reserved | - | not used on the wire | - |
//! | 0xA3 | RopWriteStreamExtended | [`stream`](super::stream) | request and response codec | 2.2.9.4; MS-OXCPRPT 2.2.17 |
//! | 0xF9 | RopBackoff | [`control`](super::control) | response codec (response-only ROP) | 2.2.15.2 |
//! | 0xFA | Reserved | - | not used on the wire | - |
//! | 0xFB | Reserved | - | not used on the wire | - |
//! | 0xFC | Reserved | - | not used on the wire | - |
//! | 0xFD | Reserved | - | not used on the wire | - |
//! | 0xFE | RopLogon | [`logon`](super::logon) | request and response codec; private/public shape from the request's LogonFlags (RopSession) | 2.2.3.1; text, MS-OXCSTOR 2.2.1.1 |
//! | 0xFF | RopBufferTooSmall | [`control`](super::control) | response codec (response-only ROP); RequestBuffers read as request ROPs, raw when they do not read whole | 2.2.15.1 |

/// RopIds with a request buffer, in ascending order.
pub const REQUEST_ROP_IDS: &[u8] = super::registry::REQUEST_IDS;
/// RopIds that occur only in response buffers.
pub const RESPONSE_ONLY_ROP_IDS: &[u8] = super::registry::RESPONSE_ONLY_IDS;
