//! Protection of connection-oriented DCE/RPC PDUs (MS-RPCE 2.2.2.11, 3.3.1.5.2): following the
//! authentication legs carried in bind, bind_ack, alter_context, alter_context_resp and auth3,
//! then unsealing and verifying (or sealing and signing) request, response and fault PDUs.
//!
//! One [`RpcSecurity`] follows one connection, both directions. PDUs go in per direction in
//! wire order, one fragment at a time; the plaintext stub it returns is what a
//! [`Reassembler`](oxwire_msrpc::Reassembler) takes.

use std::borrow::Cow;

use oxwire_msrpc::auth::{auth_level, auth_type};
use oxwire_msrpc::{Pdu, PduBody, VerificationTrailer, VtCommand};

use crate::error::{Error, Result};
use crate::keysource::{KeySource, NtlmExchange, NtlmKey};
use crate::ntlm::{self, flags, Authenticate, Challenge, Key16, NtlmSession};
use crate::spnego;
use crate::{Direction, Limits};

/// `PFC_SUPPORT_HEADER_SIGN` in bind / bind_ack pfc_flags (MS-RPCE 2.2.2.3).
pub const PFC_SUPPORT_HEADER_SIGN: u8 = 0x04;

/// An established context's per-PDU protection.
enum Protection {
    Ntlm(NtlmSession),
    Kerberos(crate::kerberos::KrbSession),
}

impl Protection {
    fn fork(&self) -> Result<Protection> {
        Ok(match self {
            Protection::Ntlm(s) => Protection::Ntlm(s.fork()?),
            Protection::Kerberos(k) => Protection::Kerberos(k.clone()),
        })
    }

    fn sig_len(&self, sealed: bool) -> usize {
        match self {
            Protection::Ntlm(_) => ntlm::session::SIGNATURE_LEN,
            Protection::Kerberos(k) => k.token_len(sealed),
        }
    }
}

/// Where an authentication context stands.
enum State {
    /// Legs are still being exchanged.
    Pending(Box<Pending>),
    /// Keys are known.
    Established(Protection),
    /// The exchange finished but no key could be had; the reason is reported on every PDU.
    Unkeyed(Error),
}

#[derive(Default)]
struct Pending {
    ntlm_negotiate: Option<Vec<u8>>,
    ntlm_challenge: Option<Vec<u8>>,
    krb: crate::kerberos::KrbSetup,
}

struct Context {
    id: u32,
    auth_type: u8,
    level: u8,
    state: State,
    /// SPNEGO mechListMICs still to come (they consume a sequence number each).
    spnego: bool,
    /// The DER mechTypes of the initial SPNEGO token: what a mechListMIC covers.
    mech_types: Option<Vec<u8>>,
}

/// The security state of one DCE/RPC connection.
pub struct RpcSecurity {
    limits: Limits,
    contexts: Vec<Context>,
    header_sign_requested: bool,
    header_sign: bool,
}

impl std::fmt::Debug for RpcSecurity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RpcSecurity")
            .field("contexts", &self.contexts.len())
            .field("header_sign", &self.header_sign)
            .finish()
    }
}

impl Default for RpcSecurity {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

/// What [`RpcSecurity::process`] made of a PDU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Processed<'a> {
    /// A request, response or fault: its stub as the application sees it (decrypted when it
    /// was sealed), and how it was protected.
    Stub {
        /// The plaintext stub of this fragment, without authentication padding.
        stub: Cow<'a, [u8]>,
        /// The protection level the PDU carried (`auth_level`), or 0 without a verifier.
        level: u8,
        /// A signature was checked.
        verified: bool,
        /// The authentication padding after the stub, decrypted (what re-sealing needs).
        pad: Vec<u8>,
    },
    /// An authentication leg or another PDU without a stub.
    Other,
}

