//! ResortRestriction (MS-OXCMAPIHTTP 2.2.5.15): sort an Explicit Table by the STAT's order.

use oxwire_nspi::Stat;

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// ResortRestriction request body (2.2.5.15.1).
    ResortRestrictionRequest, "ResortRestriction request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `HasState` and `State`: `SortType` gives the order.
        state: Option<Stat> = has "HasState", "State";
        /// `HasMinimalIds`, `MinimalIdCount` and `MinimalIds`: the table to sort.
        min_ids: Option<Vec<u32>> = has "HasMinimalIds", "MinimalIds";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// ResortRestriction response body (2.2.5.15.2) after a zero `StatusCode`.
    ResortRestrictionResponse, "ResortRestriction response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `HasState` and `State`.
        state: Option<Stat> = has "HasState", "State";
        /// `HasMinimalIds`, `MinimalIdCount` and `MinimalIds`: the sorted table.
        min_ids: Option<Vec<u32>> = has "HasMinimalIds", "MinimalIds";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
