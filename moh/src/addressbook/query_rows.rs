//! QueryRows (MS-OXCMAPIHTTP 2.2.5.13): rows of a table from the STAT's position on.

use oxwire_nspi::Stat;

use super::wire::{body, RowSet};
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// QueryRows request body (2.2.5.13.1).
    QueryRowsRequest, "QueryRows request" {
        /// `Flags`: fEphID 0x2, fSkipObjects 0x1.
        flags: u32 = "Flags";
        /// `HasState` and `State`.
        state: Option<Stat> = has "HasState", "State";
        /// `ExplicitTableCount` and `ExplicitTable`: Minimal Entry IDs, always present (empty
        /// when the STAT's container is meant).
        explicit_table: Vec<u32> = "ExplicitTable";
        /// `RowCount`: the most rows to return.
        row_count: u32 = "RowCount";
        /// `HasColumns` and `Columns`.
        columns: Option<Vec<u32>> = has "HasColumns", "Columns";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// QueryRows response body (2.2.5.13.2) after a zero `StatusCode`.
    QueryRowsResponse, "QueryRows response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `HasState` and `State`: the position after the rows returned.
        state: Option<Stat> = has "HasState", "State";
        /// `HasColsAndRows`, `Columns`, `RowCount` and `RowData`.
        rows: Option<RowSet<'a>> = has "HasColsAndRows", "RowData";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
