//! NTLM key derivation (MS-NLMP 3.3 and 3.4.5): from a password or NT hash and the three
//! messages of an exchange, as an observer who knows the credentials but not the random
//! session key.

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::flags;
use super::message::{Authenticate, Challenge};
use crate::crypto::{ct_eq, des_7, desl, hmac_md5, md4, md5, rc4_oneshot, utf16le};
use crate::error::{Error, Result};

/// A 16-byte key that is wiped when dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Key16(pub [u8; 16]);

impl std::fmt::Debug for Key16 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key16(..)")
    }
}

/// NTOWFv1: MD4 of the UTF-16LE password (the "NT hash").
pub fn nt_hash(password: &str) -> Key16 {
    Key16(md4(&utf16le(password)))
}

/// LMOWFv1: the LAN Manager hash (only for passwords of at most 14 characters).
pub fn lm_hash(password: &str) -> Key16 {
    let mut p = Zeroizing::new([0u8; 14]);
    for (d, s) in p.iter_mut().zip(password.to_uppercase().bytes()) {
        *d = s;
    }
    let magic = *b"KGS!@#$%";
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&des_7(&p[0..7], &magic));
    out[8..].copy_from_slice(&des_7(&p[7..14], &magic));
    Key16(out)
}

/// NTOWFv2: HMAC-MD5 of the NT hash over UTF-16LE(upper(user) + domain).
pub fn ntowf_v2(nt_hash: &Key16, user: &str, domain: &str) -> Key16 {
    let mut who = user.to_uppercase();
    who.push_str(domain);
    Key16(hmac_md5(&nt_hash.0, &[&utf16le(&who)]))
}

/// What an observer knows about one user.
#[derive(Clone, Debug)]
pub struct NtlmCredential {
    /// User name (matched case-insensitively).
    pub user: String,
    /// Domain, when known (matched case-insensitively; `None` matches any).
    pub domain: Option<String>,
    nt: Key16,
    lm: Option<Key16>,
}

impl NtlmCredential {
    /// From a clear-text password.
    pub fn from_password(domain: Option<&str>, user: &str, password: &str) -> Self {
        NtlmCredential {
            user: user.to_owned(),
            domain: domain.map(str::to_owned),
            nt: nt_hash(password),
            lm: (password.chars().count() <= 14).then(|| lm_hash(password)),
        }
    }

    /// From the NT hash (NTOWFv1).
    pub fn from_nt_hash(domain: Option<&str>, user: &str, nt: [u8; 16]) -> Self {
        NtlmCredential {
            user: user.to_owned(),
            domain: domain.map(str::to_owned),
            nt: Key16(nt),
            lm: None,
        }
    }

    /// The NT hash.
    pub fn nt_hash(&self) -> &Key16 {
        &self.nt
    }

    /// Whether this credential is for the user named in an AUTHENTICATE message.
    pub fn matches(&self, user: &str, domain: &str) -> bool {
        self.user.eq_ignore_ascii_case(user)
            && self
                .domain
                .as_deref()
                .is_none_or(|d| d.eq_ignore_ascii_case(domain) || d.is_empty())
    }

    /// Recomputes the client's proof and returns the session base key and the key exchange
    /// key. A proof that does not match is [`Error::WrongCredentials`].
    pub fn session_base_key(
        &self,
        challenge: &Challenge<'_>,
        auth: &Authenticate<'_>,
    ) -> Result<(Key16, Key16)> {
        let wrong = || Error::WrongCredentials {
            user: auth.principal(),
        };
        if let Some(v2) = auth.ntlmv2_response()? {
            // Clients hash the domain they sent; some hash an empty one.
            let user = auth.user_text();
            let mut domains = vec![auth.domain_text()];
            if let Some(d) = &self.domain {
                domains.push(d.clone());
            }
            domains.push(String::new());
            for d in domains {
                let key = ntowf_v2(&self.nt, &user, &d);
                let proof = hmac_md5(&key.0, &[&challenge.server_challenge, v2.blob]);
                if ct_eq(&proof, &v2.nt_proof) {
                    let base = Key16(hmac_md5(&key.0, &[&proof]));
                    return Ok((base.clone(), base));
                }
            }
            return Err(wrong());
        }
        if auth.nt_response.len() != 24 {
            return Err(Error::NoKey {
                reason: "anonymous or LM-only authentication carries no session key",
            });
        }
        let ess = auth.flags & flags::EXTENDED_SESSIONSECURITY != 0;
        let data: [u8; 8] = if ess {
            if auth.lm_response.len() < 8 {
                return Err(Error::Invalid {
                    what: "AUTHENTICATE.LmChallengeResponse",
                    offset: 12,
                    reason: "shorter than the 8-byte client challenge",
                });
            }
            let h = md5(&[&challenge.server_challenge, &auth.lm_response[..8]]);
            h[..8].try_into().expect("8 bytes")
        } else {
            challenge.server_challenge
        };
        if !ct_eq(&desl(&self.nt.0, &data), auth.nt_response) {
            return Err(wrong());
        }
        let base = Key16(md4(&self.nt.0));
        let kx = if ess {
            Key16(hmac_md5(
                &base.0,
                &[&challenge.server_challenge, &auth.lm_response[..8]],
            ))
        } else if auth.flags & flags::LM_KEY != 0 {
            let lm = self.lm.as_ref().ok_or(Error::NoKey {
                reason: "NTLMSSP_NEGOTIATE_LM_KEY needs the LM hash (give the password)",
            })?;
            if auth.lm_response.len() < 8 {
                return Err(Error::Invalid {
                    what: "AUTHENTICATE.LmChallengeResponse",
                    offset: 12,
                    reason: "shorter than 8 bytes",
                });
            }
            let d: [u8; 8] = auth.lm_response[..8].try_into().expect("8 bytes");
            let mut k = [0u8; 16];
            k[..8].copy_from_slice(&des_7(&lm.0[0..7], &d));
            let mut k2 = [0xbdu8; 7];
            k2[0] = lm.0[7];
            k[8..].copy_from_slice(&des_7(&k2, &d));
            Key16(k)
        } else if auth.flags & flags::REQUEST_NON_NT_SESSION_KEY != 0 {
            let lm = self.lm.as_ref().ok_or(Error::NoKey {
                reason: "NTLMSSP_REQUEST_NON_NT_SESSION_KEY needs the LM hash",
            })?;
            let mut k = [0u8; 16];
            k[..8].copy_from_slice(&lm.0[..8]);
            Key16(k)
        } else {
            base.clone()
        };
        Ok((base, kx))
    }
}

