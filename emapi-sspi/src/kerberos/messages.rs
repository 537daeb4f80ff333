//! The Kerberos messages of an application exchange (RFC 4120 section 5.5): KRB_AP_REQ with its
//! Ticket and Authenticator, KRB_AP_REP with its EncAPRepPart, and the GSS-API framing
//! (RFC 1964 section 1.1, RFC 4121 section 4.1) they travel in.
//!
//! Only the fields needed to follow the keys are kept; every other field is checked for
//! well-formed DER and skipped.

use crate::der::{DerReader, Tlv};
use crate::error::{Error, Result};
use crate::spnego::{OID_KRB5, OID_MS_KRB5};

/// `GSS_C_DELEG_FLAG`..`GSS_C_INTEG_FLAG` and `GSS_C_DCE_STYLE` of the authenticator checksum
/// (RFC 4121 section 4.1.1.1, MS-KILE 3.2.5.2).
pub mod gss_flags {
    /// Delegation.
    pub const DELEG: u32 = 0x01;
    /// Mutual authentication.
    pub const MUTUAL: u32 = 0x02;
    /// Replay detection.
    pub const REPLAY: u32 = 0x04;
    /// Sequencing.
    pub const SEQUENCE: u32 = 0x08;
    /// Confidentiality.
    pub const CONF: u32 = 0x10;
    /// Integrity.
    pub const INTEG: u32 = 0x20;
    /// DCE style: a third leg (the client's AP-REP) completes the exchange.
    pub const DCE_STYLE: u32 = 0x1000;
}

/// A name: `name-string` components and `name-type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalName {
    /// KRB5_NT_* value.
    pub name_type: i64,
    /// The components (`["exchangeMDB", "mail.example.test"]`).
    pub components: Vec<String>,
}

/// EncryptedData: an encryption type, an optional key version and the ciphertext.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncryptedData<'a> {
    /// Encryption type.
    pub etype: i32,
    /// Key version number.
    pub kvno: Option<u32>,
    /// The ciphertext.
    pub cipher: &'a [u8],
}

/// The clear part of a Ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket<'a> {
    /// The service's realm.
    pub realm: String,
    /// The service principal.
    pub sname: PrincipalName,
    /// EncTicketPart, encrypted in the service key (key usage 2).
    pub enc_part: EncryptedData<'a>,
}

/// KRB_AP_REQ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApReq<'a> {
    /// ap-options (first 32 bits, most significant first).
    pub ap_options: u32,
    /// The ticket.
    pub ticket: Ticket<'a>,
    /// The Authenticator, encrypted in the ticket's session key (key usage 11).
    pub authenticator: EncryptedData<'a>,
}

/// `mutual-required` in ap-options.
pub const AP_OPTION_MUTUAL_REQUIRED: u32 = 0x2000_0000;

/// KRB_AP_REP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApRep<'a> {
    /// EncAPRepPart, encrypted in the ticket's session key (key usage 12).
    pub enc_part: EncryptedData<'a>,
}

/// A key as carried in EncTicketPart, Authenticator and EncAPRepPart.
#[derive(Clone, PartialEq, Eq, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct EncryptionKey {
    /// keytype.
    #[zeroize(skip)]
    pub keytype: i32,
    /// keyvalue.
    pub keyvalue: Vec<u8>,
}

impl std::fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EncryptionKey(keytype {})", self.keytype)
    }
}

/// The decrypted EncTicketPart (the fields this crate uses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncTicketPart {
    /// The session key.
    pub key: EncryptionKey,
    /// The client's realm.
    pub crealm: String,
    /// The client.
    pub cname: PrincipalName,
}

/// The checksum of type 0x8003 an initiator puts in its authenticator (RFC 4121 4.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GssChecksum {
    /// The channel binding hash.
    pub bnd: [u8; 16],
    /// The context flags ([`gss_flags`]).
    pub flags: u32,
}

