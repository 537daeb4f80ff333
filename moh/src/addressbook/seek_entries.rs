//! SeekEntries (MS-OXCMAPIHTTP 2.2.5.16): move a table position to the first row whose sort
//! key is at least a target value.

use oxwire_nspi::moh::AddressBookTaggedPropertyValue;
use oxwire_nspi::Stat;

use super::wire::{body, RowSet};
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// SeekEntries request body (2.2.5.16.1).
    SeekEntriesRequest, "SeekEntries request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `HasState` and `State`.
        state: Option<Stat> = has "HasState", "State";
        /// `HasTarget` and `Target`: the value to seek to.
        target: Option<AddressBookTaggedPropertyValue<'a>> = has "HasTarget", "Target";
        /// `HasExplicitTable`, `ExplicitTableCount` and `ExplicitTable`.
        explicit_table: Option<Vec<u32>> = has "HasExplicitTable", "ExplicitTable";
        /// `HasColumns` and `Columns`.
        columns: Option<Vec<u32>> = has "HasColumns", "Columns";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// SeekEntries response body (2.2.5.16.2) after a zero `StatusCode`.
    SeekEntriesResponse, "SeekEntries response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `HasState` and `State`: the new position.
        state: Option<Stat> = has "HasState", "State";
        /// `HasColsAndRows`, `Columns`, `RowCount` and `RowData`.
        rows: Option<RowSet<'a>> = has "HasColsAndRows", "RowData";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
