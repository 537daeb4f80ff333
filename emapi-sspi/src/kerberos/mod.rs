//! Kerberos for DCE/RPC: the encryption types ([`crypto`]), the AP-REQ / AP-REP exchange
//! ([`messages`]), the per-message tokens ([`token`]) and the per-context state.
//!
//! A passive observer holding the service's long-term key (from a keytab, or string-to-key of
//! its password) follows the exchange like this:
//!
//! 1. AP-REQ (initiator): Ticket.enc-part decrypts with the service key (key usage 2) to the
//!    session key; the Authenticator decrypts with it (usage 11) to the initiator's subkey,
//!    first sequence number and GSS flags (DCE style among them).
//! 2. AP-REP (acceptor): EncAPRepPart decrypts with the session key (usage 12) to the
//!    acceptor's subkey and first sequence number. The context is established here.
//! 3. With DCE style, the initiator answers with an AP-REP of its own (in alter_context or
//!    auth3); it is decrypted and checked, and changes no key.
//!
//! Per-message tokens then use the acceptor's subkey when their AcceptorSubkey flag says so
//! (RFC 4121) or when there is one (RFC 4757), else the initiator's subkey, else the session
//! key.
//!
//! Sequence numbers: each direction's first token must carry the sequence number announced
//! for it (the Authenticator's for the initiator; the acceptor's from its AP-REP, or, as DCE
//! style allows, the initiator's), and every later one the next number. A token that does not
//! is [`Error::SequenceMismatch`] (replay, reordering or loss); its payload is not returned.

pub mod crypto;
pub mod messages;
pub mod token;

use self::crypto::{Key, RC4_HMAC};
use self::messages::{
    gss_flags, ApRep, ApReq, Authenticator, EncApRepPart, EncTicketPart, KrbMessage,
    AP_OPTION_MUTUAL_REQUIRED,
};
use self::token::Parts;
use crate::error::{Error, Result};
use crate::keysource::KeySource;
use crate::{Direction, Limits};

/// Key usage of Ticket.enc-part.
const USAGE_TICKET: u32 = 2;
/// Key usage of AP-REQ.authenticator.
const USAGE_AUTHENTICATOR: u32 = 11;
/// Key usage of AP-REP.enc-part.
const USAGE_AP_REP: u32 = 12;

/// Whether a token looks like a Kerberos GSS token or a bare AP-REQ / AP-REP.
pub fn looks_like_krb(b: &[u8]) -> bool {
    matches!(b.first(), Some(0x60) | Some(0x6e) | Some(0x6f))
}

/// What the AP-REQ established, waiting for the AP-REP.
#[derive(Clone, Debug)]
struct Initiated {
    session_key: Key,
    subkey: Option<Key>,
    seq: Option<u32>,
    gss_flags: u32,
}

/// The per-context Kerberos exchange being followed.
#[derive(Debug, Default)]
pub struct KrbSetup {
    initiated: Option<Initiated>,
}

fn to_key(k: &messages::EncryptionKey) -> Result<Key> {
    Key::new(k.keytype, &k.keyvalue)
}

impl KrbSetup {
    /// Takes one leg; returns the session once its keys are known.
    pub fn leg(
        &mut self,
        dir: Direction,
        token: &[u8],
        keys: &dyn KeySource,
        limits: &Limits,
    ) -> Result<Option<KrbSession>> {
        if token.len() > limits.max_token_len {
            return Err(Error::LimitExceeded {
                what: "Kerberos token length",
                limit: limits.max_token_len,
                actual: token.len(),
            });
        }
        match KrbMessage::decode(token)? {
            KrbMessage::ApReq(req) => {
                let init = accept(&req, keys)?;
                let mutual = req.ap_options & AP_OPTION_MUTUAL_REQUIRED != 0
                    || init.gss_flags & (gss_flags::MUTUAL | gss_flags::DCE_STYLE) != 0;
                if mutual {
                    self.initiated = Some(init);
                    Ok(None)
                } else {
                    Ok(Some(KrbSession::new(init, None, None)))
                }
            }
            KrbMessage::ApRep(rep) => {
                let Some(init) = self.initiated.take() else {
                    return Err(Error::NoKey {
                        reason: "Kerberos AP-REP without the AP-REQ it answers",
                    });
                };
                if dir != Direction::ToClient {
                    return Err(Error::State("Kerberos AP-REP from the initiator first"));
                }
                let part = open_ap_rep(&rep, &init.session_key)?;
                let acceptor_subkey = part.subkey.as_ref().map(to_key).transpose()?;
                Ok(Some(KrbSession::new(
                    init,
                    acceptor_subkey,
                    part.seq_number,
                )))
            }
            KrbMessage::Error(code) => Err(Error::NoKey {
                reason: if code.is_some() {
                    "the Kerberos exchange ended in KRB-ERROR"
                } else {
                    "the Kerberos exchange ended in an unreadable KRB-ERROR"
                },
            }),
        }
    }
}

