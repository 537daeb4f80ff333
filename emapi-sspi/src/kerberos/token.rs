//! Per-message tokens as DCE/RPC carries them in the auth_value of request, response and fault
//! PDUs: RFC 4121 Wrap (`05 04`) and MIC (`04 04`) tokens of the AES types, and RFC 4757 Wrap
//! (`02 01`) and MIC (`01 01`) tokens of RC4-HMAC.
//!
//! DCE/RPC keeps the stub in place: a sealed stub is encrypted where it lies and everything
//! else the token needs goes into the auth_value. For RFC 4121 that is done by rotating the
//! ciphertext right by RRC + EC (MS-KILE 3.4.5.4.1): the auth_value holds the 16-byte token
//! header followed by the first RRC + EC + 16 rotated bytes, the PDU body the rest. The
//! checksum covers, in order, the confounder, the PDU header (with header signing), the stub
//! and its padding, the sec_trailer (with header signing), the EC filler and the header copy;
//! only the confounder, stub, filler and header copy are encrypted. RC4-HMAC likewise checks
//! the header and trailer between confounder and stub when header signing is on.

use zeroize::Zeroizing;

use super::crypto::{aes_cts_decrypt, aes_cts_encrypt, Key, AES_MAC_LEN, RC4_HMAC};
use crate::crypto::{ct_eq, hmac_md5, hmac_sha1, md5, Rc4};
use crate::error::{Error, Result};
use crate::Direction;

/// RFC 4121 Wrap token identifier.
pub const TOK_WRAP: [u8; 2] = [0x05, 0x04];
/// RFC 4121 MIC token identifier.
pub const TOK_MIC: [u8; 2] = [0x04, 0x04];
/// RFC 4757 (RFC 1964) Wrap token identifier.
pub const TOK_RC4_WRAP: [u8; 2] = [0x02, 0x01];
/// RFC 4757 (RFC 1964) MIC token identifier.
pub const TOK_RC4_MIC: [u8; 2] = [0x01, 0x01];

/// RFC 4121 token flags.
pub mod flags {
    /// The acceptor sent the token.
    pub const SENT_BY_ACCEPTOR: u8 = 0x01;
    /// The payload is encrypted.
    pub const SEALED: u8 = 0x02;
    /// The acceptor's subkey protects the token.
    pub const ACCEPTOR_SUBKEY: u8 = 0x04;
}

/// RFC 4121 section 2 key usages.
const KG_USAGE_ACCEPTOR_SEAL: u32 = 22;
const KG_USAGE_ACCEPTOR_SIGN: u32 = 23;
const KG_USAGE_INITIATOR_SEAL: u32 = 24;
const KG_USAGE_INITIATOR_SIGN: u32 = 25;

/// Length of the RFC 4121 token header.
pub const HDR_LEN: usize = 16;
/// The confounder of the AES types.
const CONF_LEN: usize = 16;
/// The RRC Windows uses for sealed DCE tokens: header copy plus checksum.
pub const DCE_RRC_SEALED: u16 = 28;

/// `60 2b 06 09 <krb5 OID>` / `60 23 ...`: the GSS framing RFC 4757 tokens carry in DCE.
const GSS_RC4_OID_TLV: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02,
];

/// Everything of a protected PDU a token covers.
pub(crate) struct Parts<'b> {
    /// PDU header and request/response header, signed with header signing.
    pub pre: &'b [u8],
    /// The stub and its padding: decrypted / encrypted in place.
    pub body: &'b mut [u8],
    /// The sec_trailer, signed with header signing.
    pub post: &'b [u8],
}

fn usage(dir: Direction, seal: bool) -> u32 {
    match (dir, seal) {
        (Direction::ToServer, true) => KG_USAGE_INITIATOR_SEAL,
        (Direction::ToServer, false) => KG_USAGE_INITIATOR_SIGN,
        (Direction::ToClient, true) => KG_USAGE_ACCEPTOR_SEAL,
        (Direction::ToClient, false) => KG_USAGE_ACCEPTOR_SIGN,
    }
}