/// The exported session key: the key exchange key itself, or the client's random session key
/// decrypted with it when NTLMSSP_NEGOTIATE_KEY_EXCH was negotiated.
pub fn exported_session_key(kx: &Key16, auth: &Authenticate<'_>) -> Result<Key16> {
    if auth.flags & flags::KEY_EXCH == 0 || auth.encrypted_session_key.is_empty() {
        return Ok(kx.clone());
    }
    if auth.encrypted_session_key.len() != 16 {
        return Err(Error::Invalid {
            what: "AUTHENTICATE.EncryptedRandomSessionKey",
            offset: 52,
            reason: "not 16 bytes",
        });
    }
    let mut k = [0u8; 16];
    k.copy_from_slice(auth.encrypted_session_key);
    rc4_oneshot(&kx.0, &mut k)?;
    Ok(Key16(k))
}

/// The MIC over the three messages (MS-NLMP 3.1.5.1.2): HMAC-MD5 with the exported session
/// key over NEGOTIATE, CHALLENGE and AUTHENTICATE with its MIC field zeroed.
pub fn compute_mic(exported: &Key16, negotiate: &[u8], challenge: &[u8], auth: &[u8]) -> [u8; 16] {
    let mic_at = super::message::MIC_OFFSET;
    let (head, tail) = auth.split_at(mic_at.min(auth.len()));
    let rest = tail.get(16..).unwrap_or(&[]);
    hmac_md5(
        &exported.0,
        &[
            negotiate,
            challenge,
            head,
            &[0u8; 16][..tail.len().min(16)],
            rest,
        ],
    )
}

const CLI_SIGN: &[u8] = b"session key to client-to-server signing key magic constant\0";
const SRV_SIGN: &[u8] = b"session key to server-to-client signing key magic constant\0";
const CLI_SEAL: &[u8] = b"session key to client-to-server sealing key magic constant\0";
const SRV_SEAL: &[u8] = b"session key to server-to-client sealing key magic constant\0";

/// The four directional keys (MS-NLMP 3.4.5.2 SIGNKEY, 3.4.5.3 SEALKEY).
#[derive(Clone, Debug, Zeroize, ZeroizeOnDrop)]
pub struct DirectionalKeys {
    /// Client-to-server signing key (extended session security only).
    #[zeroize(skip)]
    pub has_sign_keys: bool,
    /// Client signing key.
    pub client_sign: [u8; 16],
    /// Server signing key.
    pub server_sign: [u8; 16],
    /// Client sealing key (8 or 16 bytes used, see `seal_len`).
    pub client_seal: [u8; 16],
    /// Server sealing key.
    pub server_seal: [u8; 16],
    /// Length of the sealing keys.
    #[zeroize(skip)]
    pub seal_len: usize,
}

impl DirectionalKeys {
    /// Derives the keys from the exported session key and the negotiated flags.
    pub fn derive(exported: &Key16, neg_flags: u32) -> DirectionalKeys {
        let k = &exported.0;
        if neg_flags & flags::EXTENDED_SESSIONSECURITY != 0 {
            let seal_base: &[u8] = if neg_flags & flags::NEG_128 != 0 {
                &k[..]
            } else if neg_flags & flags::NEG_56 != 0 {
                &k[..7]
            } else {
                &k[..5]
            };
            DirectionalKeys {
                has_sign_keys: true,
                client_sign: md5(&[k, CLI_SIGN]),
                server_sign: md5(&[k, SRV_SIGN]),
                client_seal: md5(&[seal_base, CLI_SEAL]),
                server_seal: md5(&[seal_base, SRV_SEAL]),
                seal_len: 16,
            }
        } else {
            let (seal, len) = if neg_flags & flags::LM_KEY != 0 {
                let mut s = [0u8; 16];
                if neg_flags & flags::NEG_56 != 0 {
                    s[..7].copy_from_slice(&k[..7]);
                    s[7] = 0xa0;
                } else {
                    s[..5].copy_from_slice(&k[..5]);
                    s[5..8].copy_from_slice(&[0xe5, 0x38, 0xb0]);
                }
                (s, 8)
            } else {
                (*k, 16)
            };
            DirectionalKeys {
                has_sign_keys: false,
                client_sign: [0; 16],
                server_sign: [0; 16],
                client_seal: seal,
                server_seal: seal,
                seal_len: len,
            }
        }
    }
}