/// The decrypted Authenticator (the fields this crate uses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authenticator {
    /// The client's realm.
    pub crealm: String,
    /// The client.
    pub cname: PrincipalName,
    /// The GSS checksum, when the checksum is of type 0x8003.
    pub gss: Option<GssChecksum>,
    /// The initiator's subkey.
    pub subkey: Option<EncryptionKey>,
    /// The initiator's first sequence number.
    pub seq_number: Option<u32>,
}

/// The decrypted EncAPRepPart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncApRepPart {
    /// The acceptor's subkey.
    pub subkey: Option<EncryptionKey>,
    /// The sender's first sequence number.
    pub seq_number: Option<u32>,
}

/// What a Kerberos authentication token holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KrbMessage<'a> {
    /// An AP-REQ.
    ApReq(ApReq<'a>),
    /// An AP-REP.
    ApRep(ApRep<'a>),
    /// A KRB-ERROR, with its error-code when readable.
    Error(Option<i64>),
}

fn seq<'a>(t: Tlv<'a>, what: &'static str) -> Result<DerReader<'a>> {
    if t.tag != 0x30 {
        return Err(Error::Invalid {
            what,
            offset: t.offset,
            reason: "not a SEQUENCE",
        });
    }
    Ok(t.inner())
}

/// `[n] X` read from a SEQUENCE: the inner TLV.
fn field<'a>(r: &mut DerReader<'a>, n: u8, what: &'static str) -> Result<Tlv<'a>> {
    r.expect(0xa0 | n, what)?.explicit(what)
}

fn opt_field<'a>(r: &mut DerReader<'a>, n: u8, what: &'static str) -> Result<Option<Tlv<'a>>> {
    match r.optional(0xa0 | n, what)? {
        Some(t) => Ok(Some(t.explicit(what)?)),
        None => Ok(None),
    }
}

fn int(t: Tlv<'_>, what: &'static str) -> Result<i64> {
    if t.tag != 0x02 {
        return Err(Error::Invalid {
            what,
            offset: t.offset,
            reason: "not an INTEGER",
        });
    }
    t.integer(what)
}

fn int32(t: Tlv<'_>, what: &'static str) -> Result<i32> {
    let v = int(t, what)?;
    i32::try_from(v).map_err(|_| Error::Invalid {
        what,
        offset: t.offset,
        reason: "outside Int32",
    })
}

/// UInt32; some encoders write values above 2^31 as negative Int32, which is accepted.
fn uint32(t: Tlv<'_>, what: &'static str) -> Result<u32> {
    let v = int(t, what)?;
    if (-(1i64 << 31)..(1i64 << 32)).contains(&v) {
        Ok(v as u32)
    } else {
        Err(Error::Invalid {
            what,
            offset: t.offset,
            reason: "outside UInt32",
        })
    }
}

fn string(t: Tlv<'_>, what: &'static str) -> Result<String> {
    // GeneralString (0x1b) in practice; UTF8String and IA5String are accepted too.
    if !matches!(t.tag, 0x1b | 0x0c | 0x16) {
        return Err(Error::Invalid {
            what,
            offset: t.offset,
            reason: "not a KerberosString",
        });
    }
    Ok(String::from_utf8_lossy(t.value).into_owned())
}

fn octets<'a>(t: Tlv<'a>, what: &'static str) -> Result<&'a [u8]> {
    if t.tag != 0x04 {
        return Err(Error::Invalid {
            what,
            offset: t.offset,
            reason: "not an OCTET STRING",
        });
    }
    Ok(t.value)
}

fn principal(t: Tlv<'_>, what: &'static str) -> Result<PrincipalName> {
    let mut s = seq(t, what)?;
    let name_type = int(field(&mut s, 0, "PrincipalName.name-type")?, what)?;
    let list = field(&mut s, 1, "PrincipalName.name-string")?;
    let mut l = seq(list, "PrincipalName.name-string")?;
    let mut components = Vec::new();
    while !l.is_empty() {
        // Bounded by the token: every component takes at least two bytes.
        components.push(string(l.read(what)?, what)?);
    }
    Ok(PrincipalName {
        name_type,
        components,
    })
}

fn encrypted<'a>(t: Tlv<'a>, what: &'static str) -> Result<EncryptedData<'a>> {
    let mut s = seq(t, what)?;
    let etype = int32(field(&mut s, 0, "EncryptedData.etype")?, what)?;
    let kvno = opt_field(&mut s, 1, "EncryptedData.kvno")?
        .map(|k| uint32(k, "EncryptedData.kvno"))
        .transpose()?;
    let cipher = octets(field(&mut s, 2, "EncryptedData.cipher")?, what)?;
    Ok(EncryptedData {
        etype,
        kvno,
        cipher,
    })
}

fn key(t: Tlv<'_>, what: &'static str) -> Result<EncryptionKey> {
    let mut s = seq(t, what)?;
    let keytype = int32(field(&mut s, 0, "EncryptionKey.keytype")?, what)?;
    let keyvalue = octets(field(&mut s, 1, "EncryptionKey.keyvalue")?, what)?.to_vec();
    Ok(EncryptionKey { keytype, keyvalue })
}

/// The SEQUENCE inside `[APPLICATION n]`.
fn application<'a>(
    buf: &'a [u8],
    tag: u8,
    base: usize,
    what: &'static str,
) -> Result<DerReader<'a>> {
    let mut r = DerReader::new(buf, base);
    let app = r.expect(tag, what)?;
    seq(app.explicit(what)?, what)
}

