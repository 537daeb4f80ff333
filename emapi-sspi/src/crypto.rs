//! Thin wrappers over the RustCrypto primitives the providers use.

use hmac::{Hmac, Mac};
use md4::Md4;
use md5::{Digest, Md5};
use rc4::consts::{U16, U8};
use rc4::{KeyInit, StreamCipher};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub(crate) fn md4(data: &[u8]) -> [u8; 16] {
    Md4::digest(data).into()
}

pub(crate) fn md5(parts: &[&[u8]]) -> [u8; 16] {
    let mut h = Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

pub(crate) fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> [u8; 16] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = <Hmac<Md5> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

pub(crate) fn hmac_sha1(key: &[u8], parts: &[&[u8]]) -> [u8; 20] {
    let mut m = <Hmac<sha1::Sha1> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

/// Constant-time comparison for MACs.
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// UTF-16LE encoding of a string, as NTLM hashes it.
pub(crate) fn utf16le(s: &str) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(s.encode_utf16().flat_map(u16::to_le_bytes).collect())
}

/// An RC4 keystream whose state continues across calls (NTLM sealing handles, RC4-HMAC).
///
/// The state is zeroized on drop.
pub struct Rc4(Rc4Inner);

enum Rc4Inner {
    K8(Box<rc4::Rc4<U8>>),
    K16(Box<rc4::Rc4<U16>>),
}

impl Rc4 {
    /// A keystream keyed with 8 or 16 bytes (the sizes NTLM and RC4-HMAC use).
    pub fn new(key: &[u8]) -> Result<Rc4> {
        Ok(Rc4(match key.len() {
            8 => Rc4Inner::K8(Box::new(rc4::Rc4::new(key.into()))),
            16 => Rc4Inner::K16(Box::new(rc4::Rc4::new(key.into()))),
            n => {
                return Err(Error::Unsupported {
                    what: "RC4 key length",
                    value: n as i64,
                })
            }
        }))
    }

    /// XORs the next `data.len()` keystream bytes into `data`.
    pub fn apply(&mut self, data: &mut [u8]) {
        match &mut self.0 {
            Rc4Inner::K8(c) => c.apply_keystream(data),
            Rc4Inner::K16(c) => c.apply_keystream(data),
        }
    }
}

impl std::fmt::Debug for Rc4 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rc4(..)")
    }
}

/// One-shot RC4 of a buffer with a fresh key.
pub(crate) fn rc4_oneshot(key: &[u8], data: &mut [u8]) -> Result<()> {
    Rc4::new(key)?.apply(data);
    Ok(())
}

/// DES-ECB of one block with a 7-byte key spread over 8 bytes (MS-NLMP section 6, DES()).
pub(crate) fn des_7(key7: &[u8], block: &[u8; 8]) -> [u8; 8] {
    use des::cipher::{BlockEncrypt, KeyInit as _};
    let mut k = [0u8; 8];
    let b = key7;
    k[0] = b[0];
    k[1] = (b[0] << 7) | (b[1] >> 1);
    k[2] = (b[1] << 6) | (b[2] >> 2);
    k[3] = (b[2] << 5) | (b[3] >> 3);
    k[4] = (b[3] << 4) | (b[4] >> 4);
    k[5] = (b[4] << 3) | (b[5] >> 5);
    k[6] = (b[5] << 2) | (b[6] >> 6);
    k[7] = b[6] << 1;
    // Parity bits are ignored by DES; the cipher takes the key as is.
    let c = des::Des::new(&k.into());
    let mut out = (*block).into();
    c.encrypt_block(&mut out);
    out.into()
}

/// DESL(): three DES encryptions of `data` under 16 key bytes padded to 21 (MS-NLMP section 6).
pub(crate) fn desl(key16: &[u8; 16], data: &[u8; 8]) -> [u8; 24] {
    let mut k = [0u8; 21];
    k[..16].copy_from_slice(key16);
    let mut out = [0u8; 24];
    out[..8].copy_from_slice(&des_7(&k[0..7], data));
    out[8..16].copy_from_slice(&des_7(&k[7..14], data));
    out[16..].copy_from_slice(&des_7(&k[14..21], data));
    out
}
