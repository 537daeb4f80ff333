//! ResolveNames (MS-OXCMAPIHTTP 2.2.5.14): address book entries for ambiguous names.

use oxwire_nspi::Stat;

use super::wire::{body, RowSet, UnicodeString};
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// ResolveNames request body (2.2.5.14.1).
    ResolveNamesRequest, "ResolveNames request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `HasState` and `State`.
        state: Option<Stat> = has "HasState", "State";
        /// `HasPropertyTags` and `PropertyTags`: the columns wanted.
        prop_tags: Option<Vec<u32>> = has "HasPropertyTags", "PropertyTags";
        /// `HasNames` and `Names`: a `WStringArray_r` (count, then null-terminated UTF-16LE).
        names: Option<Vec<UnicodeString<'a>>> = has "HasNames", "Names";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// ResolveNames response body (2.2.5.14.2) after a zero `StatusCode`.
    ResolveNamesResponse, "ResolveNames response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `CodePage`.
        code_page: u32 = "CodePage";
        /// `HasMinimalIds`, `MinimalIdCount` and `MinimalIds`: one per name (MID_UNRESOLVED 0,
        /// MID_AMBIGUOUS 1, MID_RESOLVED 2 or a Minimal Entry ID).
        min_ids: Option<Vec<u32>> = has "HasMinimalIds", "MinimalIds";
        /// `HasRowsAndCols`, `PropertyTags`, `RowCount` and `RowData`.
        rows: Option<RowSet<'a>> = has "HasRowsAndCols", "RowData";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