fn ticket<'a>(t: Tlv<'a>) -> Result<Ticket<'a>> {
    let mut r = t.inner();
    let app = r.expect(0x61, "Ticket")?;
    let mut s = seq(app.explicit("Ticket")?, "Ticket")?;
    let vno = int(field(&mut s, 0, "Ticket.tkt-vno")?, "Ticket.tkt-vno")?;
    if vno != 5 {
        return Err(Error::Unsupported {
            what: "Ticket.tkt-vno",
            value: vno,
        });
    }
    let realm = string(field(&mut s, 1, "Ticket.realm")?, "Ticket.realm")?;
    let sname = principal(field(&mut s, 2, "Ticket.sname")?, "Ticket.sname")?;
    let enc_part = encrypted(field(&mut s, 3, "Ticket.enc-part")?, "Ticket.enc-part")?;
    Ok(Ticket {
        realm,
        sname,
        enc_part,
    })
}

fn pvno_msg_type(s: &mut DerReader<'_>, want: i64, what: &'static str) -> Result<()> {
    let pvno = int(field(s, 0, what)?, what)?;
    if pvno != 5 {
        return Err(Error::Unsupported {
            what: "Kerberos pvno",
            value: pvno,
        });
    }
    let t = field(s, 1, what)?;
    if int(t, what)? != want {
        return Err(Error::Invalid {
            what,
            offset: t.offset,
            reason: "msg-type does not match the application tag",
        });
    }
    Ok(())
}

impl<'a> ApReq<'a> {
    /// Decodes a bare KRB_AP_REQ (`6e ...`); `base` is its offset for error reports.
    pub fn decode(buf: &'a [u8], base: usize) -> Result<Self> {
        let mut s = application(buf, 0x6e, base, "AP-REQ")?;
        pvno_msg_type(&mut s, 14, "AP-REQ.msg-type")?;
        let opts = field(&mut s, 2, "AP-REQ.ap-options")?;
        let mut ap_options = 0u32;
        if opts.tag != 0x03 || opts.value.is_empty() {
            return Err(Error::Invalid {
                what: "AP-REQ.ap-options",
                offset: opts.offset,
                reason: "not a BIT STRING",
            });
        }
        for (i, b) in opts.value[1..].iter().take(4).enumerate() {
            ap_options |= u32::from(*b) << (24 - 8 * i);
        }
        let t = s.expect(0xa3, "AP-REQ.ticket")?;
        let ticket = ticket(t)?;
        let authenticator = encrypted(
            field(&mut s, 4, "AP-REQ.authenticator")?,
            "AP-REQ.authenticator",
        )?;
        Ok(ApReq {
            ap_options,
            ticket,
            authenticator,
        })
    }
}