impl RpcSecurity {
    /// A connection with no context yet.
    pub fn new(limits: Limits) -> Self {
        RpcSecurity {
            limits,
            contexts: Vec::new(),
            header_sign_requested: false,
            header_sign: false,
        }
    }

    /// Whether header signing was negotiated (bind and bind_ack both set
    /// `PFC_SUPPORT_HEADER_SIGN`); Kerberos then covers the header and trailer too.
    pub fn header_signing(&self) -> bool {
        self.header_sign
    }

    /// `(auth_context_id, auth_type, level, established)` for every context seen.
    pub fn contexts(&self) -> Vec<(u32, u8, u8, bool)> {
        self.contexts
            .iter()
            .map(|c| {
                (
                    c.id,
                    c.auth_type,
                    c.level,
                    matches!(c.state, State::Established(_)),
                )
            })
            .collect()
    }

    /// Installs an established Kerberos context for `auth_context_id` whose keys were learnt
    /// by other means (e.g. handed over by an endpoint), as if its legs had been seen.
    pub fn add_kerberos_context(
        &mut self,
        auth_context_id: u32,
        auth_type: u8,
        level: u8,
        session: crate::kerberos::KrbSession,
    ) -> Result<()> {
        let ctx = self.context_mut(auth_context_id, auth_type, level)?;
        ctx.level = level;
        ctx.state = State::Established(Protection::Kerberos(session));
        Ok(())
    }

    /// Why a context has no key, when it has none.
    pub fn unkeyed_reason(&self, auth_context_id: u32) -> Option<String> {
        self.contexts
            .iter()
            .find(|c| c.id == auth_context_id)
            .and_then(|c| match &c.state {
                State::Unkeyed(e) => Some(e.to_string()),
                State::Pending(_) => Some("authentication did not complete in the capture".into()),
                State::Established(_) => None,
            })
    }

    fn context_mut(&mut self, id: u32, auth_type: u8, level: u8) -> Result<&mut Context> {
        if let Some(i) = self.contexts.iter().position(|c| c.id == id) {
            return Ok(&mut self.contexts[i]);
        }
        if self.contexts.len() >= self.limits.max_contexts {
            return Err(Error::LimitExceeded {
                what: "security contexts per connection",
                limit: self.limits.max_contexts,
                actual: self.contexts.len() + 1,
            });
        }
        self.contexts.push(Context {
            id,
            auth_type,
            level,
            state: State::Pending(Box::default()),
            spnego: auth_type == auth_type::GSS_NEGOTIATE,
            mech_types: None,
        });
        Ok(self.contexts.last_mut().expect("just pushed"))
    }

