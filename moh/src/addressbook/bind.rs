//! Bind (MS-OXCMAPIHTTP 2.2.5.1) and Unbind (2.2.5.2): open and close an address book session.

use oxwire_nspi::{FlatUid, Stat};

use super::wire::body;
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// Bind request body (2.2.5.1.1).
    BindRequest, "Bind request" {
        /// `Flags`: bit flags for the server (NspiAnonymousLogin 0x20 is the only one it reads).
        flags: u32 = "Flags";
        /// `HasState` and `State`: the client's code page and locales.
        state: Option<Stat> = has "HasState", "State";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// Bind response body (2.2.5.1.2) after a zero `StatusCode`.
    BindResponse, "Bind response" {
        /// `ErrorCode`: the NSPI result (MS-OXCDATA 2.4).
        error_code: u32 = "ErrorCode";
        /// `ServerGuid`: the server's GUID, as NspiBind returns it.
        server_guid: FlatUid = "ServerGuid";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// Unbind request body (2.2.5.2.1).
    UnbindRequest, "Unbind request" {
        /// `Reserved`: zero.
        reserved: u32 = "Reserved";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// Unbind response body (2.2.5.2.2) after a zero `StatusCode`.
    UnbindResponse, "Unbind response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
