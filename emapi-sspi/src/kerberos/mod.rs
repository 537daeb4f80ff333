//! Kerberos for DCE/RPC: the encryption types ([`crypto`]) and the per-context state.
//!
//! The encryption types, string-to-key and keytab keys are complete; following the AP-REQ /
//! AP-REP legs to the session key and unwrapping RFC 4121 / RFC 4757 tokens is not done yet,
//! so a Kerberos context reports [`Error::Unsupported`] and its PDUs stay unreadable.

pub mod crypto;

use crate::error::{Error, Result};
use crate::keysource::KeySource;
use crate::{Direction, Limits};

/// Whether a token looks like a Kerberos GSS token or a bare AP-REQ / AP-REP.
pub fn looks_like_krb(b: &[u8]) -> bool {
    matches!(b.first(), Some(0x60) | Some(0x6e) | Some(0x6f))
}

/// The per-context Kerberos exchange being followed.
#[derive(Debug, Default)]
pub struct KrbSetup {}

impl KrbSetup {
    /// Takes one leg; returns the session once its keys are known.
    pub fn leg(
        &mut self,
        _dir: Direction,
        _token: &[u8],
        _keys: &dyn KeySource,
        _limits: &Limits,
    ) -> Result<Option<KrbSession>> {
        Err(Error::Unsupported {
            what: "Kerberos unsealing",
            value: 0,
        })
    }
}

/// An established Kerberos context.
#[derive(Clone, Debug)]
pub struct KrbSession {}

impl KrbSession {
    /// Length of the auth value this context produces.
    pub fn token_len(&self) -> usize {
        0
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn unwrap_pdu(
        &mut self,
        _dir: Direction,
        _buf: &mut [u8],
        _body_start: usize,
        _body_end: usize,
        _token: &[u8],
        _sealed: bool,
        _header_sign: bool,
    ) -> Result<()> {
        Err(Error::State("Kerberos context has no keys"))
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn wrap_pdu(
        &mut self,
        _dir: Direction,
        _buf: &mut [u8],
        _body_start: usize,
        _body_end: usize,
        _signed_end: usize,
        _sealed: bool,
        _header_sign: bool,
    ) -> Result<Vec<u8>> {
        Err(Error::State("Kerberos context has no keys"))
    }
}
