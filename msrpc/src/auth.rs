//! The authentication verifier: `sec_trailer` plus auth value (C706 13.2.6.1, MS-RPCE 2.2.2.11).

use crate::error::Result;
use crate::reader::{Reader, Writer};

/// Length of the `sec_trailer` fixed part.
pub const SEC_TRAILER_LEN: usize = 8;

/// `auth_type` values (MS-RPCE 2.2.1.1.7).
pub mod auth_type {
    /// No authentication.
    pub const NONE: u8 = 0;
    /// OSF DCE private key (Kerberos) authentication.
    pub const DCE_PRIVATE: u8 = 1;
    /// SPNEGO (Negotiate).
    pub const GSS_NEGOTIATE: u8 = 9;
    /// NTLM.
    pub const WINNT: u8 = 10;
    /// Schannel.
    pub const GSS_SCHANNEL: u8 = 14;
    /// Kerberos.
    pub const GSS_KERBEROS: u8 = 16;
    /// Netlogon secure channel.
    pub const NETLOGON: u8 = 68;
    /// The default package.
    pub const DEFAULT: u8 = 255;

    /// Name of an auth type.
    pub fn name(t: u8) -> &'static str {
        match t {
            NONE => "none",
            DCE_PRIVATE => "dce_private",
            GSS_NEGOTIATE => "spnego",
            WINNT => "ntlm",
            GSS_SCHANNEL => "schannel",
            GSS_KERBEROS => "kerberos",
            NETLOGON => "netlogon",
            DEFAULT => "default",
            _ => "unknown",
        }
    }
}

/// `auth_level` values (MS-RPCE 2.2.1.1.8).
pub mod auth_level {
    /// Default level.
    pub const DEFAULT: u8 = 0;
    /// No protection.
    pub const NONE: u8 = 1;
    /// Authenticate at connect only.
    pub const CONNECT: u8 = 2;
    /// Authenticate each call.
    pub const CALL: u8 = 3;
    /// Authenticate each packet.
    pub const PKT: u8 = 4;
    /// Sign each packet (integrity).
    pub const PKT_INTEGRITY: u8 = 5;
    /// Seal each packet (privacy).
    pub const PKT_PRIVACY: u8 = 6;
}

/// The 8-byte `sec_trailer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SecTrailer {
    /// Security provider.
    pub auth_type: u8,
    /// Protection level.
    pub auth_level: u8,
    /// Bytes of padding between the stub and this trailer.
    pub auth_pad_length: u8,
    /// Reserved, kept for exact re-encoding.
    pub auth_reserved: u8,
    /// Security context id (several may share one connection, MS-RPCE 3.3.1.5.4).
    pub auth_context_id: u32,
}

impl SecTrailer {
    /// Reads the trailer.
    pub fn read(r: &mut Reader<'_>) -> Result<SecTrailer> {
        Ok(SecTrailer {
            auth_type: r.u8("sec_trailer.auth_type")?,
            auth_level: r.u8("sec_trailer.auth_level")?,
            auth_pad_length: r.u8("sec_trailer.auth_pad_length")?,
            auth_reserved: r.u8("sec_trailer.auth_reserved")?,
            auth_context_id: r.u32("sec_trailer.auth_context_id")?,
        })
    }

    /// Writes the trailer.
    pub fn write(&self, w: &mut Writer<'_>) {
        w.u8(self.auth_type);
        w.u8(self.auth_level);
        w.u8(self.auth_pad_length);
        w.u8(self.auth_reserved);
        w.u32(self.auth_context_id);
    }
}

/// A PDU's authentication verifier, split off the body exactly as it was on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Auth<'a> {
    /// The trailer fields.
    pub trailer: SecTrailer,
    /// The `auth_pad_length` bytes that precede the trailer; kept so re-encoding is exact.
    /// Encoders write these bytes and set `auth_pad_length` from their count.
    pub pad: &'a [u8],
    /// The auth value (`auth_length` bytes): a token during binds, a signature on calls.
    pub value: &'a [u8],
}

impl Auth<'_> {
    /// Bytes this verifier adds to the PDU: padding, trailer and value.
    pub fn encoded_len(&self) -> usize {
        self.pad.len() + SEC_TRAILER_LEN + self.value.len()
    }
}
