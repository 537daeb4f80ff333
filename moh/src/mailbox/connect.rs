//! Connect (MS-OXCMAPIHTTP 2.2.4.1): creates a Session Context on the mailbox server, the
//! counterpart of EcDoConnectEx (MS-OXCRPC 3.1.4.1).
//!
//! Request body (2.2.4.1.1), offsets from the start of the body:
//!
//! | offset | field | size |
//! |---|---|---|
//! | 0 | `UserDn` | null-terminated ASCII |
//! | n | `Flags` | 4 |
//! | n+4 | `DefaultCodePage` | 4 |
//! | n+8 | `LcidSort` | 4 |
//! | n+12 | `LcidString` | 4 |
//! | n+16 | `AuxiliaryBufferSize`, `AuxiliaryBuffer` | 4 + size |
//!
//! Success response body (2.2.4.1.2): `StatusCode` (0), `ErrorCode`, `MaxPollingInterval`,
//! `MaxRetryCount`, `RetryDelay` (4 octets each), `DnPrefix` (null-terminated ASCII),
//! `DisplayName` (null-terminated UTF-16LE), then the auxiliary buffer.

use std::borrow::Cow;

use crate::aux_buffer::AuxiliaryBuffer;
use crate::error::Result;
use crate::limits::Limits;
use crate::reader::{put_u32, Reader};

use super::{check_body, check_cstr, check_wstr, from_utf16le, response_enum};

/// The Connect request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectRequest<'a> {
    /// `UserDn`: the distinguished name of the user, without its terminating NUL.
    pub user_dn: Cow<'a, [u8]>,
    /// `Flags`: the connection flags of EcDoConnectEx's `ulFlags`, kept as sent.
    pub flags: u32,
    /// `DefaultCodePage`: code page for string property values.
    pub default_code_page: u32,
    /// `LcidSort`: locale used for sorting.
    pub lcid_sort: u32,
    /// `LcidString`: locale used for everything but sorting.
    pub lcid_string: u32,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> ConnectRequest<'a> {
    /// Reads a whole Connect request body.
    pub fn decode(body: &'a [u8], limits: &Limits) -> Result<Self> {
        check_body(body, limits, "Connect request length")?;
        let mut r = Reader::new(body);
        let user_dn = Cow::Borrowed(r.cstr("Connect request.UserDn")?);
        let flags = r.u32("Connect request.Flags")?;
        let default_code_page = r.u32("Connect request.DefaultCodePage")?;
        let lcid_sort = r.u32("Connect request.LcidSort")?;
        let lcid_string = r.u32("Connect request.LcidString")?;
        let aux = AuxiliaryBuffer::read(&mut r, limits)?;
        r.finish("Connect request")?;
        Ok(ConnectRequest {
            user_dn,
            flags,
            default_code_page,
            lcid_sort,
            lcid_string,
            aux,
        })
    }

    /// Appends the body; fails if `user_dn` holds a NUL, which would end it early.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        check_cstr(&self.user_dn, out.len(), "Connect request.UserDn")?;
        out.extend_from_slice(&self.user_dn);
        out.push(0);
        for v in [
            self.flags,
            self.default_code_page,
            self.lcid_sort,
            self.lcid_string,
        ] {
            put_u32(out, v);
        }
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        self.user_dn.len() + 1 + 16 + 4 + self.aux.bytes.len()
    }

    /// The encoded body in a new vector.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out)?;
        Ok(out)
    }

    /// `UserDn` as text, if it is ASCII as the specification requires.
    pub fn user_dn_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.user_dn)
            .ok()
            .filter(|s| s.is_ascii())
    }

    /// An owned copy.
    pub fn into_owned(self) -> ConnectRequest<'static> {
        ConnectRequest {
            user_dn: Cow::Owned(self.user_dn.into_owned()),
            flags: self.flags,
            default_code_page: self.default_code_page,
            lcid_sort: self.lcid_sort,
            lcid_string: self.lcid_string,
            aux: self.aux.into_owned(),
        }
    }
}