fn open_ap_rep(rep: &ApRep<'_>, session_key: &Key) -> Result<EncApRepPart> {
    if rep.enc_part.etype != session_key.etype {
        return Err(Error::Invalid {
            what: "AP-REP.enc-part.etype",
            offset: 0,
            reason: "not the session key's encryption type",
        });
    }
    let plain = zeroize::Zeroizing::new(session_key.decrypt(USAGE_AP_REP, rep.enc_part.cipher)?);
    EncApRepPart::decode(&plain)
}

/// AP-REQ: the service key opens the ticket, the session key the authenticator.
fn accept(req: &ApReq<'_>, keys: &dyn KeySource) -> Result<Initiated> {
    let t = &req.ticket;
    let etype = t.enc_part.etype;
    if !matches!(etype, 17 | 18 | 23) {
        return Err(Error::Unsupported {
            what: "Kerberos ticket encryption type",
            value: i64::from(etype),
        });
    }
    let mut candidates = keys.kerberos_keys(&t.realm, &t.sname.components, etype);
    if candidates.is_empty() {
        return Err(Error::NoKey {
            reason: "no Kerberos key for the ticket's service principal and encryption type",
        });
    }
    // The key whose version matches goes first; the others are still tried.
    candidates.sort_by_key(|k| k.kvno.is_none() || k.kvno != t.enc_part.kvno);
    let mut plain = None;
    for k in &candidates {
        let Ok(key) = Key::new(k.etype, &k.key) else {
            continue;
        };
        if let Ok(p) = key.decrypt(USAGE_TICKET, t.enc_part.cipher) {
            plain = Some(zeroize::Zeroizing::new(p));
            break;
        }
    }
    let Some(plain) = plain else {
        return Err(Error::WrongKey {
            principal: format!("{}@{}", t.sname.components.join("/"), t.realm),
        });
    };
    let part = EncTicketPart::decode(&plain)?;
    let session_key = to_key(&part.key)?;
    if req.authenticator.etype != session_key.etype {
        return Err(Error::Invalid {
            what: "AP-REQ.authenticator.etype",
            offset: 0,
            reason: "not the session key's encryption type",
        });
    }
    let a = zeroize::Zeroizing::new(
        session_key.decrypt(USAGE_AUTHENTICATOR, req.authenticator.cipher)?,
    );
    let auth = Authenticator::decode(&a)?;
    if auth.cname != part.cname || !auth.crealm.eq_ignore_ascii_case(&part.crealm) {
        return Err(Error::IntegrityCheckFailed {
            what: "Authenticator cname/crealm against the ticket",
        });
    }
    Ok(Initiated {
        subkey: auth.subkey.as_ref().map(to_key).transpose()?,
        seq: auth.seq_number,
        gss_flags: auth.gss.map_or(0, |g| g.flags),
        session_key,
    })
}

/// Sequence numbers of one direction.
#[derive(Clone, Debug)]
struct Seq {
    next: Option<u64>,
    first: [Option<u64>; 2],
}

impl Seq {
    fn check(&self, got: u64) -> Result<()> {
        match self.next {
            Some(n) if n == got => Ok(()),
            Some(n) => Err(Error::SequenceMismatch { expected: n, got }),
            None if self.first.contains(&Some(got)) => Ok(()),
            None => Err(Error::SequenceMismatch {
                expected: self.first[0].or(self.first[1]).unwrap_or(0),
                got,
            }),
        }
    }

    fn advance(&mut self, got: u64, rc4: bool) {
        let n = got.wrapping_add(1);
        self.next = Some(if rc4 { n & 0xffff_ffff } else { n });
    }

