//! GetMailboxUrl (MS-OXCMAPIHTTP 2.2.5.18) and GetAddressBookUrl (2.2.5.19): the MAPI over
//! HTTP URLs of a mailbox server or address book server.

use super::wire::{body, UnicodeString};
use crate::aux_buffer::AuxiliaryBuffer;

body! {
    /// GetMailboxUrl request body (2.2.5.18.1).
    GetMailboxUrlRequest, "GetMailboxUrl request" {
        /// `Flags`: zero.
        flags: u32 = "Flags";
        /// `ServerDn`: the mailbox server's DN, null-terminated UTF-16LE.
        server_dn: UnicodeString<'a> = "ServerDn";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// GetMailboxUrl response body (2.2.5.18.2) after a zero `StatusCode`.
    GetMailboxUrlResponse, "GetMailboxUrl response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `ServerUrl`: null-terminated UTF-16LE.
        server_url: UnicodeString<'a> = "ServerUrl";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// GetAddressBookUrl request body (2.2.5.19.1).
    GetAddressBookUrlRequest, "GetAddressBookUrl request" {
        /// `Flags`: zero.
        flags: u32 = "Flags";
        /// `UserDn`: the user's DN, null-terminated UTF-16LE.
        user_dn: UnicodeString<'a> = "UserDn";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}

body! {
    /// GetAddressBookUrl response body (2.2.5.19.2) after a zero `StatusCode`.
    GetAddressBookUrlResponse, "GetAddressBookUrl response" {
        /// `ErrorCode`.
        error_code: u32 = "ErrorCode";
        /// `ServerUrl`: null-terminated UTF-16LE.
        server_url: UnicodeString<'a> = "ServerUrl";
        /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
        auxiliary_buffer: AuxiliaryBuffer<'a> = "AuxiliaryBuffer";
    }
}
