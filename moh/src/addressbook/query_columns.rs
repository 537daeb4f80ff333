//! QueryColumns (MS-OXCMAPIHTTP 2.2.5.12): every property the server can return in a table.

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// QueryColumns request body (2.2.5.12.1).
    QueryColumnsRequest, "QueryColumns request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `MapiFlags`: NspiUnicodeProptypes 0x80000000 asks for PtypString columns.
        mapi_flags: u32 = "MapiFlags";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// QueryColumns response body (2.2.5.12.2) after a zero `StatusCode`.
    QueryColumnsResponse, "QueryColumns response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `HasColumns` and `Columns`.
        columns: Option<Vec<u32>> = has "HasColumns", "Columns";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
