//! CompareMIds (MS-OXCMAPIHTTP 2.2.5.3): which of two Minimal Entry IDs comes first in a table.

use oxwire_nspi::Stat;

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// CompareMIds request body (2.2.5.3.1).
    CompareMIdsRequest, "CompareMIds request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `HasState` and `State`: the table whose order is meant.
        state: Option<Stat> = has "HasState", "State";
        /// `MinimalId1`.
        min_id1: u32 = "MinimalId1";
        /// `MinimalId2`.
        min_id2: u32 = "MinimalId2";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// CompareMIds response body (2.2.5.3.2) after a zero `StatusCode`.
    CompareMIdsResponse, "CompareMIds response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `Result`: negative when the first ID comes first, zero when equal, positive after.
        result: i32 = "Result";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