    fn current(&self) -> u64 {
        self.next.or(self.first[0]).or(self.first[1]).unwrap_or(0)
    }
}

/// An established Kerberos context: its keys and both directions' sequence numbers.
#[derive(Clone, Debug)]
pub struct KrbSession {
    session_key: Key,
    initiator_subkey: Option<Key>,
    acceptor_subkey: Option<Key>,
    gss_flags: u32,
    /// ToServer, ToClient.
    seq: [Seq; 2],
}

fn di(dir: Direction) -> usize {
    match dir {
        Direction::ToServer => 0,
        Direction::ToClient => 1,
    }
}

impl KrbSession {
    fn new(init: Initiated, acceptor_subkey: Option<Key>, acceptor_seq: Option<u32>) -> Self {
        let iseq = init.seq.map(u64::from);
        let aseq = acceptor_seq.map(u64::from);
        KrbSession {
            session_key: init.session_key,
            initiator_subkey: init.subkey,
            acceptor_subkey,
            gss_flags: init.gss_flags,
            seq: [
                Seq {
                    next: None,
                    first: [iseq, None],
                },
                Seq {
                    next: None,
                    // DCE style: the acceptor may continue with the initiator's number.
                    first: [aseq, iseq],
                },
            ],
        }
    }

    /// A context from keys known by other means (e.g. handed over by an endpoint): the
    /// initiator's key, the acceptor's subkey if any, and each direction's next sequence
    /// number.
    pub fn from_keys(
        initiator_key: Key,
        acceptor_subkey: Option<Key>,
        to_server_seq: u64,
        to_client_seq: u64,
    ) -> Self {
        KrbSession {
            session_key: initiator_key,
            initiator_subkey: None,
            acceptor_subkey,
            gss_flags: gss_flags::DCE_STYLE,
            seq: [
                Seq {
                    next: Some(to_server_seq),
                    first: [None, None],
                },
                Seq {
                    next: Some(to_client_seq),
                    first: [None, None],
                },
            ],
        }
    }

    /// The GSS flags of the initiator's authenticator checksum ([`gss_flags`]).
    pub fn gss_flags(&self) -> u32 {
        self.gss_flags
    }

    /// The encryption type of the per-message key.
    pub fn etype(&self) -> i32 {
        self.context_key(true)
            .map_or(self.session_key.etype, |k| k.etype)
    }

    fn context_key(&self, acceptor_flag: bool) -> Result<&Key> {
        if acceptor_flag {
            return self.acceptor_subkey.as_ref().ok_or(Error::Invalid {
                what: "RFC 4121 token flags",
                offset: 2,
                reason: "AcceptorSubkey set but the AP-REP carried no subkey",
            });
        }
        Ok(self.initiator_subkey.as_ref().unwrap_or(&self.session_key))
    }

    fn rc4_key(&self) -> &Key {
        self.acceptor_subkey
            .as_ref()
            .or(self.initiator_subkey.as_ref())
            .unwrap_or(&self.session_key)
    }

    /// The DCE-style third leg: the initiator's AP-REP, encrypted in the session key.
    pub(crate) fn third_leg(&mut self, token: &[u8]) -> Result<()> {
        match KrbMessage::decode(token)? {
            KrbMessage::ApRep(rep) => {
                open_ap_rep(&rep, &self.session_key)?;
                Ok(())
            }
            _ => Err(Error::State(
                "an established Kerberos context only takes the initiator's AP-REP",
            )),
        }
    }

    /// Length of the auth value this context produces at a level.
    pub fn token_len(&self, sealed: bool) -> usize {
        token::token_len(self.etype(), sealed)
    }