/// The Connect success response body (`StatusCode` 0, not stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectSuccess<'a> {
    /// `ErrorCode`: the return status of the operation (0 on success).
    pub error_code: u32,
    /// `MaxPollingInterval`: longest time, in milliseconds, between two client requests.
    pub max_polling_interval: u32,
    /// `MaxRetryCount`: how many times the client retries a failed request.
    pub max_retry_count: u32,
    /// `RetryDelay`: milliseconds the client waits before retrying.
    pub retry_delay: u32,
    /// `DnPrefix`: the DN prefix for building recipients, without its terminating NUL.
    pub dn_prefix: Cow<'a, [u8]>,
    /// `DisplayName`: the user's display name as UTF-16LE octets, without the terminating
    /// null code unit (see [`super::utf16le`] and [`Self::display_name_string`]).
    pub display_name: Cow<'a, [u8]>,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> ConnectSuccess<'a> {
    /// Reads the fields after `StatusCode`.
    pub(super) fn read_rest(r: &mut Reader<'a>, limits: &Limits) -> Result<Self> {
        let error_code = r.u32("Connect response.ErrorCode")?;
        let max_polling_interval = r.u32("Connect response.MaxPollingInterval")?;
        let max_retry_count = r.u32("Connect response.MaxRetryCount")?;
        let retry_delay = r.u32("Connect response.RetryDelay")?;
        let dn_prefix = Cow::Borrowed(r.cstr("Connect response.DnPrefix")?);
        let display_name = Cow::Borrowed(r.wstr("Connect response.DisplayName")?);
        let aux = AuxiliaryBuffer::read(r, limits)?;
        r.finish("Connect response")?;
        Ok(ConnectSuccess {
            error_code,
            max_polling_interval,
            max_retry_count,
            retry_delay,
            dn_prefix,
            display_name,
            aux,
        })
    }

    /// Appends the body, `StatusCode` 0 first; fails if a string holds its terminator or
    /// `display_name` is not whole code units.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let start = out.len();
        check_cstr(&self.dn_prefix, start + 20, "Connect response.DnPrefix")?;
        check_wstr(
            &self.display_name,
            start + 21 + self.dn_prefix.len(),
            "Connect response.DisplayName",
        )?;
        for v in [
            0,
            self.error_code,
            self.max_polling_interval,
            self.max_retry_count,
            self.retry_delay,
        ] {
            put_u32(out, v);
        }
        out.extend_from_slice(&self.dn_prefix);
        out.push(0);
        out.extend_from_slice(&self.display_name);
        out.extend_from_slice(&[0, 0]);
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        20 + self.dn_prefix.len() + 1 + self.display_name.len() + 2 + 4 + self.aux.bytes.len()
    }

    /// `DisplayName` decoded from UTF-16 (unpaired surrogates replaced).
    pub fn display_name_string(&self) -> String {
        from_utf16le(&self.display_name)
    }

    /// An owned copy.
    pub fn into_owned(self) -> ConnectSuccess<'static> {
        ConnectSuccess {
            error_code: self.error_code,
            max_polling_interval: self.max_polling_interval,
            max_retry_count: self.max_retry_count,
            retry_delay: self.retry_delay,
            dn_prefix: Cow::Owned(self.dn_prefix.into_owned()),
            display_name: Cow::Owned(self.display_name.into_owned()),
            aux: self.aux.into_owned(),
        }
    }
}

response_enum!(
    /// A Connect response body: success (2.2.4.1.2) or failure (2.2.4.1.3).
    ConnectResponse,
    ConnectSuccess,
    "Connect response"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn user_dn_with_a_nul_is_refused_on_encode() {
        let req = ConnectRequest {
            user_dn: Cow::Borrowed(b"/o=a\0b"),
            flags: 0,
            default_code_page: 0,
            lcid_sort: 0,
            lcid_string: 0,
            aux: AuxiliaryBuffer::empty(),
        };
        assert_eq!(
            req.to_bytes(),
            Err(Error::Invalid {
                what: "Connect request.UserDn",
                offset: 4,
                value: 0
            })
        );
    }

    #[test]
    fn display_name_must_be_whole_code_units() {
        let ok = ConnectSuccess {
            error_code: 0,
            max_polling_interval: 0,
            max_retry_count: 0,
            retry_delay: 0,
            dn_prefix: Cow::Borrowed(b""),
            display_name: Cow::Borrowed(b"a"),
            aux: AuxiliaryBuffer::empty(),
        };
        assert!(matches!(
            ok.encode(&mut Vec::new()),
            Err(Error::Invalid {
                what: "Connect response.DisplayName",
                ..
            })
        ));
    }
}
