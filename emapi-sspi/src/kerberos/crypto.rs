//! Kerberos encryption types: AES128/AES256-CTS-HMAC-SHA1-96 (RFC 3961 simplified profile with
//! RFC 3962) and RC4-HMAC (RFC 4757).

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use zeroize::Zeroizing;

use crate::crypto::{ct_eq, hmac_md5, hmac_sha1, rc4_oneshot};
use crate::error::{Error, Result};

/// aes128-cts-hmac-sha1-96.
pub const AES128_CTS_HMAC_SHA1_96: i32 = 17;
/// aes256-cts-hmac-sha1-96.
pub const AES256_CTS_HMAC_SHA1_96: i32 = 18;
/// rc4-hmac.
pub const RC4_HMAC: i32 = 23;

/// Length of the truncated HMAC-SHA1 of the AES types.
pub const AES_MAC_LEN: usize = 12;

/// RFC 3961 n-fold: stretches or folds `input` to `out_len` bytes.
pub fn nfold(input: &[u8], out_len: usize) -> Vec<u8> {
    let in_len = input.len();
    if in_len == 0 || out_len == 0 {
        return vec![0; out_len];
    }
    let lcm = {
        let (mut a, mut b) = (in_len, out_len);
        while b != 0 {
            (a, b) = (b, a % b);
        }
        in_len / a * out_len
    };
    let in_bits = in_len * 8;
    let mut out = vec![0u8; out_len];
    let mut carry: u32 = 0;
    // Walk the lcm-byte string of rotated copies from its last byte, adding with carry
    // (ones' complement addition, the carry wrapping around at the end).
    for i in (0..lcm).rev() {
        let copy = i / in_len;
        let rot = 13 * copy % in_bits;
        // Bit position in the input of the msb of byte i of this rotated copy.
        let pos = i % in_len;
        let start = (pos * 8 + in_bits - rot) % in_bits;
        let mut byte = 0u32;
        for b in 0..8 {
            let bit = (start + b) % in_bits;
            let v = (input[bit / 8] >> (7 - bit % 8)) & 1;
            byte = (byte << 1) | u32::from(v);
        }
        carry += u32::from(out[i % out_len]) + byte;
        out[i % out_len] = carry as u8;
        carry >>= 8;
    }
    // End-around carry.
    let mut i = out_len;
    while carry != 0 {
        i = if i == 0 { out_len - 1 } else { i - 1 };
        carry += u32::from(out[i]);
        out[i] = carry as u8;
        carry >>= 8;
    }
    out
}

enum Aes {
    A128(Box<aes::Aes128>),
    A256(Box<aes::Aes256>),
}

impl Aes {
    fn new(key: &[u8]) -> Result<Aes> {
        match key.len() {
            16 => Ok(Aes::A128(Box::new(aes::Aes128::new(key.into())))),
            32 => Ok(Aes::A256(Box::new(aes::Aes256::new(key.into())))),
            n => Err(Error::Unsupported {
                what: "AES key length",
                value: n as i64,
            }),
        }
    }
    fn enc(&self, b: &mut [u8; 16]) {
        let blk = aes::Block::from_mut_slice(b);
        match self {
            Aes::A128(c) => c.encrypt_block(blk),
            Aes::A256(c) => c.encrypt_block(blk),
        }
    }
    fn dec(&self, b: &mut [u8; 16]) {
        let blk = aes::Block::from_mut_slice(b);
        match self {
            Aes::A128(c) => c.decrypt_block(blk),
            Aes::A256(c) => c.decrypt_block(blk),
        }
    }
}

fn xor16(a: &mut [u8; 16], b: &[u8]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x ^= y;
    }
}

/// AES-CBC with ciphertext stealing (RFC 3962: the last two blocks swapped, the last one
/// truncated), zero IV; at least one block.
pub fn aes_cts_encrypt(key: &[u8], data: &mut [u8]) -> Result<()> {
    let c = Aes::new(key)?;
    let n = data.len();
    if n < 16 {
        return Err(Error::Invalid {
            what: "AES-CTS input",
            offset: 0,
            reason: "shorter than one block",
        });
    }
    let mut prev = [0u8; 16];
    let blocks = n.div_ceil(16);
    for i in 0..blocks {
        let s = i * 16;
        let e = (s + 16).min(n);
        let mut b = [0u8; 16];
        b[..e - s].copy_from_slice(&data[s..e]);
        xor16(&mut b, &prev);
        c.enc(&mut b);
        if i + 1 == blocks && blocks > 1 {
            // C_n = b goes where C_{n-1} was; C_{n-1} truncated goes last.
            let r = e - s;
            let pstart = s - 16;
            data[s..e].copy_from_slice(&prev[..r]);
            data[pstart..s].copy_from_slice(&b);
        } else {
            data[s..e].copy_from_slice(&b[..e - s]);
        }
        prev = b;
    }
    Ok(())
}

