//! Where key material comes from: the [`KeySource`] trait the optimizer asks, and [`Keyring`],
//! its implementation over passwords, NT hashes, session keys and keytabs.

use crate::error::{Error, Result};
use crate::ntlm::{Authenticate, Challenge, Key16, NtlmCredential};

/// What is known about an NTLM exchange when a key is asked for.
#[derive(Clone, Copy, Debug)]
pub struct NtlmExchange<'a> {
    /// The raw NEGOTIATE message, when seen.
    pub negotiate: Option<&'a [u8]>,
    /// The CHALLENGE.
    pub challenge: &'a Challenge<'a>,
    /// The AUTHENTICATE.
    pub authenticate: &'a Authenticate<'a>,
}

/// NTLM key material, at the stage the source could produce it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NtlmKey {
    /// The session base key (what a domain controller returns to a member server through
    /// Netlogon as the user session key); the key exchange key and the exported session key
    /// are derived from it and the messages.
    SessionBaseKey(Key16),
    /// The key exchange key (KXKEY output).
    KeyExchangeKey(Key16),
    /// The exported session key itself, as an endpoint would hand it over.
    ExportedSessionKey(Key16),
}

/// A long-term Kerberos key.
#[derive(Clone, PartialEq, Eq, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct KerberosKey {
    /// The encryption type (RFC 3961 numbering: 17, 18, 23).
    #[zeroize(skip)]
    pub etype: i32,
    /// Key version number, when known.
    #[zeroize(skip)]
    pub kvno: Option<u32>,
    /// The key bytes.
    pub key: Vec<u8>,
}

impl std::fmt::Debug for KerberosKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KerberosKey")
            .field("etype", &self.etype)
            .field("kvno", &self.kvno)
            .finish_non_exhaustive()
    }
}

/// The source of keys a passive or active security context asks for.
///
/// Implement it to plug in other sources, e.g. a domain-joined appliance that forwards the
/// NTLM exchange to a domain controller over Netlogon and returns
/// [`NtlmKey::SessionBaseKey`].
pub trait KeySource {
    /// Key material for an NTLM exchange, or `Ok(None)` when this source knows nothing
    /// about the user. A source that knows the user but whose credentials do not match the
    /// response returns [`Error::WrongCredentials`].
    fn ntlm_key(&self, exchange: &NtlmExchange<'_>) -> Result<Option<NtlmKey>>;

    /// Long-term keys of a service principal (`components` joined by `/`, in `realm`) for an
    /// encryption type; several may be returned (different key versions).
    fn kerberos_keys(&self, _realm: &str, _components: &[String], _etype: i32) -> Vec<KerberosKey> {
        Vec::new()
    }
}

/// Passwords, NT hashes, session keys and Kerberos keys, tried in that order.
#[derive(Clone, Debug, Default)]
pub struct Keyring {
    ntlm: Vec<NtlmCredential>,
    session_keys: Vec<NtlmKey>,
    kerberos: Vec<(String, Vec<String>, KerberosKey)>,
}

impl Keyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an NTLM credential.
    pub fn add_ntlm(&mut self, cred: NtlmCredential) -> &mut Self {
        self.ntlm.push(cred);
        self
    }

    /// Adds a key supplied directly; it is tried on every exchange no credential matched.
    pub fn add_session_key(&mut self, key: NtlmKey) -> &mut Self {
        self.session_keys.push(key);
        self
    }

    /// Adds a service key for `components` (e.g. `["exchangeMDB", "mail.example.test"]`) in
    /// `realm`.
    pub fn add_kerberos_key(&mut self, realm: &str, components: &[&str], key: KerberosKey) {
        self.kerberos.push((
            realm.to_owned(),
            components.iter().map(|s| (*s).to_owned()).collect(),
            key,
        ));
    }

    /// Adds the keys string-to-key derives from a service account's password for AES256,
    /// AES128 (salt: realm followed by the components, 4096 iterations, RFC 3962) and RC4-HMAC.
    pub fn add_kerberos_password(&mut self, realm: &str, components: &[&str], password: &str) {
        let mut salt = realm.as_bytes().to_vec();
        for c in components {
            salt.extend_from_slice(c.as_bytes());
        }
        for etype in [18, 17, 23] {
            if let Ok(k) =
                crate::kerberos::crypto::Key::from_password(etype, password.as_bytes(), &salt, 4096)
            {
                let key = KerberosKey {
                    etype,
                    kvno: None,
                    key: k.bytes.clone(),
                };
                self.add_kerberos_key(realm, components, key);
            }
        }
    }

    /// Number of NTLM credentials.
    pub fn ntlm_len(&self) -> usize {
        self.ntlm.len()
    }

    /// Number of Kerberos keys.
    pub fn kerberos_len(&self) -> usize {
        self.kerberos.len()
    }
}

impl KeySource for Keyring {
    fn ntlm_key(&self, ex: &NtlmExchange<'_>) -> Result<Option<NtlmKey>> {
        let user = ex.authenticate.user_text();
        let domain = ex.authenticate.domain_text();
        let mut wrong = None;
        for c in self.ntlm.iter().filter(|c| c.matches(&user, &domain)) {
            match c.session_base_key(ex.challenge, ex.authenticate) {
                Ok((_, kx)) => return Ok(Some(NtlmKey::KeyExchangeKey(kx))),
                Err(e @ Error::WrongCredentials { .. }) => wrong = Some(e),
                Err(e) => return Err(e),
            }
        }
        if let Some(k) = self.session_keys.first() {
            return Ok(Some(k.clone()));
        }
        match wrong {
            Some(e) => Err(e),
            None => Ok(None),
        }
    }

    fn kerberos_keys(&self, realm: &str, components: &[String], etype: i32) -> Vec<KerberosKey> {
        self.kerberos
            .iter()
            .filter(|(r, c, k)| {
                k.etype == etype
                    && (r.is_empty() || r.eq_ignore_ascii_case(realm))
                    && c.len() == components.len()
                    && c.iter()
                        .zip(components)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
            .map(|(_, _, k)| k.clone())
            .collect()
    }
}