fn truncated(what: &'static str, needed: usize, available: usize) -> Error {
    Error::Truncated {
        what,
        offset: 0,
        needed,
        available,
    }
}

/// The header of an RFC 4121 token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cfx {
    /// `05 04` or `04 04`.
    pub tok_id: [u8; 2],
    /// [`flags`].
    pub flags: u8,
    /// Extra count (Wrap only).
    pub ec: u16,
    /// Right rotation count (Wrap only).
    pub rrc: u16,
    /// The sender's sequence number.
    pub seq: u64,
}

impl Cfx {
    /// Reads the 16-byte header of a Wrap or MIC token.
    pub fn parse(tok: &[u8]) -> Result<Cfx> {
        if tok.len() < HDR_LEN {
            return Err(truncated("RFC 4121 token header", HDR_LEN, tok.len()));
        }
        let tok_id = [tok[0], tok[1]];
        let flags = tok[2];
        let (ec, rrc) = match tok_id {
            TOK_WRAP => {
                if tok[3] != 0xff {
                    return Err(Error::Invalid {
                        what: "RFC 4121 Wrap token filler",
                        offset: 3,
                        reason: "not 0xff",
                    });
                }
                (
                    u16::from_be_bytes([tok[4], tok[5]]),
                    u16::from_be_bytes([tok[6], tok[7]]),
                )
            }
            TOK_MIC => {
                if tok[3..8] != [0xff; 5] {
                    return Err(Error::Invalid {
                        what: "RFC 4121 MIC token filler",
                        offset: 3,
                        reason: "not five 0xff bytes",
                    });
                }
                (0, 0)
            }
            _ => {
                return Err(Error::Invalid {
                    what: "RFC 4121 TOK_ID",
                    offset: 0,
                    reason: "neither Wrap (05 04) nor MIC (04 04)",
                })
            }
        };
        if flags & !0x07 != 0 {
            return Err(Error::Invalid {
                what: "RFC 4121 token flags",
                offset: 2,
                reason: "reserved bits set",
            });
        }
        let mut s = [0u8; 8];
        s.copy_from_slice(&tok[8..16]);
        Ok(Cfx {
            tok_id,
            flags,
            ec,
            rrc,
            seq: u64::from_be_bytes(s),
        })
    }

    /// The 16 header bytes, with EC and RRC as given.
    pub fn bytes(&self, ec: u16, rrc: u16) -> [u8; HDR_LEN] {
        let mut h = [0xffu8; HDR_LEN];
        h[..2].copy_from_slice(&self.tok_id);
        h[2] = self.flags;
        if self.tok_id == TOK_WRAP {
            h[4..6].copy_from_slice(&ec.to_be_bytes());
            h[6..8].copy_from_slice(&rrc.to_be_bytes());
        }
        h[8..].copy_from_slice(&self.seq.to_be_bytes());
        h
    }
}

fn hmac_parts(ki: &Key, parts: &[&[u8]]) -> [u8; 20] {
    hmac_sha1(&ki.bytes, parts)
}

/// Checks an RFC 4121 token against the direction it travels in.
pub(crate) fn check_cfx_direction(h: &Cfx, dir: Direction) -> Result<()> {
    let by_acceptor = h.flags & flags::SENT_BY_ACCEPTOR != 0;
    if by_acceptor != (dir == Direction::ToClient) {
        return Err(Error::Invalid {
            what: "RFC 4121 token flags",
            offset: 2,
            reason: "SentByAcceptor does not match the direction",
        });
    }
    Ok(())
}