/// The inverse of [`aes_cts_encrypt`].
pub fn aes_cts_decrypt(key: &[u8], data: &mut [u8]) -> Result<()> {
    let c = Aes::new(key)?;
    let n = data.len();
    if n < 16 {
        return Err(Error::Invalid {
            what: "AES-CTS input",
            offset: 0,
            reason: "shorter than one block",
        });
    }
    let blocks = n.div_ceil(16);
    if blocks == 1 {
        let mut b = [0u8; 16];
        b.copy_from_slice(data);
        c.dec(&mut b);
        data.copy_from_slice(&b);
        return Ok(());
    }
    let mut prev = [0u8; 16];
    for i in 0..blocks - 2 {
        let s = i * 16;
        let mut cb = [0u8; 16];
        cb.copy_from_slice(&data[s..s + 16]);
        let mut b = cb;
        c.dec(&mut b);
        xor16(&mut b, &prev);
        data[s..s + 16].copy_from_slice(&b);
        prev = cb;
    }
    let s = (blocks - 2) * 16;
    let r = n - s - 16;
    let mut cn = [0u8; 16];
    cn.copy_from_slice(&data[s..s + 16]);
    let mut d = cn;
    c.dec(&mut d);
    // C_{n-1} = the truncated last block followed by the tail of D.
    let mut cn1 = d;
    cn1[..r].copy_from_slice(&data[s + 16..]);
    let mut last = [0u8; 16];
    for j in 0..r {
        last[j] = d[j] ^ data[s + 16 + j];
    }
    let mut p = cn1;
    c.dec(&mut p);
    xor16(&mut p, &prev);
    data[s..s + 16].copy_from_slice(&p);
    data[s + 16..].copy_from_slice(&last[..r]);
    Ok(())
}

/// A Kerberos protocol key of one of the supported encryption types.
#[derive(Clone, PartialEq, Eq, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct Key {
    /// Encryption type.
    #[zeroize(skip)]
    pub etype: i32,
    /// Key bytes.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key(etype {})", self.etype)
    }
}

fn key_len(etype: i32) -> Result<usize> {
    match etype {
        AES128_CTS_HMAC_SHA1_96 | RC4_HMAC => Ok(16),
        AES256_CTS_HMAC_SHA1_96 => Ok(32),
        e => Err(Error::Unsupported {
            what: "Kerberos encryption type",
            value: e as i64,
        }),
    }
}

impl Key {
    /// A key of `etype` from its bytes (the length must fit the type).
    pub fn new(etype: i32, bytes: &[u8]) -> Result<Key> {
        if bytes.len() != key_len(etype)? {
            return Err(Error::Invalid {
                what: "Kerberos key length",
                offset: 0,
                reason: "does not match the encryption type",
            });
        }
        Ok(Key {
            etype,
            bytes: bytes.to_vec(),
        })
    }

