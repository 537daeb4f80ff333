//! Marker and meta-property tags of FastTransfer streams (MS-OXCFXICS 2.2.4.1.4, 2.2.4.1.5).

/// StartTopFld.
pub const START_TOP_FLD: u32 = 0x4009_0003;
/// StartSubFld.
pub const START_SUB_FLD: u32 = 0x400A_0003;
/// EndFolder.
pub const END_FOLDER: u32 = 0x400B_0003;
/// StartMessage.
pub const START_MESSAGE: u32 = 0x400C_0003;
/// EndMessage.
pub const END_MESSAGE: u32 = 0x400D_0003;
/// StartFAIMsg.
pub const START_FAI_MSG: u32 = 0x4010_0003;
/// StartEmbed.
pub const START_EMBED: u32 = 0x4001_0003;
/// EndEmbed.
pub const END_EMBED: u32 = 0x4002_0003;
/// StartRecip.
pub const START_RECIP: u32 = 0x4003_0003;
/// EndToRecip.
pub const END_TO_RECIP: u32 = 0x4004_0003;
/// NewAttach.
pub const NEW_ATTACH: u32 = 0x4000_0003;
/// EndAttach.
pub const END_ATTACH: u32 = 0x400E_0003;
/// IncrSyncChg.
pub const INCR_SYNC_CHG: u32 = 0x4012_0003;
/// IncrSyncChgPartial.
pub const INCR_SYNC_CHG_PARTIAL: u32 = 0x407D_0003;
/// IncrSyncDel.
pub const INCR_SYNC_DEL: u32 = 0x4013_0003;
/// IncrSyncEnd.
pub const INCR_SYNC_END: u32 = 0x4014_0003;
/// IncrSyncRead.
pub const INCR_SYNC_READ: u32 = 0x402F_0003;
/// IncrSyncStateBegin.
pub const INCR_SYNC_STATE_BEGIN: u32 = 0x403A_0003;
/// IncrSyncStateEnd.
pub const INCR_SYNC_STATE_END: u32 = 0x403B_0003;
/// IncrSyncProgressMode.
pub const INCR_SYNC_PROGRESS_MODE: u32 = 0x4074_000B;
/// IncrSyncProgressPerMsg.
pub const INCR_SYNC_PROGRESS_PER_MSG: u32 = 0x4075_000B;
/// IncrSyncMessage.
pub const INCR_SYNC_MESSAGE: u32 = 0x4015_0003;
/// IncrSyncGroupInfo.
pub const INCR_SYNC_GROUP_INFO: u32 = 0x407B_0102;
/// FXErrorInfo.
pub const FX_ERROR_INFO: u32 = 0x4018_0003;

/// Every marker.
pub const ALL: [u32; 24] = [
    START_TOP_FLD,
    START_SUB_FLD,
    END_FOLDER,
    START_MESSAGE,
    END_MESSAGE,
    START_FAI_MSG,
    START_EMBED,
    END_EMBED,
    START_RECIP,
    END_TO_RECIP,
    NEW_ATTACH,
    END_ATTACH,
    INCR_SYNC_CHG,
    INCR_SYNC_CHG_PARTIAL,
    INCR_SYNC_DEL,
    INCR_SYNC_END,
    INCR_SYNC_READ,
    INCR_SYNC_STATE_BEGIN,
    INCR_SYNC_STATE_END,
    INCR_SYNC_PROGRESS_MODE,
    INCR_SYNC_PROGRESS_PER_MSG,
    INCR_SYNC_MESSAGE,
    INCR_SYNC_GROUP_INFO,
    FX_ERROR_INFO,
];

/// Whether a tag is a marker (no value follows).
pub fn is_marker(tag: u32) -> bool {
    ALL.contains(&tag)
}

/// MetaTagFXDelProp.
pub const META_TAG_FX_DEL_PROP: u32 = 0x4016_0003;
/// MetaTagEcWarning.
pub const META_TAG_EC_WARNING: u32 = 0x400F_0003;
/// MetaTagNewFXFolder.
pub const META_TAG_NEW_FX_FOLDER: u32 = 0x4011_0102;
/// MetaTagIncrSyncGroupId.
pub const META_TAG_INCR_SYNC_GROUP_ID: u32 = 0x407C_0003;
/// MetaTagIncrementalSyncMessagePartial.
pub const META_TAG_INCREMENTAL_SYNC_MESSAGE_PARTIAL: u32 = 0x407A_0003;
/// MetaTagDnPrefix.
pub const META_TAG_DN_PREFIX: u32 = 0x4008_001E;
/// MetaTagIdsetGiven: typed PtypInteger32, serialized as a length-prefixed binary.
pub const META_TAG_IDSET_GIVEN: u32 = 0x4017_0003;
/// MetaTagCnsetSeen.
pub const META_TAG_CNSET_SEEN: u32 = 0x6796_0102;
/// MetaTagCnsetSeenFAI.
pub const META_TAG_CNSET_SEEN_FAI: u32 = 0x67DA_0102;
/// MetaTagCnsetRead.
pub const META_TAG_CNSET_READ: u32 = 0x67D2_0102;
/// MetaTagIdsetDeleted.
pub const META_TAG_IDSET_DELETED: u32 = 0x67E5_0102;
/// MetaTagIdsetNoLongerInScope.
pub const META_TAG_IDSET_NO_LONGER_IN_SCOPE: u32 = 0x4021_0102;
/// MetaTagIdsetExpired.
pub const META_TAG_IDSET_EXPIRED: u32 = 0x6793_0102;
/// MetaTagIdsetRead.
pub const META_TAG_IDSET_READ: u32 = 0x402D_0102;
/// MetaTagIdsetUnread.
pub const META_TAG_IDSET_UNREAD: u32 = 0x402E_0102;

/// Whether a tag is a meta-property (MS-OXCFXICS 2.2.4.1.5) rather than a message or
/// folder property.
pub fn is_meta(tag: u32) -> bool {
    matches!(
        tag,
        META_TAG_FX_DEL_PROP
            | META_TAG_EC_WARNING
            | META_TAG_NEW_FX_FOLDER
            | META_TAG_INCR_SYNC_GROUP_ID
            | META_TAG_INCREMENTAL_SYNC_MESSAGE_PARTIAL
            | META_TAG_DN_PREFIX
            | META_TAG_IDSET_GIVEN
            | META_TAG_CNSET_SEEN
            | META_TAG_CNSET_SEEN_FAI
            | META_TAG_CNSET_READ
            | META_TAG_IDSET_DELETED
            | META_TAG_IDSET_NO_LONGER_IN_SCOPE
            | META_TAG_IDSET_EXPIRED
            | META_TAG_IDSET_READ
            | META_TAG_IDSET_UNREAD
    )
}