/// Verifies (and decrypts in place) an RFC 4121 token; returns its sequence number.
pub(crate) fn cfx_unwrap(key: &Key, dir: Direction, tok: &[u8], p: Parts<'_>) -> Result<u64> {
    let h = Cfx::parse(tok)?;
    check_cfx_direction(&h, dir)?;
    let rest = &tok[HDR_LEN..];
    if h.tok_id == TOK_MIC {
        if rest.len() != AES_MAC_LEN {
            return Err(Error::Invalid {
                what: "RFC 4121 MIC token checksum",
                offset: HDR_LEN,
                reason: "not 12 bytes",
            });
        }
        let kc = key.derive(usage(dir, false), 0x99)?;
        let hdr = h.bytes(0, 0);
        let mac = hmac_parts(&kc, &[p.pre, p.body, p.post, &hdr]);
        if !ct_eq(&mac[..AES_MAC_LEN], rest) {
            return Err(Error::IntegrityCheckFailed {
                what: "RFC 4121 MIC token checksum",
            });
        }
        return Ok(h.seq);
    }
    if h.flags & flags::SEALED == 0 {
        // Integrity only: plaintext | checksum rotated by RRC, the checksum in the auth_value.
        if h.ec as usize != AES_MAC_LEN || h.rrc as usize != AES_MAC_LEN {
            return Err(Error::Invalid {
                what: "RFC 4121 Wrap token EC/RRC",
                offset: 4,
                reason: "an unsealed DCE token keeps its 12-byte checksum in the auth_value",
            });
        }
        if rest.len() != AES_MAC_LEN {
            return Err(Error::Invalid {
                what: "RFC 4121 Wrap token checksum",
                offset: HDR_LEN,
                reason: "not 12 bytes",
            });
        }
        let kc = key.derive(usage(dir, false), 0x99)?;
        let hdr = h.bytes(0, 0);
        let mac = hmac_parts(&kc, &[p.pre, p.body, p.post, &hdr]);
        if !ct_eq(&mac[..AES_MAC_LEN], rest) {
            return Err(Error::IntegrityCheckFailed {
                what: "RFC 4121 Wrap token checksum",
            });
        }
        return Ok(h.seq);
    }
    // Sealed: R = auth_value[16..] | body is the ciphertext rotated right by RRC + EC.
    let ec = h.ec as usize;
    let total = rest.len() + p.body.len();
    let fixed = CONF_LEN + ec + HDR_LEN + AES_MAC_LEN;
    if rest.len() != CONF_LEN + ec + h.rrc as usize || total < fixed {
        return Err(Error::Invalid {
            what: "RFC 4121 Wrap token RRC/EC",
            offset: 4,
            reason: "the rotation does not leave exactly the stub in the PDU body",
        });
    }
    let k = (h.rrc as usize + ec) % total;
    let mut c = Zeroizing::new(Vec::with_capacity(total));
    // Rotating left by k undoes the right rotation.
    let r = |i: usize| -> u8 {
        if i < rest.len() {
            rest[i]
        } else {
            p.body[i - rest.len()]
        }
    };
    if k < rest.len() {
        c.extend_from_slice(&rest[k..]);
        c.extend_from_slice(p.body);
        c.extend_from_slice(&rest[..k]);
    } else {
        for i in 0..total {
            c.push(r((i + k) % total));
        }
    }
    let (enc, mac) = c.split_at_mut(total - AES_MAC_LEN);
    let ke = key.derive(usage(dir, true), 0xaa)?;
    let ki = key.derive(usage(dir, true), 0x55)?;
    aes_cts_decrypt(&ke.bytes, enc)?;
    let n = enc.len() - CONF_LEN - ec - HDR_LEN;
    let (conf, after) = enc.split_at(CONF_LEN);
    let (data, tail) = after.split_at(n);
    let want = hmac_parts(&ki, &[conf, p.pre, data, p.post, tail]);
    if !ct_eq(&want[..AES_MAC_LEN], mac) {
        return Err(Error::IntegrityCheckFailed {
            what: "RFC 4121 Wrap token checksum",
        });
    }
    if tail[ec..] != h.bytes(h.ec, 0) {
        return Err(Error::IntegrityCheckFailed {
            what: "RFC 4121 Wrap token header copy",
        });
    }
    if n != p.body.len() {
        return Err(Error::Invalid {
            what: "RFC 4121 Wrap token RRC/EC",
            offset: 4,
            reason: "the rotation does not leave exactly the stub in the PDU body",
        });
    }
    p.body.copy_from_slice(data);
    Ok(h.seq)
}