    /// Decodes `raw` (one whole PDU) and processes it.
    pub fn process<'a>(
        &mut self,
        dir: Direction,
        raw: &'a [u8],
        keys: &dyn KeySource,
    ) -> Result<Processed<'a>> {
        let (pdu, used) = Pdu::decode(raw)?;
        self.process_pdu(dir, &pdu, &raw[..used], keys)
    }

    /// Processes a decoded PDU; `raw` must be the bytes it was decoded from.
    pub fn process_pdu<'a>(
        &mut self,
        dir: Direction,
        pdu: &Pdu<'a>,
        raw: &'a [u8],
        keys: &dyn KeySource,
    ) -> Result<Processed<'a>> {
        match &pdu.body {
            PduBody::Request(_) | PduBody::Response(_) | PduBody::Fault(_) => {
                self.unprotect(dir, pdu, raw)
            }
            PduBody::Bind(_) | PduBody::AlterContext(_) => {
                if matches!(pdu.body, PduBody::Bind(_)) {
                    self.header_sign_requested =
                        pdu.header.pfc_flags.0 & PFC_SUPPORT_HEADER_SIGN != 0;
                }
                self.setup(dir, pdu, keys)?;
                Ok(Processed::Other)
            }
            PduBody::BindAck(_) | PduBody::AlterContextResp(_) => {
                if matches!(pdu.body, PduBody::BindAck(_)) {
                    self.header_sign = self.header_sign_requested
                        && pdu.header.pfc_flags.0 & PFC_SUPPORT_HEADER_SIGN != 0;
                }
                self.setup(dir, pdu, keys)?;
                Ok(Processed::Other)
            }
            PduBody::Auth3(_) => {
                self.setup(dir, pdu, keys)?;
                Ok(Processed::Other)
            }
            _ => Ok(Processed::Other),
        }
    }

    fn setup(&mut self, dir: Direction, pdu: &Pdu<'_>, keys: &dyn KeySource) -> Result<()> {
        let Some(a) = &pdu.auth else {
            return Ok(());
        };
        let (id, at, level) = (
            a.trailer.auth_context_id,
            a.trailer.auth_type,
            a.trailer.auth_level,
        );
        let limits = self.limits.clone();
        let ctx = self.context_mut(id, at, level)?;
        if a.value.is_empty() {
            return Ok(());
        }
        ctx.level = level;
        // A new NEGOTIATE (or initial SPNEGO token) restarts the context.
        let token: Vec<u8>;
        let (inner, mech, mic): (&[u8], spnego::Mech, Option<Vec<u8>>) = match at {
            auth_type::WINNT => (a.value, spnego::Mech::Ntlm, None),
            auth_type::GSS_NEGOTIATE => {
                let t = spnego::NegToken::decode(a.value, &limits)?;
                if let Some(der) = t.mech_types_der {
                    ctx.mech_types = Some(der.to_vec());
                }
                token = t.mech_token.map(<[u8]>::to_vec).unwrap_or_default();
                (
                    &token[..],
                    t.mech.unwrap_or(spnego::Mech::Unknown),
                    t.mech_list_mic.map(<[u8]>::to_vec),
                )
            }
            auth_type::GSS_KERBEROS => (a.value, spnego::Mech::Kerberos, None),
            other => {
                ctx.state = State::Unkeyed(Error::Unsupported {
                    what: "auth_type",
                    value: other as i64,
                });
                return Ok(());
            }
        };
        let mech = if mech == spnego::Mech::Unknown && ntlm::NtlmMessage::is_ntlmssp(inner) {
            spnego::Mech::Ntlm
        } else if mech == spnego::Mech::Unknown && crate::kerberos::looks_like_krb(inner) {
            spnego::Mech::Kerberos
        } else {
            mech
        };
        if !inner.is_empty() {
            match mech {
                spnego::Mech::Ntlm => ntlm_leg(ctx, inner, keys, &limits)?,
                spnego::Mech::Kerberos => krb_leg(ctx, dir, inner, keys, &limits)?,
                _ => {}
            }
        }
        // SPNEGO's mechListMIC is an NTLM or Kerberos signature over the mechanism list: it
        // consumes a sequence number of the direction it travels in, while NTLM's RC4 handle
        // is put back to where it was before the MIC (MS-SPNG 3.3.5.1).
        if let (Some(mic), State::Established(Protection::Ntlm(s))) = (&mic, &mut ctx.state) {
            if ctx.spnego && mic.len() == ntlm::session::SIGNATURE_LEN {
                let list = ctx.mech_types.clone().unwrap_or_default();
                let ours = s.sign_mech_list_mic(dir, &[&list])?;
                if ours[..] != mic[..] {
                    return Err(Error::IntegrityCheckFailed {
                        what: "mechListMIC",
                    });
                }
            }
        }
        // Kerberos's is a GSS_GetMIC token over the DER mechTypes (RFC 4178 5): checked, it
        // takes its direction's next sequence number like any other token (RFC 4121 4.2.6.1).
        if let (Some(mic), State::Established(Protection::Kerberos(k))) = (&mic, &mut ctx.state) {
            if ctx.spnego {
                let mut list = ctx.mech_types.clone().unwrap_or_default();
                k.unwrap(dir, &[], &mut list, &[], mic, false)?;
            }
        }
        Ok(())
    }

    fn unprotect<'a>(
        &mut self,
        dir: Direction,
        pdu: &Pdu<'a>,
        raw: &'a [u8],
    ) -> Result<Processed<'a>> {
        let stub: &'a [u8] = match &pdu.body {
            PduBody::Request(r) => r.stub,
            PduBody::Response(r) => r.stub,
            PduBody::Fault(f) => f.stub,
            _ => &[],
        };
        let Some(a) = &pdu.auth else {
            return Ok(Processed::Stub {
                stub: Cow::Borrowed(stub),
                level: 0,
                verified: false,
                pad: Vec::new(),
            });
        };
        let level = a.trailer.auth_level;
        if level < auth_level::PKT_INTEGRITY {
            return Ok(Processed::Stub {
                stub: Cow::Borrowed(stub),
                level,
                verified: false,
                pad: a.pad.to_vec(),
            });
        }
        let header_sign = self.header_sign;
        let ctx = self
            .contexts
            .iter_mut()
            .find(|c| c.id == a.trailer.auth_context_id)
            .ok_or(Error::NoKey {
                reason: "no authentication was seen for this auth_context_id",
            })?;
        let prot = match &mut ctx.state {
            State::Established(p) => p,
            State::Unkeyed(e) => return Err(e.clone()),
            State::Pending(_) => {
                return Err(Error::NoKey {
                    reason: "authentication did not complete",
                })
            }
        };
        let value_len = a.value.len();
        let trailer_at = raw.len() - value_len - oxwire_msrpc::auth::SEC_TRAILER_LEN;
        let body_end = trailer_at;
        let body_start = body_end - a.pad.len() - stub.len();
        let mut buf = raw[..trailer_at + oxwire_msrpc::auth::SEC_TRAILER_LEN].to_vec();
        let sealed = level == auth_level::PKT_PRIVACY;
        match prot {
            Protection::Ntlm(s) => {
                if sealed {
                    s.decrypt(dir, &mut buf[body_start..body_end]);
                }
                let r = if s.extended() {
                    s.verify(dir, &[&buf], a.value)
                } else {
                    s.verify(dir, &[&buf[body_start..body_end]], a.value)
                };
                r?;
            }
            Protection::Kerberos(k) => {
                k.unwrap_pdu(
                    dir,
                    &mut buf,
                    body_start,
                    body_end,
                    a.value,
                    sealed,
                    header_sign,
                )?;
            }
        }
        let pad = buf[body_start + stub.len()..body_end].to_vec();
        buf.truncate(body_start + stub.len());
        buf.drain(..body_start);
        Ok(Processed::Stub {
            stub: Cow::Owned(buf),
            level,
            verified: true,
            pad,
        })
    }

    /// A copy of an established context for re-sealing with sequence numbers of one's own (the
    /// active mode an optimizer uses once it injects or removes calls): the copy starts where
    /// the observed traffic left off and then runs independently.
    pub fn resealer(&self, auth_context_id: u32) -> Result<Resealer> {
        let c = self
            .contexts
            .iter()
            .find(|c| c.id == auth_context_id)
            .ok_or(Error::NoKey {
                reason: "no such auth_context_id",
            })?;
        match &c.state {
            State::Established(p) => Ok(Resealer {
                prot: p.fork()?,
                header_sign: self.header_sign,
            }),
            State::Unkeyed(e) => Err(e.clone()),
            State::Pending(_) => Err(Error::NoKey {
                reason: "authentication did not complete",
            }),
        }
    }
}

