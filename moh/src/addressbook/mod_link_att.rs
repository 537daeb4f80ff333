//! ModLinkAtt (MS-OXCMAPIHTTP 2.2.5.10): add or remove values of a link property.

use super::wire::{body, SizedBytes};
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// ModLinkAtt request body (2.2.5.10.1).
    ModLinkAttRequest, "ModLinkAtt request" {
        /// `Flags`: fDelete 0x1 removes the values instead of adding them.
        flags: u32 = "Flags";
        /// `PropertyTag`: the link property.
        prop_tag: u32 = "PropertyTag";
        /// `MinimalId`: the object changed.
        min_id: u32 = "MinimalId";
        /// `HasEntryIds`, `EntryIdCount` and `EntryIds`: each a 32-bit size and an entry ID.
        entry_ids: Option<Vec<SizedBytes<'a>>> = has "HasEntryIds", "EntryIds";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// ModLinkAtt response body (2.2.5.10.2) after a zero `StatusCode`.
    ModLinkAttResponse, "ModLinkAtt response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