/// Produces an RFC 4121 token for a PDU (encrypting `p.body` in place when `seal`), with
/// EC 0 and the DCE rotation. The confounder is derived from the integrity key, the sequence
/// number and the plaintext (no random source is used: the crate does no I/O).
pub(crate) fn cfx_wrap(
    key: &Key,
    dir: Direction,
    acceptor_subkey: bool,
    seq: u64,
    seal: bool,
    p: Parts<'_>,
) -> Result<Vec<u8>> {
    let mut fl = if dir == Direction::ToClient {
        flags::SENT_BY_ACCEPTOR
    } else {
        0
    };
    if acceptor_subkey {
        fl |= flags::ACCEPTOR_SUBKEY;
    }
    if !seal {
        let h = Cfx {
            tok_id: TOK_MIC,
            flags: fl,
            ec: 0,
            rrc: 0,
            seq,
        };
        let kc = key.derive(usage(dir, false), 0x99)?;
        let hdr = h.bytes(0, 0);
        let mac = hmac_parts(&kc, &[p.pre, p.body, p.post, &hdr]);
        let mut out = hdr.to_vec();
        out.extend_from_slice(&mac[..AES_MAC_LEN]);
        return Ok(out);
    }
    let h = Cfx {
        tok_id: TOK_WRAP,
        flags: fl | flags::SEALED,
        ec: 0,
        rrc: DCE_RRC_SEALED,
        seq,
    };
    let ke = key.derive(usage(dir, true), 0xaa)?;
    let ki = key.derive(usage(dir, true), 0x55)?;
    let inner = h.bytes(0, 0);
    let conf_src = hmac_parts(&ki, &[b"confounder", &seq.to_be_bytes(), p.body]);
    let conf = &conf_src[..CONF_LEN];
    let mac = hmac_parts(&ki, &[conf, p.pre, p.body, p.post, &inner]);
    let n = p.body.len();
    let mut plain = Zeroizing::new(Vec::with_capacity(CONF_LEN + n + HDR_LEN));
    plain.extend_from_slice(conf);
    plain.extend_from_slice(p.body);
    plain.extend_from_slice(&inner);
    aes_cts_encrypt(&ke.bytes, &mut plain)?;
    let mut c = plain.to_vec();
    c.extend_from_slice(&mac[..AES_MAC_LEN]);
    // Rotate right by RRC: the last 28 bytes go first.
    let total = c.len();
    let k = DCE_RRC_SEALED as usize;
    let mut out = h.bytes(0, DCE_RRC_SEALED).to_vec();
    out.extend_from_slice(&c[total - k..]);
    out.extend_from_slice(&c[..CONF_LEN]);
    p.body.copy_from_slice(&c[CONF_LEN..total - k]);
    Ok(out)
}

/// An RFC 4757 token with its GSS framing removed.
struct Rc4Tok<'t> {
    hdr8: &'t [u8],
    sealed: bool,
    wrap: bool,
    snd_seq: &'t [u8],
    cksum: &'t [u8],
    conf: &'t [u8],
}