fn ntlm_leg(ctx: &mut Context, token: &[u8], keys: &dyn KeySource, limits: &Limits) -> Result<()> {
    match ntlm::NtlmMessage::decode(token, limits)? {
        ntlm::NtlmMessage::Negotiate(_) => {
            ctx.state = State::Pending(Box::new(Pending {
                ntlm_negotiate: Some(token.to_vec()),
                ..Pending::default()
            }));
        }
        ntlm::NtlmMessage::Challenge(_) => {
            if let State::Pending(p) = &mut ctx.state {
                p.ntlm_challenge = Some(token.to_vec());
            } else {
                ctx.state = State::Pending(Box::new(Pending {
                    ntlm_challenge: Some(token.to_vec()),
                    ..Pending::default()
                }));
            }
        }
        ntlm::NtlmMessage::Authenticate(auth) => {
            let State::Pending(p) = &ctx.state else {
                return Ok(());
            };
            let Some(chal_raw) = p.ntlm_challenge.as_deref() else {
                ctx.state = State::Unkeyed(Error::NoKey {
                    reason: "the NTLM CHALLENGE was not seen",
                });
                return Ok(());
            };
            let challenge = Challenge::decode(chal_raw, limits)?;
            let ex = NtlmExchange {
                negotiate: p.ntlm_negotiate.as_deref(),
                challenge: &challenge,
                authenticate: &auth,
            };
            ctx.state = match ntlm_session(&ex, keys) {
                Ok(s) => State::Established(Protection::Ntlm(s)),
                Err(e) => State::Unkeyed(e),
            };
        }
    }
    Ok(())
}

