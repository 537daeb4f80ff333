//! UpdateStat (MS-OXCMAPIHTTP 2.2.5.17): apply a STAT's `Delta` and report the new position.

use oxwire_nspi::Stat;

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// UpdateStat request body (2.2.5.17.1).
    UpdateStatRequest, "UpdateStat request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `HasState` and `State`.
        state: Option<Stat> = has "HasState", "State";
        /// `DeltaRequested`: whether the response carries `Delta` (0x00 or 0xFF).
        delta_requested: bool = "DeltaRequested";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// UpdateStat response body (2.2.5.17.2) after a zero `StatusCode`.
    UpdateStatResponse, "UpdateStat response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `HasState` and `State`: the updated position.
        state: Option<Stat> = has "HasState", "State";
        /// `HasDelta` and `Delta`: the rows actually moved.
        delta: Option<i32> = has "HasDelta", "Delta";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