fn rc4_parse(tok: &[u8]) -> Result<Rc4Tok<'_>> {
    let t = if tok.first() == Some(&0x60) {
        if tok.len() < 2 + GSS_RC4_OID_TLV.len() {
            return Err(truncated("RFC 4757 GSS header", 13, tok.len()));
        }
        if tok[2..13] != GSS_RC4_OID_TLV {
            return Err(Error::Invalid {
                what: "RFC 4757 GSS header",
                offset: 2,
                reason: "not the Kerberos 5 OID",
            });
        }
        &tok[13..]
    } else {
        tok
    };
    if t.len() < 2 {
        return Err(truncated("RFC 4757 TOK_ID", 2, t.len()));
    }
    let wrap = match [t[0], t[1]] {
        TOK_RC4_WRAP => true,
        TOK_RC4_MIC => false,
        _ => {
            return Err(Error::Invalid {
                what: "RFC 4757 TOK_ID",
                offset: 0,
                reason: "neither Wrap (02 01) nor MIC (01 01)",
            })
        }
    };
    let need = if wrap { 32 } else { 24 };
    if t.len() != need {
        return Err(Error::Invalid {
            what: "RFC 4757 token",
            offset: 0,
            reason: "not 32 (Wrap) or 24 (MIC) bytes",
        });
    }
    if t[2..4] != [0x11, 0x00] {
        return Err(Error::Unsupported {
            what: "RFC 4757 SGN_ALG",
            value: i64::from(u16::from_le_bytes([t[2], t[3]])),
        });
    }
    let sealed = if wrap {
        match [t[4], t[5]] {
            [0x10, 0x00] => true,
            [0xff, 0xff] => false,
            _ => {
                return Err(Error::Unsupported {
                    what: "RFC 4757 SEAL_ALG",
                    value: i64::from(u16::from_le_bytes([t[4], t[5]])),
                })
            }
        }
    } else {
        false
    };
    let filler_ok = if wrap {
        t[6..8] == [0xff, 0xff]
    } else {
        t[4..8] == [0xff; 4]
    };
    if !filler_ok {
        return Err(Error::Invalid {
            what: "RFC 4757 token filler",
            offset: 4,
            reason: "not 0xff",
        });
    }
    Ok(Rc4Tok {
        hdr8: &t[..8],
        sealed,
        wrap,
        snd_seq: &t[8..16],
        cksum: &t[16..24],
        conf: if wrap { &t[24..32] } else { &[] },
    })
}

fn rc4_seq_key(key: &[u8], cksum: &[u8]) -> [u8; 16] {
    let k = hmac_md5(key, &[&0u32.to_le_bytes()]);
    hmac_md5(&k, &[cksum])
}

fn rc4_crypt_key(key: &[u8], seq_be: &[u8]) -> Zeroizing<[u8; 16]> {
    let mut local = Zeroizing::new([0u8; 16]);
    for (l, k) in local.iter_mut().zip(key) {
        *l = k ^ 0xf0;
    }
    let k = hmac_md5(&local[..], &[&0u32.to_le_bytes()]);
    Zeroizing::new(hmac_md5(&k, &[seq_be]))
}

fn rc4_cksum(key: &[u8], salt: u32, hdr8: &[u8], conf: &[u8], p: &Parts<'_>) -> [u8; 16] {
    let ksign = hmac_md5(key, &[b"signaturekey\0"]);
    let d = md5(&[&salt.to_le_bytes(), hdr8, conf, p.pre, p.body, p.post]);
    hmac_md5(&ksign, &[&d])
}

fn dir_bytes(dir: Direction) -> [u8; 4] {
    match dir {
        Direction::ToServer => [0; 4],
        Direction::ToClient => [0xff; 4],
    }
}