fn ntlm_session(ex: &NtlmExchange<'_>, keys: &dyn KeySource) -> Result<NtlmSession> {
    let auth: &Authenticate<'_> = ex.authenticate;
    let key = keys.ntlm_key(ex)?.ok_or(Error::NoKey {
        reason: "no credentials for this user",
    })?;
    let exported = match key {
        NtlmKey::ExportedSessionKey(k) => k,
        NtlmKey::KeyExchangeKey(kx) => ntlm::exported_session_key(&kx, auth)?,
        NtlmKey::SessionBaseKey(base) => {
            let kx = if auth.nt_response.len() > 24 {
                base
            } else if auth.flags & flags::EXTENDED_SESSIONSECURITY != 0
                && auth.lm_response.len() >= 8
            {
                Key16(crate::crypto::hmac_md5(
                    &base.0,
                    &[&ex.challenge.server_challenge, &auth.lm_response[..8]],
                ))
            } else {
                base
            };
            ntlm::exported_session_key(&kx, auth)?
        }
    };
    NtlmSession::new(&exported, auth.flags)
}

fn krb_leg(
    ctx: &mut Context,
    dir: Direction,
    token: &[u8],
    keys: &dyn KeySource,
    limits: &Limits,
) -> Result<()> {
    // The DCE-style third leg (the initiator's AP-REP) arrives once the context has its keys.
    if let State::Established(Protection::Kerberos(k)) = &mut ctx.state {
        if dir == Direction::ToServer && !is_ap_req(token) {
            return k.third_leg(token);
        }
    }
    if is_ap_req(token) {
        ctx.state = State::Pending(Box::default());
    } else if !matches!(ctx.state, State::Pending(_)) {
        // Legs after a failed AP-REQ keep the reason it failed with.
        return Ok(());
    }
    let r = match &mut ctx.state {
        State::Pending(p) => p.krb.leg(dir, token, keys, limits),
        _ => return Ok(()),
    };
    match r {
        Ok(Some(session)) => ctx.state = State::Established(Protection::Kerberos(session)),
        Ok(None) => {}
        Err(e @ Error::Truncated { .. }) | Err(e @ Error::Invalid { .. }) => {
            ctx.state = State::Unkeyed(e.clone());
            return Err(e);
        }
        Err(e) => ctx.state = State::Unkeyed(e),
    }
    Ok(())
}

