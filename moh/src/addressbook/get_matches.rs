//! GetMatches (MS-OXCMAPIHTTP 2.2.5.5): an Explicit Table of the rows matching a restriction.

use oxwire_mapi_rop::prop::Restriction;
use oxwire_nspi::Stat;

use super::wire::{body, PropertyNameRef, RowSet};
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// GetMatches request body (2.2.5.5.1).
    GetMatchesRequest, "GetMatches request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `HasState` and `State`.
        state: Option<Stat> = has "HasState", "State";
        /// `HasMinimalIds`, `MinimalIdCount` and `MinimalIds`: a restricting Explicit Table.
        min_ids: Option<Vec<u32>> = has "HasMinimalIds", "MinimalIds";
        /// `InterfaceOptionFlags`: reserved, ignored by the server.
        interface_option_flags: u32 = "InterfaceOptionFlags";
        /// `HasFilter` and `Filter`: a restriction (MS-OXCDATA 2.12, 32-bit counts).
        filter: Option<Restriction> = has "HasFilter", "Filter";
        /// `HasPropertyName`, `PropertyNameGuid` and `PropertyNameId`.
        property_name: Option<PropertyNameRef> = has "HasPropertyName", "PropertyName";
        /// `RowCount`: the most rows to return.
        row_count: u32 = "RowCount";
        /// `HasColumns` and `Columns`: the properties wanted for each row.
        columns: Option<Vec<u32>> = has "HasColumns", "Columns";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// GetMatches response body (2.2.5.5.2) after a zero `StatusCode`.
    GetMatchesResponse, "GetMatches response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `HasState` and `State`.
        state: Option<Stat> = has "HasState", "State";
        /// `HasMinimalIds`, `MinimalIdCount` and `MinimalIds`: the matching rows.
        min_ids: Option<Vec<u32>> = has "HasMinimalIds", "MinimalIds";
        /// `HasColsAndRows`, `Columns`, `RowCount` and `RowData`.
        rows: Option<RowSet<'a>> = has "HasColsAndRows", "RowData";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