/// Verifies (and decrypts in place) an RFC 4757 token; returns its sequence number.
pub(crate) fn rc4_unwrap(key: &Key, dir: Direction, tok: &[u8], p: Parts<'_>) -> Result<u64> {
    if key.etype != RC4_HMAC {
        return Err(Error::Invalid {
            what: "RFC 4757 token",
            offset: 0,
            reason: "the context key is not RC4-HMAC",
        });
    }
    let t = rc4_parse(tok)?;
    let mut seq = [0u8; 8];
    seq.copy_from_slice(t.snd_seq);
    Rc4::new(&rc4_seq_key(&key.bytes, t.cksum))?.apply(&mut seq);
    let mut conf = [0u8; 8];
    conf[..t.conf.len()].copy_from_slice(t.conf);
    let mut plain_body = None;
    if t.sealed {
        let kc = rc4_crypt_key(&key.bytes, &seq[..4]);
        let mut c = Rc4::new(&kc[..])?;
        c.apply(&mut conf);
        let mut b = Zeroizing::new(p.body.to_vec());
        c.apply(&mut b);
        plain_body = Some(b);
    }
    let salt = if t.wrap { 13 } else { 15 };
    let check = Parts {
        pre: p.pre,
        body: match &mut plain_body {
            Some(b) => &mut b[..],
            None => &mut *p.body,
        },
        post: p.post,
    };
    let cks = rc4_cksum(&key.bytes, salt, t.hdr8, &conf[..t.conf.len()], &check);
    if !ct_eq(&cks[..8], t.cksum) {
        return Err(Error::IntegrityCheckFailed {
            what: "RFC 4757 SGN_CKSUM",
        });
    }
    if seq[4..] != dir_bytes(dir) {
        return Err(Error::Invalid {
            what: "RFC 4757 SND_SEQ direction",
            offset: 12,
            reason: "does not match the direction the PDU travels",
        });
    }
    if let Some(b) = plain_body {
        p.body.copy_from_slice(&b);
    }
    Ok(u64::from(u32::from_be_bytes([
        seq[0], seq[1], seq[2], seq[3],
    ])))
}

/// Produces an RFC 4757 token (with its DCE GSS framing) for a PDU: a Wrap token sealing
/// `p.body` in place when `seal`, a MIC token otherwise.
pub(crate) fn rc4_wrap(
    key: &Key,
    dir: Direction,
    seq: u32,
    seal: bool,
    p: Parts<'_>,
) -> Result<Vec<u8>> {
    let hdr8: [u8; 8] = if seal {
        [0x02, 0x01, 0x11, 0x00, 0x10, 0x00, 0xff, 0xff]
    } else {
        [0x01, 0x01, 0x11, 0x00, 0xff, 0xff, 0xff, 0xff]
    };
    let mut snd = [0u8; 8];
    snd[..4].copy_from_slice(&seq.to_be_bytes());
    snd[4..].copy_from_slice(&dir_bytes(dir));
    let conf_src = hmac_md5(&key.bytes, &[b"confounder", &seq.to_be_bytes(), p.body]);
    let mut conf = [0u8; 8];
    if seal {
        conf.copy_from_slice(&conf_src[..8]);
    }
    let salt = if seal { 13 } else { 15 };
    let conf_used: &[u8] = if seal { &conf } else { &[] };
    let cks = rc4_cksum(&key.bytes, salt, &hdr8, conf_used, &p);
    if seal {
        let kc = rc4_crypt_key(&key.bytes, &seq.to_be_bytes());
        let mut c = Rc4::new(&kc[..])?;
        c.apply(&mut conf);
        c.apply(p.body);
    }
    Rc4::new(&rc4_seq_key(&key.bytes, &cks[..8]))?.apply(&mut snd);
    let body_len = if seal { 32 } else { 24 };
    let mut out = vec![0x60, (GSS_RC4_OID_TLV.len() + body_len) as u8];
    out.extend_from_slice(&GSS_RC4_OID_TLV);
    out.extend_from_slice(&hdr8);
    out.extend_from_slice(&snd);
    out.extend_from_slice(&cks[..8]);
    if seal {
        out.extend_from_slice(&conf);
    }
    Ok(out)
}

/// Length of the auth_value a context produces.
pub(crate) fn token_len(etype: i32, seal: bool) -> usize {
    match (etype == RC4_HMAC, seal) {
        (true, true) => 45,
        (true, false) => 37,
        (false, true) => HDR_LEN + DCE_RRC_SEALED as usize + CONF_LEN,
        (false, false) => HDR_LEN + AES_MAC_LEN,
    }
}