impl<'a> ApRep<'a> {
    /// Decodes a bare KRB_AP_REP (`6f ...`).
    pub fn decode(buf: &'a [u8], base: usize) -> Result<Self> {
        let mut s = application(buf, 0x6f, base, "AP-REP")?;
        pvno_msg_type(&mut s, 15, "AP-REP.msg-type")?;
        let enc_part = encrypted(field(&mut s, 2, "AP-REP.enc-part")?, "AP-REP.enc-part")?;
        Ok(ApRep { enc_part })
    }
}

impl EncTicketPart {
    /// Decodes the plaintext of Ticket.enc-part.
    pub fn decode(buf: &[u8]) -> Result<Self> {
        let mut s = application(buf, 0x63, 0, "EncTicketPart")?;
        field(&mut s, 0, "EncTicketPart.flags")?;
        let key = key(field(&mut s, 1, "EncTicketPart.key")?, "EncTicketPart.key")?;
        let crealm = string(
            field(&mut s, 2, "EncTicketPart.crealm")?,
            "EncTicketPart.crealm",
        )?;
        let cname = principal(
            field(&mut s, 3, "EncTicketPart.cname")?,
            "EncTicketPart.cname",
        )?;
        Ok(EncTicketPart { key, crealm, cname })
    }
}

impl Authenticator {
    /// Decodes the plaintext of AP-REQ.authenticator.
    pub fn decode(buf: &[u8]) -> Result<Self> {
        let mut s = application(buf, 0x62, 0, "Authenticator")?;
        let vno = int(field(&mut s, 0, "Authenticator.authenticator-vno")?, "vno")?;
        if vno != 5 {
            return Err(Error::Unsupported {
                what: "Authenticator.authenticator-vno",
                value: vno,
            });
        }
        let crealm = string(field(&mut s, 1, "Authenticator.crealm")?, "crealm")?;
        let cname = principal(field(&mut s, 2, "Authenticator.cname")?, "cname")?;
        let mut gss = None;
        if let Some(c) = opt_field(&mut s, 3, "Authenticator.cksum")? {
            let mut cs = seq(c, "Checksum")?;
            let ctype = int(field(&mut cs, 0, "Checksum.cksumtype")?, "cksumtype")?;
            let body = octets(field(&mut cs, 1, "Checksum.checksum")?, "checksum")?;
            if ctype == 0x8003 {
                gss = Some(gss_checksum(body)?);
            }
        }
        field(&mut s, 4, "Authenticator.cusec")?;
        field(&mut s, 5, "Authenticator.ctime")?;
        let subkey = opt_field(&mut s, 6, "Authenticator.subkey")?
            .map(|k| key(k, "Authenticator.subkey"))
            .transpose()?;
        let seq_number = opt_field(&mut s, 7, "Authenticator.seq-number")?
            .map(|k| uint32(k, "Authenticator.seq-number"))
            .transpose()?;
        Ok(Authenticator {
            crealm,
            cname,
            gss,
            subkey,
            seq_number,
        })
    }
}

fn gss_checksum(b: &[u8]) -> Result<GssChecksum> {
    if b.len() < 24 {
        return Err(Error::Truncated {
            what: "GSS checksum (type 0x8003)",
            offset: 0,
            needed: 24,
            available: b.len(),
        });
    }
    let lgth = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    if lgth != 16 {
        return Err(Error::Invalid {
            what: "GSS checksum Lgth",
            offset: 0,
            reason: "not 16",
        });
    }
    let mut bnd = [0u8; 16];
    bnd.copy_from_slice(&b[4..20]);
    let flags = u32::from_le_bytes([b[20], b[21], b[22], b[23]]);
    Ok(GssChecksum { bnd, flags })
}

