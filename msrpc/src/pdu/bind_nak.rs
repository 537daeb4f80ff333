//! bind_nak (C706 12.6.4.5, MS-RPCE 2.2.2.5).

use crate::error::{Error, Result};
use crate::reader::{Reader, Writer};

/// A bind refusal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindNak<'a> {
    /// `provider_reject_reason` (e.g. 4 protocol_version_not_supported, 9 invalid_checksum).
    pub reject_reason: u16,
    /// Protocol versions the server supports, `(major, minor)`; absent in the shortest form.
    pub versions: Option<Vec<(u8, u8)>>,
    /// Bytes after the version list: padding and MS-RPCE's signature / extended error.
    pub trailing: &'a [u8],
}

impl<'a> BindNak<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>) -> Result<Self> {
        let reject_reason = r.u16("bind_nak.provider_reject_reason")?;
        let versions = if r.is_empty() {
            None
        } else {
            let at = r.offset();
            let n = r.u8("bind_nak.versions.n_protocols")? as usize;
            if 2 * n > r.remaining() {
                return Err(Error::Truncated {
                    what: "bind_nak.versions.p_protocols",
                    offset: at,
                    needed: 2 * n,
                    available: r.remaining(),
                });
            }
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                v.push((r.u8("version.major")?, r.u8("version.minor")?));
            }
            Some(v)
        };
        Ok(BindNak {
            reject_reason,
            versions,
            trailing: r.rest(),
        })
    }

    pub(crate) fn encoded_len(&self) -> usize {
        2 + self.versions.as_ref().map_or(0, |v| 1 + 2 * v.len()) + self.trailing.len()
    }

    pub(crate) fn encode(&self, w: &mut Writer<'_>) {
        w.u16(self.reject_reason);
        if let Some(v) = &self.versions {
            w.u8(v.len() as u8);
            for (a, b) in v {
                w.u8(*a);
                w.u8(*b);
            }
        }
        w.bytes(self.trailing);
    }

    /// Name of a `provider_reject_reason`.
    pub fn reason_name(reason: u16) -> &'static str {
        match reason {
            0 => "reason_not_specified",
            1 => "temporary_congestion",
            2 => "local_limit_exceeded",
            3 => "called_paddr_unknown",
            4 => "protocol_version_not_supported",
            5 => "default_context_not_supported",
            6 => "user_data_not_readable",
            7 => "no_psap_available",
            8 => "authentication_type_not_recognized",
            9 => "invalid_checksum",
            _ => "unknown",
        }
    }
}
