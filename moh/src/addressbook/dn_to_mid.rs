//! DNToMId (MS-OXCMAPIHTTP 2.2.5.4): Minimal Entry IDs for distinguished names.

use super::wire::{body, AnsiString};
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// DNToMId request body (2.2.5.4.1).
    DnToMIdRequest, "DNToMId request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `HasNames`, `NameCount` and `NameValues`: null-terminated 8-bit DNs.
        names: Option<Vec<AnsiString<'a>>> = has "HasNames", "NameValues";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// DNToMId response body (2.2.5.4.2) after a zero `StatusCode`.
    DnToMIdResponse, "DNToMId response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `HasMinimalIds`, `MinimalIdCount` and `MinimalIds`: one per name, 0 when unknown.
        min_ids: Option<Vec<u32>> = has "HasMinimalIds", "MinimalIds";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