impl EncApRepPart {
    /// Decodes the plaintext of AP-REP.enc-part.
    pub fn decode(buf: &[u8]) -> Result<Self> {
        let mut s = application(buf, 0x7b, 0, "EncAPRepPart")?;
        field(&mut s, 0, "EncAPRepPart.ctime")?;
        field(&mut s, 1, "EncAPRepPart.cusec")?;
        let subkey = opt_field(&mut s, 2, "EncAPRepPart.subkey")?
            .map(|k| key(k, "EncAPRepPart.subkey"))
            .transpose()?;
        let seq_number = opt_field(&mut s, 3, "EncAPRepPart.seq-number")?
            .map(|k| uint32(k, "EncAPRepPart.seq-number"))
            .transpose()?;
        Ok(EncApRepPart { subkey, seq_number })
    }
}

impl<'a> KrbMessage<'a> {
    /// Decodes a Kerberos authentication token: the GSS-API initial or subsequent context
    /// token (`60 len 06 09 <krb5 OID> TOK_ID message`) or a bare AP-REQ / AP-REP / KRB-ERROR.
    pub fn decode(buf: &'a [u8]) -> Result<Self> {
        let (msg, base) = if buf.first() == Some(&0x60) {
            let mut r = DerReader::new(buf, 0);
            let outer = r.expect(0x60, "GSS-API InitialContextToken")?;
            let mut i = outer.inner();
            let oid = i.expect(0x06, "GSS-API thisMech")?;
            if oid.value != OID_KRB5 && oid.value != OID_MS_KRB5 {
                return Err(Error::Invalid {
                    what: "GSS-API thisMech",
                    offset: oid.offset,
                    reason: "not a Kerberos 5 OID",
                });
            }
            let start = oid.offset + oid.raw.len();
            let inner = &buf[start..outer.offset + outer.raw.len()];
            if inner.len() < 2 {
                return Err(Error::Truncated {
                    what: "GSS-API TOK_ID",
                    offset: start,
                    needed: 2,
                    available: inner.len(),
                });
            }
            let want = match inner[..2] {
                [1, 0] => 0x6e,
                [2, 0] => 0x6f,
                [3, 0] => 0x7e,
                _ => {
                    return Err(Error::Invalid {
                        what: "GSS-API TOK_ID",
                        offset: start,
                        reason: "not AP-REQ, AP-REP or KRB-ERROR",
                    })
                }
            };
            if inner.get(2) != Some(&want) {
                return Err(Error::Invalid {
                    what: "GSS-API innerContextToken",
                    offset: start + 2,
                    reason: "message does not match TOK_ID",
                });
            }
            (&inner[2..], start + 2)
        } else {
            (buf, 0)
        };
        match msg.first() {
            Some(0x6e) => Ok(KrbMessage::ApReq(ApReq::decode(msg, base)?)),
            Some(0x6f) => Ok(KrbMessage::ApRep(ApRep::decode(msg, base)?)),
            Some(0x7e) => {
                let code = application(msg, 0x7e, base, "KRB-ERROR")
                    .ok()
                    .and_then(|mut s| {
                        while let Ok(t) = s.read("KRB-ERROR") {
                            if t.tag == 0xa6 {
                                return t.explicit("error-code").ok()?.integer("error-code").ok();
                            }
                        }
                        None
                    });
                Ok(KrbMessage::Error(code))
            }
            _ => Err(Error::Invalid {
                what: "Kerberos token",
                offset: base,
                reason: "neither AP-REQ, AP-REP nor KRB-ERROR",
            }),
        }
    }
}