    /// string-to-key: PBKDF2-HMAC-SHA1 then DK(., "kerberos") for AES (RFC 3962 section 4,
    /// `iterations` 4096 by default); the NT hash for RC4-HMAC (salt ignored).
    pub fn from_password(etype: i32, password: &[u8], salt: &[u8], iterations: u32) -> Result<Key> {
        match etype {
            RC4_HMAC => Ok(Key {
                etype,
                bytes: crate::ntlm::nt_hash(&String::from_utf8_lossy(password))
                    .0
                    .to_vec(),
            }),
            AES128_CTS_HMAC_SHA1_96 | AES256_CTS_HMAC_SHA1_96 => {
                let n = key_len(etype)?;
                let mut tkey = Zeroizing::new(vec![0u8; n]);
                pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut tkey);
                let base = Key {
                    etype,
                    bytes: tkey.to_vec(),
                };
                Ok(Key {
                    etype,
                    bytes: base.dr(b"kerberos")?.to_vec(),
                })
            }
            e => Err(Error::Unsupported {
                what: "Kerberos encryption type",
                value: e as i64,
            }),
        }
    }

    /// DR(key, constant): AES of the n-folded constant, iterated to the key length.
    fn dr(&self, constant: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let c = Aes::new(&self.bytes)?;
        let n = self.bytes.len();
        let mut block = [0u8; 16];
        block.copy_from_slice(&nfold(constant, 16));
        let mut out = Zeroizing::new(Vec::with_capacity(n));
        while out.len() < n {
            c.enc(&mut block);
            let take = (n - out.len()).min(16);
            out.extend_from_slice(&block[..take]);
        }
        Ok(out)
    }

    /// DK(key, usage || byte): the derived keys Ke (0xAA), Ki (0x55) and Kc (0x99).
    pub fn derive(&self, usage: u32, which: u8) -> Result<Key> {
        let mut c = [0u8; 5];
        c[..4].copy_from_slice(&usage.to_be_bytes());
        c[4] = which;
        Ok(Key {
            etype: self.etype,
            bytes: self.dr(&c)?.to_vec(),
        })
    }

    /// Encrypts `plain` for key usage `usage` with the given confounder (16 bytes for AES,
    /// 8 for RC4-HMAC); returns the ciphertext as carried in EncryptedData.cipher.
    pub fn encrypt(&self, usage: u32, confounder: &[u8], plain: &[u8]) -> Result<Vec<u8>> {
        match self.etype {
            RC4_HMAC => {
                let k1 = hmac_md5(&self.bytes, &[&rc4_usage(usage).to_le_bytes()]);
                let mut data = Vec::with_capacity(8 + plain.len());
                data.extend_from_slice(&confounder[..8.min(confounder.len())]);
                data.extend_from_slice(plain);
                let cks = hmac_md5(&k1, &[&data]);
                let k3 = hmac_md5(&k1, &[&cks]);
                rc4_oneshot(&k3, &mut data)?;
                let mut out = cks.to_vec();
                out.extend_from_slice(&data);
                Ok(out)
            }
            _ => {
                let ke = self.derive(usage, 0xaa)?;
                let ki = self.derive(usage, 0x55)?;
                let mut data = Vec::with_capacity(16 + plain.len() + AES_MAC_LEN);
                data.extend_from_slice(&confounder[..16.min(confounder.len())]);
                data.extend_from_slice(plain);
                let mac = hmac_sha1(&ki.bytes, &[&data]);
                aes_cts_encrypt(&ke.bytes, &mut data)?;
                data.extend_from_slice(&mac[..AES_MAC_LEN]);
                Ok(data)
            }
        }
    }

    /// Decrypts EncryptedData.cipher for key usage `usage`, checks its integrity and returns
    /// the plaintext without the confounder. A wrong key or altered data is
    /// [`Error::IntegrityCheckFailed`].
    pub fn decrypt(&self, usage: u32, cipher: &[u8]) -> Result<Vec<u8>> {
        match self.etype {
            RC4_HMAC => {
                if cipher.len() < 24 {
                    return Err(Error::Truncated {
                        what: "RC4-HMAC ciphertext",
                        offset: 0,
                        needed: 24,
                        available: cipher.len(),
                    });
                }
                let k1 = hmac_md5(&self.bytes, &[&rc4_usage(usage).to_le_bytes()]);
                let k3 = hmac_md5(&k1, &[&cipher[..16]]);
                let mut data = cipher[16..].to_vec();
                rc4_oneshot(&k3, &mut data)?;
                if !ct_eq(&hmac_md5(&k1, &[&data]), &cipher[..16]) {
                    return Err(Error::IntegrityCheckFailed {
                        what: "RC4-HMAC checksum",
                    });
                }
                data.drain(..8);
                Ok(data)
            }
            _ => {
                if cipher.len() < 16 + AES_MAC_LEN {
                    return Err(Error::Truncated {
                        what: "AES-CTS-HMAC-SHA1-96 ciphertext",
                        offset: 0,
                        needed: 16 + AES_MAC_LEN,
                        available: cipher.len(),
                    });
                }
                let ke = self.derive(usage, 0xaa)?;
                let ki = self.derive(usage, 0x55)?;
                let (body, mac) = cipher.split_at(cipher.len() - AES_MAC_LEN);
                let mut data = body.to_vec();
                aes_cts_decrypt(&ke.bytes, &mut data)?;
                if !ct_eq(&hmac_sha1(&ki.bytes, &[&data])[..AES_MAC_LEN], mac) {
                    return Err(Error::IntegrityCheckFailed {
                        what: "AES-CTS-HMAC-SHA1-96 checksum",
                    });
                }
                data.drain(..16);
                Ok(data)
            }
        }
    }
}

/// RFC 4757 section 3: the message types RC4-HMAC uses instead of some key usages.
fn rc4_usage(usage: u32) -> u32 {
    match usage {
        3 => 8,
        9 => 8,
        23 => 13,
        u => u,
    }
}
