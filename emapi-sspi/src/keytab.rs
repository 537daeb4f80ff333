//! MIT keytab files (the `FILE:` keytab of MIT krb5 and Heimdal): the long-term keys of
//! service principals, e.g. `exchangeMDB/mail.example.test@EXAMPLE.TEST`.
//!
//! Layout: `05 01` or `05 02`, then records, each a signed 32-bit length followed by that many
//! bytes (a negative length marks a hole left by a deleted entry). A record holds the number of
//! name components, the realm and the components as counted strings, the name type (format 2
//! only), a timestamp, an 8-bit key version, the key block (enctype and counted key) and,
//! when present, a 32-bit key version that supersedes the 8-bit one. Format 2 is big-endian;
//! format 1 uses the writer's native order, and its component count includes the realm.
//! Entries of every encryption type are kept, whether or not this crate can use them.

use crate::error::{Error, Result};
use crate::keysource::{KerberosKey, Keyring};
use crate::Limits;

/// One key of a keytab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeytabEntry {
    /// The realm.
    pub realm: String,
    /// The name components (`["exchangeMDB", "mail.example.test"]`).
    pub components: Vec<String>,
    /// The name type (1 KRB5_NT_PRINCIPAL, 2 KRB5_NT_SRV_INST...); `None` in format 1.
    pub name_type: Option<u32>,
    /// When the key was written, in seconds since 1970.
    pub timestamp: u32,
    /// The key version: the 32-bit field when present and non-zero, else the 8-bit one.
    pub kvno: u32,
    /// The key.
    pub key: KerberosKey,
}

impl KeytabEntry {
    /// `components/joined@REALM`.
    pub fn principal(&self) -> String {
        format!("{}@{}", self.components.join("/"), self.realm)
    }
}

/// A parsed keytab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keytab {
    /// The format version (1 or 2).
    pub version: u8,
    /// The entries in file order (holes skipped).
    pub entries: Vec<KeytabEntry>,
}

struct R<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    big: bool,
}

impl<'a> R<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        let left = self.buf.len() - self.pos;
        if left < n {
            return Err(Error::Truncated {
                what,
                offset: self.base + self.pos,
                needed: n,
                available: left,
            });
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u16(&mut self, what: &'static str) -> Result<u16> {
        let b = self.take(2, what)?;
        let a = [b[0], b[1]];
        Ok(if self.big {
            u16::from_be_bytes(a)
        } else {
            u16::from_le_bytes(a)
        })
    }
    fn u32(&mut self, what: &'static str) -> Result<u32> {
        let b = self.take(4, what)?;
        let a = [b[0], b[1], b[2], b[3]];
        Ok(if self.big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    }
    fn string(&mut self, what: &'static str) -> Result<String> {
        let n = self.u16(what)? as usize;
        let b = self.take(n, what)?;
        Ok(String::from_utf8_lossy(b).into_owned())
    }
    fn left(&self) -> usize {
        self.buf.len() - self.pos
    }
}

impl Keytab {
    /// Parses a keytab file.
    pub fn parse(file: &[u8], limits: &Limits) -> Result<Keytab> {
        if file.len() < 2 {
            return Err(Error::Truncated {
                what: "keytab file format version",
                offset: 0,
                needed: 2,
                available: file.len(),
            });
        }
        if file[0] != 5 || !matches!(file[1], 1 | 2) {
            return Err(Error::Invalid {
                what: "keytab file format version",
                offset: 0,
                reason: "not 0x0501 or 0x0502",
            });
        }
        let version = file[1];
        if version == 2 {
            return Self::parse_order(file, version, true, limits);
        }
        // Format 1 is in the writer's byte order: the order in which every record fits.
        Self::parse_order(file, version, true, limits)
            .or_else(|e| Self::parse_order(file, version, false, limits).map_err(|_| e))
    }

    fn parse_order(file: &[u8], version: u8, big: bool, limits: &Limits) -> Result<Keytab> {
        let mut r = R {
            buf: file,
            pos: 2,
            base: 0,
            big,
        };
        let mut entries = Vec::new();
        while r.left() > 0 {
            let at = r.pos;
            let size = r.u32("keytab record length")? as i32;
            if size == 0 {
                // Trailing zeros after the last record are allowed by MIT's reader.
                break;
            }
            let len = size.unsigned_abs() as usize;
            let body = r.take(len, "keytab record")?;
            if size < 0 {
                continue;
            }
            if entries.len() >= limits.max_keytab_entries {
                return Err(Error::LimitExceeded {
                    what: "keytab entries",
                    limit: limits.max_keytab_entries,
                    actual: entries.len() + 1,
                });
            }
            entries.push(Self::entry(body, at + 4, version, big)?);
        }
        Ok(Keytab { version, entries })
    }

    fn entry(body: &[u8], base: usize, version: u8, big: bool) -> Result<KeytabEntry> {
        let mut r = R {
            buf: body,
            pos: 0,
            base,
            big,
        };
        let mut count = r.u16("keytab num_components")? as usize;
        if version == 1 {
            count = count.checked_sub(1).ok_or(Error::Invalid {
                what: "keytab num_components",
                offset: base,
                reason: "format 1 counts the realm: at least 1",
            })?;
        }
        let realm = r.string("keytab realm")?;
        // Each component takes at least its 2-byte length: bounded by the record.
        if count * 2 > r.left() {
            return Err(Error::Truncated {
                what: "keytab components",
                offset: base + r.pos,
                needed: count * 2,
                available: r.left(),
            });
        }
        let mut components = Vec::with_capacity(count);
        for _ in 0..count {
            components.push(r.string("keytab component")?);
        }
        let name_type = if version == 2 {
            Some(r.u32("keytab name_type")?)
        } else {
            None
        };
        let timestamp = r.u32("keytab timestamp")?;
        let vno8 = r.take(1, "keytab vno8")?[0];
        let etype = r.u16("keytab keyblock enctype")?;
        let klen = r.u16("keytab keyblock length")? as usize;
        let key = r.take(klen, "keytab keyblock contents")?.to_vec();
        let mut kvno = u32::from(vno8);
        if r.left() >= 4 {
            let v = r.u32("keytab vno")?;
            if v != 0 {
                kvno = v;
            }
        }
        Ok(KeytabEntry {
            realm,
            components,
            name_type,
            timestamp,
            kvno,
            key: KerberosKey {
                etype: i32::from(etype as i16),
                kvno: Some(kvno),
                key,
            },
        })
    }

    /// Adds every entry to a keyring.
    pub fn add_to(&self, keys: &mut Keyring) {
        for e in &self.entries {
            let c: Vec<&str> = e.components.iter().map(String::as_str).collect();
            keys.add_kerberos_key(&e.realm, &c, e.key.clone());
        }
    }
}
