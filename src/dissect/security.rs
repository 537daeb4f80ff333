//! Per-stream authentication state of the dissector: follows the authentication legs of a
//! connection, unseals sealed fragments and verifies signed ones before reassembly, and says
//! once per stream why it could not when it has no usable key.

use std::collections::HashSet;
use std::sync::Arc;

use oxwire_emapi_sspi::{Direction, KeySource, Keyring, Processed, RpcSecurity};
use oxwire_msrpc::auth::auth_level;
use oxwire_msrpc::Pdu;
use serde_json::{Map, Value};

/// Calls remembered as unreadable per stream; past this the set is cleared (a call whose
/// last fragment never came must not pin memory).
const MAX_UNREADABLE_CALLS: usize = 1024;

/// What the reassembler gets for a fragment.
pub(super) enum Fragment {
    /// The stub as carried in the PDU (no protection, or only a signature).
    AsIs,
    /// The decrypted stub.
    Unsealed(Vec<u8>),
    /// Sealed and not decryptable: the call cannot be described.
    Unreadable,
}

pub(super) struct StreamSecurity {
    keys: Arc<Keyring>,
    pub(super) stub_hex: bool,
    state: RpcSecurity,
    reported: bool,
    unreadable: HashSet<(usize, u32)>,
    /// Stream notices (`event`, `detail`) waiting to be emitted.
    pub(super) notices: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for StreamSecurity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamSecurity")
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl StreamSecurity {
    pub(super) fn new(keys: Arc<Keyring>, stub_hex: bool) -> Self {
        StreamSecurity {
            keys,
            stub_hex,
            state: RpcSecurity::default(),
            reported: false,
            unreadable: HashSet::new(),
            notices: Vec::new(),
        }
    }

    /// Follows one PDU. Authentication legs update the keys; protected fragments are unsealed
    /// or verified, `verified: true` is added to `m` when a signature checked out, and failures
    /// become an `error` (with keys) or a stream notice (without).
    pub(super) fn fragment(
        &mut self,
        d: usize,
        pdu: &Pdu<'_>,
        raw: &[u8],
        m: &mut Map<String, Value>,
        errors: &mut Vec<String>,
    ) -> Fragment {
        let Some(a) = &pdu.auth else {
            return Fragment::AsIs;
        };
        let dir = if d == 0 {
            Direction::ToServer
        } else {
            Direction::ToClient
        };
        let keys: &dyn KeySource = &*self.keys;
        let has_stub = pdu.body.stub().is_some();
        let sealed = a.trailer.auth_level == auth_level::PKT_PRIVACY;
        match self.state.process_pdu(dir, pdu, raw, keys) {
            Ok(Processed::Stub { stub, verified, .. }) => {
                if verified {
                    m.insert("verified".into(), true.into());
                }
                if sealed {
                    Fragment::Unsealed(stub.into_owned())
                } else {
                    Fragment::AsIs
                }
            }
            Ok(Processed::Other) => Fragment::AsIs,
            Err(e) if !has_stub => {
                errors.push(format!("authentication: {e}"));
                Fragment::AsIs
            }
            Err(e) => {
                let no_key = matches!(
                    e,
                    oxwire_emapi_sspi::Error::NoKey { .. }
                        | oxwire_emapi_sspi::Error::WrongCredentials { .. }
                        | oxwire_emapi_sspi::Error::WrongKey { .. }
                        | oxwire_emapi_sspi::Error::Unsupported { .. }
                );
                if no_key {
                    if !self.reported {
                        self.reported = true;
                        let (event, what) = if sealed {
                            ("unreadable", "sealed calls cannot be decrypted")
                        } else {
                            ("unverified", "signatures cannot be verified")
                        };
                        self.notices.push((
                            event,
                            format!("auth_context_id {}: {what}: {e}", a.trailer.auth_context_id),
                        ));
                    }
                } else {
                    errors.push(format!("unsealing: {e}"));
                }
                if sealed {
                    if self.unreadable.len() >= MAX_UNREADABLE_CALLS {
                        self.unreadable.clear();
                    }
                    self.unreadable.insert((d, pdu.header.call_id));
                    Fragment::Unreadable
                } else {
                    Fragment::AsIs
                }
            }
        }
    }

    /// Whether a completed call had a fragment that could not be decrypted (and forgets it).
    pub(super) fn take_unreadable(&mut self, d: usize, call_id: u32) -> bool {
        self.unreadable.remove(&(d, call_id))
    }
}

/// Lowercase hex of a stub.
pub(super) fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}