    /// Verifies and (when sealed) decrypts one PDU in place: `buf` holds the PDU up to and
    /// including its sec_trailer, `body_start..body_end` the stub and its padding; `token` is
    /// the auth_value.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn unwrap_pdu(
        &mut self,
        dir: Direction,
        buf: &mut [u8],
        body_start: usize,
        body_end: usize,
        token: &[u8],
        sealed: bool,
        header_sign: bool,
    ) -> Result<()> {
        let (head, rest) = buf.split_at_mut(body_start);
        let (body, tail) = rest.split_at_mut(body_end - body_start);
        let (pre, post): (&[u8], &[u8]) = if header_sign {
            (head, tail)
        } else {
            (&[], &[])
        };
        self.unwrap(dir, pre, body, post, token, sealed)
    }

    /// Verifies one token and, when `sealed`, decrypts `body` (the stub and its padding) in
    /// place. `header` and `trailer` are the PDU header and the sec_trailer when header signing
    /// was negotiated, else empty. Checks the sequence number last: a replayed or reordered
    /// token is [`Error::SequenceMismatch`] and `body` is then zeroed.
    pub fn unwrap(
        &mut self,
        dir: Direction,
        header: &[u8],
        body: &mut [u8],
        trailer: &[u8],
        token: &[u8],
        sealed: bool,
    ) -> Result<()> {
        let parts = Parts {
            pre: header,
            body: &mut *body,
            post: trailer,
        };
        let rc4 = token.first() == Some(&0x60)
            || token.get(..2) == Some(&token::TOK_RC4_WRAP)
            || token.get(..2) == Some(&token::TOK_RC4_MIC);
        // Both unwrap functions write the body only once every check has passed.
        let seq = if rc4 {
            token::rc4_unwrap(self.rc4_key(), dir, token, parts)?
        } else {
            let h = token::Cfx::parse(token)?;
            let is_sealed = h.tok_id == token::TOK_WRAP && h.flags & token::flags::SEALED != 0;
            if is_sealed != sealed {
                return Err(Error::Invalid {
                    what: "RFC 4121 token",
                    offset: 2,
                    reason: "sealing does not match the PDU's auth_level",
                });
            }
            let key = self.context_key(h.flags & token::flags::ACCEPTOR_SUBKEY != 0)?;
            if key.etype == RC4_HMAC {
                return Err(Error::Invalid {
                    what: "RFC 4121 token",
                    offset: 0,
                    reason: "an RC4-HMAC context uses RFC 4757 tokens",
                });
            }
            token::cfx_unwrap(key, dir, token, parts)?
        };
        let st = &mut self.seq[di(dir)];
        if let Err(e) = st.check(seq) {
            // The payload was authentic but out of order: hand nothing back.
            body.fill(0);
            return Err(e);
        }
        st.advance(seq, rc4);
        Ok(())
    }

    /// Protects one PDU: `buf` holds the PDU with a placeholder auth_value of
    /// [`token_len`](Self::token_len) bytes after `signed_end`; the stub is encrypted in place
    /// when `sealed` and the auth_value to write is returned.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn wrap_pdu(
        &mut self,
        dir: Direction,
        buf: &mut [u8],
        body_start: usize,
        body_end: usize,
        signed_end: usize,
        sealed: bool,
        header_sign: bool,
    ) -> Result<Vec<u8>> {
        let (head, rest) = buf[..signed_end].split_at_mut(body_start);
        let (body, tail) = rest.split_at_mut(body_end - body_start);
        let (pre, post): (&[u8], &[u8]) = if header_sign {
            (head, tail)
        } else {
            (&[], &[])
        };
        self.wrap(dir, pre, body, post, sealed)
    }

    /// Produces the token for one PDU with this direction's next sequence number, encrypting
    /// `body` in place when `sealed` (RFC 4121 Wrap with EC 0 and RRC 28, or RFC 4757 Wrap);
    /// a MIC token when not. `header` and `trailer` as for [`unwrap`](Self::unwrap).
    pub fn wrap(
        &mut self,
        dir: Direction,
        header: &[u8],
        body: &mut [u8],
        trailer: &[u8],
        sealed: bool,
    ) -> Result<Vec<u8>> {
        let parts = Parts {
            pre: header,
            body,
            post: trailer,
        };
        let st = &mut self.seq[di(dir)];
        let seq = st.current();
        let rc4 = self.rc4_key().etype == RC4_HMAC;
        let tok = if rc4 {
            token::rc4_wrap(self.rc4_key(), dir, seq as u32, sealed, parts)?
        } else {
            let acc = self.acceptor_subkey.is_some();
            let key = self.context_key(acc)?;
            token::cfx_wrap(key, dir, acc, seq, sealed, parts)?
        };
        self.seq[di(dir)].advance(seq, rc4);
        Ok(tok)
    }
}