/// An AP-REQ, bare or in its GSS framing (TOK_ID 01 00 after the OID).
fn is_ap_req(token: &[u8]) -> bool {
    match token.first() {
        Some(0x6e) => true,
        Some(0x60) => token
            .get(2..)
            .and_then(|r| {
                // Skip the long-form length octets, then the 11-byte OID TLV.
                let skip = if token[1] & 0x80 != 0 {
                    usize::from(token[1] & 0x7f)
                } else {
                    0
                };
                r.get(skip + 11..skip + 13)
            })
            .is_some_and(|t| t == [1, 0]),
        _ => false,
    }
}

/// Seals or signs PDUs with a security context of its own.
pub struct Resealer {
    prot: Protection,
    header_sign: bool,
}

impl std::fmt::Debug for Resealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Resealer(..)")
    }
}

impl Resealer {
    /// Protects a plaintext request, response or fault at the level its `auth` trailer names
    /// and returns the bytes to send. The PDU's `auth.value` is ignored (replaced by the
    /// signature); its `auth.pad` is written as given (Windows pads the stub to 16 bytes).
    pub fn protect(&mut self, dir: Direction, pdu: &Pdu<'_>) -> Result<Vec<u8>> {
        let a = pdu
            .auth
            .as_ref()
            .ok_or(Error::State("the PDU has no auth trailer"))?;
        let stub_len = pdu.body.stub().map_or(0, <[u8]>::len);
        let sealed = a.trailer.auth_level == auth_level::PKT_PRIVACY;
        let placeholder = vec![0u8; self.prot.sig_len(sealed)];
        let mut p = pdu.clone();
        if let Some(pa) = &mut p.auth {
            pa.value = &placeholder;
        }
        let mut buf = p.to_vec()?;
        let trailer_at = buf.len() - placeholder.len() - oxwire_msrpc::auth::SEC_TRAILER_LEN;
        let body_end = trailer_at;
        let body_start = body_end - a.pad.len() - stub_len;
        let signed_end = trailer_at + oxwire_msrpc::auth::SEC_TRAILER_LEN;
        match &mut self.prot {
            Protection::Ntlm(s) => {
                let plain = buf[..signed_end].to_vec();
                if sealed {
                    s.encrypt(dir, &mut buf[body_start..body_end]);
                }
                let sig = if s.extended() {
                    s.sign(dir, &[&plain])
                } else {
                    s.sign(dir, &[&plain[body_start..body_end]])
                };
                buf[signed_end..].copy_from_slice(&sig);
            }
            Protection::Kerberos(k) => {
                let tok = k.wrap_pdu(
                    dir,
                    &mut buf,
                    body_start,
                    body_end,
                    signed_end,
                    sealed,
                    self.header_sign,
                )?;
                buf.truncate(signed_end);
                buf.extend_from_slice(&tok);
            }
        }
        Ok(buf)
    }
}

/// Checks a request's verification trailer (MS-RPCE 2.2.2.13) against the PDU header that
/// carried the call: the copy of the header in SEC_VT_COMMAND_HEADER2 must match. Returns the
/// trailer when there is one.
pub fn check_verification_trailer<'s>(
    stub: &'s [u8],
    pdu: &Pdu<'_>,
) -> Result<Option<VerificationTrailer<'s>>> {
    let h = &pdu.header;
    let Some(vt) = VerificationTrailer::find(stub, h.drep.little_endian())? else {
        return Ok(None);
    };
    for c in &vt.commands {
        if let VtCommand::Header2 {
            ptype,
            drep,
            call_id,
            ctx_id,
            opnum,
            ..
        } = c
        {
            let (pctx, pop) = match &pdu.body {
                PduBody::Request(r) => (r.ctx_id, r.opnum),
                _ => (*ctx_id, *opnum),
            };
            if *ptype != h.ptype.0
                || *drep != h.drep.0
                || *call_id != h.call_id
                || *ctx_id != pctx
                || *opnum != pop
            {
                return Err(Error::IntegrityCheckFailed {
                    what: "verification trailer SEC_VT_COMMAND_HEADER2",
                });
            }
        }
    }
    Ok(Some(vt))
}
