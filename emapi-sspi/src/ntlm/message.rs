//! NEGOTIATE, CHALLENGE and AUTHENTICATE messages (MS-NLMP 2.2.1) as borrowed views.
//!
//! Payload fields are located through (length, max length, offset) triples. A view keeps the
//! raw message; [`encode`](Negotiate::encode) lays the payload out in the order the decoded
//! offsets had (header order for values built by hand), which reproduces every message whose
//! fields are packed without gaps, as Windows, Samba and impacket send them.

use super::avpair::AvPairs;
use super::flags;
use crate::error::{Error, Result};
use crate::wire::Cursor;
use crate::Limits;

/// "NTLMSSP\0".
pub const SIGNATURE: [u8; 8] = *b"NTLMSSP\0";

/// The VERSION structure (MS-NLMP 2.2.2.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Version {
    /// ProductMajorVersion.
    pub major: u8,
    /// ProductMinorVersion.
    pub minor: u8,
    /// ProductBuild.
    pub build: u16,
    /// Reserved bytes, kept for exact re-encoding.
    pub reserved: [u8; 3],
    /// NTLMRevisionCurrent (15 today).
    pub revision: u8,
}

impl Version {
    fn read(c: &mut Cursor<'_>) -> Result<Version> {
        Ok(Version {
            major: c.u8("VERSION.ProductMajorVersion")?,
            minor: c.u8("VERSION.ProductMinorVersion")?,
            build: c.u16("VERSION.ProductBuild")?,
            reserved: c.array("VERSION.Reserved")?,
            revision: c.u8("VERSION.NTLMRevisionCurrent")?,
        })
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.push(self.major);
        out.push(self.minor);
        out.extend_from_slice(&self.build.to_le_bytes());
        out.extend_from_slice(&self.reserved);
        out.push(self.revision);
    }
}

/// Reads a (Len, MaxLen, BufferOffset) triple and returns the field's bytes and offset.
fn field<'a>(
    msg: &'a [u8],
    c: &mut Cursor<'_>,
    what: &'static str,
    limit: usize,
) -> Result<(&'a [u8], u32)> {
    let at = c.offset();
    let len = c.u16(what)? as usize;
    let _max = c.u16(what)?;
    let off = c.u32(what)?;
    if len > limit {
        return Err(Error::LimitExceeded {
            what,
            limit,
            actual: len,
        });
    }
    let start = off as usize;
    match start.checked_add(len) {
        Some(end) if end <= msg.len() => Ok((&msg[start..end], off)),
        _ if len == 0 => Ok((&[], off)),
        _ => Err(Error::Truncated {
            what,
            offset: at,
            needed: start.saturating_add(len),
            available: msg.len(),
        }),
    }
}

/// Where the fixed part ends: the lowest offset of a non-empty payload field, or the message
/// length when every field is empty. Optional header parts (Version, MIC) live below it.
fn header_end(msg_len: usize, fields: &[(&[u8], u32)]) -> usize {
    fields
        .iter()
        .filter(|(v, _)| !v.is_empty())
        .map(|(_, o)| *o as usize)
        .min()
        .unwrap_or(msg_len)
        .min(msg_len)
}

/// How a message's payload was laid out: the order of the fields and where empty fields
/// pointed (senders disagree: some write 0, some the current end of the payload).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PayloadLayout<const N: usize> {
    /// Field indexes (header order) in payload order.
    pub order: [u8; N],
    /// For each empty field, the offset it carried; `None` writes the running position.
    pub empty_offsets: [Option<u32>; N],
}

impl<const N: usize> Default for PayloadLayout<N> {
    fn default() -> Self {
        PayloadLayout {
            order: std::array::from_fn(|i| i as u8),
            empty_offsets: [None; N],
        }
    }
}

fn layout_of<const N: usize>(fields: &[(&[u8], u32); N]) -> PayloadLayout<N> {
    PayloadLayout {
        order: order_of(fields),
        empty_offsets: std::array::from_fn(|i| fields[i].0.is_empty().then_some(fields[i].1)),
    }
}

/// Payload order: indexes of the fields sorted by decoded offset (stable, so ties and empty
/// fields keep header order).
fn order_of<const N: usize>(fields: &[(&[u8], u32); N]) -> [u8; N] {
    let mut idx: [u8; N] = std::array::from_fn(|i| i as u8);
    idx.sort_by_key(|&i| {
        let (v, o) = fields[i as usize];
        if v.is_empty() {
            u64::MAX
        } else {
            o as u64
        }
    });
    idx
}

/// Writes the (Len, MaxLen, Offset) triples for `fields` laid out from `start` in `order`,
/// then the payload. `header` holds everything before the first triple; `between` is called to
/// write the header parts that sit after the triples.
fn layout<const N: usize>(
    out: &mut Vec<u8>,
    fields: &[&[u8]; N],
    lay: &PayloadLayout<N>,
    start: usize,
    mut between: impl FnMut(&mut Vec<u8>, usize),
    triples_at: usize,
) -> Result<()> {
    let offsets = offsets_for(fields, lay, start)?;
    for (i, f) in fields.iter().enumerate() {
        let len = u16::try_from(f.len()).map_err(|_| Error::LimitExceeded {
            what: "NTLM payload field length",
            limit: u16::MAX as usize,
            actual: f.len(),
        })?;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&offsets[i].to_le_bytes());
        if i == triples_at {
            between(out, i);
        }
    }
    for &i in &lay.order {
        out.extend_from_slice(fields[i as usize]);
    }
    Ok(())
}

fn offsets_for<const N: usize>(
    fields: &[&[u8]; N],
    lay: &PayloadLayout<N>,
    start: usize,
) -> Result<[u32; N]> {
    let mut offsets = [0u32; N];
    let mut pos = start;
    for &i in &lay.order {
        let i = i as usize;
        let f = fields.get(i).ok_or(Error::Invalid {
            what: "PayloadLayout.order",
            offset: 0,
            reason: "field index out of range",
        })?;
        offsets[i] = match (f.is_empty(), lay.empty_offsets[i]) {
            (true, Some(o)) => o,
            _ => u32::try_from(pos).map_err(|_| Error::LimitExceeded {
                what: "NTLM payload offset",
                limit: u32::MAX as usize,
                actual: pos,
            })?,
        };
        pos += f.len();
    }
    Ok(offsets)
}

fn check_header(c: &mut Cursor<'_>, ty: u32) -> Result<()> {
    if c.array::<8>("NTLMSSP.Signature")? != SIGNATURE {
        return Err(Error::Invalid {
            what: "NTLMSSP.Signature",
            offset: 0,
            reason: "not \"NTLMSSP\\0\"",
        });
    }
    let t = c.u32("NTLMSSP.MessageType")?;
    if t != ty {
        return Err(Error::Invalid {
            what: "NTLMSSP.MessageType",
            offset: 8,
            reason: "unexpected message type",
        });
    }
    Ok(())
}

fn check_len(msg: &[u8], limits: &Limits) -> Result<()> {
    if msg.len() > limits.max_token_len {
        return Err(Error::LimitExceeded {
            what: "NTLM message length",
            limit: limits.max_token_len,
            actual: msg.len(),
        });
    }
    Ok(())
}

/// Text of a UTF-16LE field (lossy, for display).
pub fn utf16_lossy(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// NEGOTIATE_MESSAGE (type 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negotiate<'a> {
    /// NegotiateFlags.
    pub flags: u32,
    /// DomainName (OEM).
    pub domain: &'a [u8],
    /// Workstation (OEM).
    pub workstation: &'a [u8],
    /// Version, when the header has room for it.
    pub version: Option<Version>,
    /// Payload layout for re-encoding.
    pub layout: PayloadLayout<2>,
}

impl<'a> Negotiate<'a> {
    /// Decodes a NEGOTIATE message. Very old clients send only the 16-byte prefix.
    pub fn decode(msg: &'a [u8], limits: &Limits) -> Result<Self> {
        check_len(msg, limits)?;
        let mut c = Cursor::new(msg);
        check_header(&mut c, 1)?;
        let flags = c.u32("NEGOTIATE.NegotiateFlags")?;
        if c.is_empty() {
            return Ok(Negotiate {
                flags,
                domain: &[],
                workstation: &[],
                version: None,
                layout: PayloadLayout::default(),
            });
        }
        let lim = limits.max_token_len;
        let d = field(msg, &mut c, "NEGOTIATE.DomainNameFields", lim)?;
        let w = field(msg, &mut c, "NEGOTIATE.WorkstationFields", lim)?;
        let end = header_end(msg.len(), &[d, w]);
        let version = if end >= 40 {
            Some(Version::read(&mut c)?)
        } else {
            None
        };
        Ok(Negotiate {
            flags,
            domain: d.0,
            workstation: w.0,
            version,
            layout: layout_of(&[d, w]),
        })
    }

    /// Appends the message.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&SIGNATURE);
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&self.flags.to_le_bytes());
        let start = 32 + if self.version.is_some() { 8 } else { 0 };
        let v = self.version;
        layout(
            out,
            &[self.domain, self.workstation],
            &self.layout,
            start,
            |o, _| {
                if let Some(v) = v {
                    v.write(o)
                }
            },
            1,
        )
    }
}

/// CHALLENGE_MESSAGE (type 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge<'a> {
    /// TargetName.
    pub target_name: &'a [u8],
    /// NegotiateFlags.
    pub flags: u32,
    /// ServerChallenge.
    pub server_challenge: [u8; 8],
    /// Reserved, kept for exact re-encoding.
    pub reserved: [u8; 8],
    /// TargetInfo: the raw AV_PAIR list.
    pub target_info: &'a [u8],
    /// Version, when the header has room for it.
    pub version: Option<Version>,
    /// Payload layout for re-encoding.
    pub layout: PayloadLayout<2>,
}

impl<'a> Challenge<'a> {
    /// Decodes a CHALLENGE message.
    pub fn decode(msg: &'a [u8], limits: &Limits) -> Result<Self> {
        check_len(msg, limits)?;
        let mut c = Cursor::new(msg);
        check_header(&mut c, 2)?;
        let lim = limits.max_token_len;
        let t = field(msg, &mut c, "CHALLENGE.TargetNameFields", lim)?;
        let flags = c.u32("CHALLENGE.NegotiateFlags")?;
        let server_challenge = c.array("CHALLENGE.ServerChallenge")?;
        // The minimal form (Windows 2003 and older peers) ends here.
        if c.is_empty() {
            return Ok(Challenge {
                target_name: t.0,
                flags,
                server_challenge,
                reserved: [0; 8],
                target_info: &[],
                version: None,
                layout: PayloadLayout::default(),
            });
        }
        let reserved = c.array("CHALLENGE.Reserved")?;
        let i = field(msg, &mut c, "CHALLENGE.TargetInfoFields", lim)?;
        let end = header_end(msg.len(), &[t, i]);
        let version = if end >= 56 {
            Some(Version::read(&mut c)?)
        } else {
            None
        };
        Ok(Challenge {
            target_name: t.0,
            flags,
            server_challenge,
            reserved,
            target_info: i.0,
            version,
            layout: layout_of(&[t, i]),
        })
    }

    /// The TargetInfo attributes.
    pub fn av_pairs(&self, limits: &Limits) -> Result<AvPairs<'a>> {
        AvPairs::decode(self.target_info, limits.max_av_pairs)
    }

    /// Appends the message (always the full form with Reserved and TargetInfoFields).
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&SIGNATURE);
        out.extend_from_slice(&2u32.to_le_bytes());
        let start = 48 + if self.version.is_some() { 8 } else { 0 };
        let fields = [self.target_name, self.target_info];
        let offsets = offsets_for(&fields, &self.layout, start)?;
        let triple = |out: &mut Vec<u8>, i: usize| -> Result<()> {
            let len = u16::try_from(fields[i].len()).map_err(|_| Error::LimitExceeded {
                what: "CHALLENGE payload field length",
                limit: u16::MAX as usize,
                actual: fields[i].len(),
            })?;
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&offsets[i].to_le_bytes());
            Ok(())
        };
        triple(out, 0)?;
        out.extend_from_slice(&self.flags.to_le_bytes());
        out.extend_from_slice(&self.server_challenge);
        out.extend_from_slice(&self.reserved);
        triple(out, 1)?;
        if let Some(v) = &self.version {
            v.write(out);
        }
        for &i in &self.layout.order {
            out.extend_from_slice(fields[i as usize]);
        }
        Ok(())
    }
}

/// AUTHENTICATE_MESSAGE (type 3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authenticate<'a> {
    /// LmChallengeResponse.
    pub lm_response: &'a [u8],
    /// NtChallengeResponse: 24 bytes for NTLMv1, an NTLMv2_RESPONSE otherwise.
    pub nt_response: &'a [u8],
    /// DomainName.
    pub domain: &'a [u8],
    /// UserName.
    pub user: &'a [u8],
    /// Workstation.
    pub workstation: &'a [u8],
    /// EncryptedRandomSessionKey (with NTLMSSP_NEGOTIATE_KEY_EXCH).
    pub encrypted_session_key: &'a [u8],
    /// NegotiateFlags.
    pub flags: u32,
    /// Version, when the header has room for it.
    pub version: Option<Version>,
    /// MIC, when the header has room for it.
    pub mic: Option<[u8; 16]>,
    /// Payload layout for re-encoding.
    pub layout: PayloadLayout<6>,
}

/// Offset of the MIC in an AUTHENTICATE message that carries one.
pub const MIC_OFFSET: usize = 72;

impl<'a> Authenticate<'a> {
    /// Decodes an AUTHENTICATE message.
    pub fn decode(msg: &'a [u8], limits: &Limits) -> Result<Self> {
        check_len(msg, limits)?;
        let mut c = Cursor::new(msg);
        check_header(&mut c, 3)?;
        let lim = limits.max_token_len;
        let lm = field(msg, &mut c, "AUTHENTICATE.LmChallengeResponseFields", lim)?;
        let nt = field(msg, &mut c, "AUTHENTICATE.NtChallengeResponseFields", lim)?;
        let d = field(msg, &mut c, "AUTHENTICATE.DomainNameFields", lim)?;
        let u = field(msg, &mut c, "AUTHENTICATE.UserNameFields", lim)?;
        let w = field(msg, &mut c, "AUTHENTICATE.WorkstationFields", lim)?;
        let k = field(
            msg,
            &mut c,
            "AUTHENTICATE.EncryptedRandomSessionKeyFields",
            lim,
        )?;
        let flags = c.u32("AUTHENTICATE.NegotiateFlags")?;
        let fields = [lm, nt, d, u, w, k];
        let end = header_end(msg.len(), &fields);
        let version = if end >= 72 {
            Some(Version::read(&mut c)?)
        } else {
            None
        };
        let mic = if end >= 88 {
            Some(c.array("AUTHENTICATE.MIC")?)
        } else {
            None
        };
        Ok(Authenticate {
            lm_response: lm.0,
            nt_response: nt.0,
            domain: d.0,
            user: u.0,
            workstation: w.0,
            encrypted_session_key: k.0,
            flags,
            version,
            mic,
            layout: layout_of(&fields),
        })
    }

    /// `DOMAIN\user` as text (Unicode or OEM per the flags).
    pub fn principal(&self) -> String {
        let t = |b: &[u8]| {
            if self.flags & flags::UNICODE != 0 {
                utf16_lossy(b)
            } else {
                String::from_utf8_lossy(b).into_owned()
            }
        };
        format!("{}\\{}", t(self.domain), t(self.user))
    }

    /// The user name as text.
    pub fn user_text(&self) -> String {
        if self.flags & flags::UNICODE != 0 {
            utf16_lossy(self.user)
        } else {
            String::from_utf8_lossy(self.user).into_owned()
        }
    }

    /// The domain name as text.
    pub fn domain_text(&self) -> String {
        if self.flags & flags::UNICODE != 0 {
            utf16_lossy(self.domain)
        } else {
            String::from_utf8_lossy(self.domain).into_owned()
        }
    }

    /// The NTLMv2 response, when the NtChallengeResponse is one (longer than 24 bytes).
    pub fn ntlmv2_response(&self) -> Result<Option<NtlmV2Response<'a>>> {
        if self.nt_response.len() <= 24 {
            return Ok(None);
        }
        NtlmV2Response::decode(self.nt_response).map(Some)
    }

    /// Appends the message.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(&SIGNATURE);
        out.extend_from_slice(&3u32.to_le_bytes());
        let start =
            64 + if self.version.is_some() || self.mic.is_some() {
                8
            } else {
                0
            } + if self.mic.is_some() { 16 } else { 0 };
        let (flags, version, mic) = (self.flags, self.version, self.mic);
        layout(
            out,
            &[
                self.lm_response,
                self.nt_response,
                self.domain,
                self.user,
                self.workstation,
                self.encrypted_session_key,
            ],
            &self.layout,
            start,
            |o, _| {
                o.extend_from_slice(&flags.to_le_bytes());
                if version.is_some() || mic.is_some() {
                    version.unwrap_or_default().write(o);
                }
                if let Some(m) = mic {
                    o.extend_from_slice(&m);
                }
            },
            5,
        )
    }
}

/// NTLMv2_RESPONSE (MS-NLMP 2.2.2.8): NTProofStr followed by the client challenge blob.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NtlmV2Response<'a> {
    /// NTProofStr.
    pub nt_proof: [u8; 16],
    /// The NTLMv2_CLIENT_CHALLENGE as sent ("temp" in MS-NLMP 3.3.2).
    pub blob: &'a [u8],
    /// TimeStamp of the blob.
    pub timestamp: u64,
    /// ChallengeFromClient.
    pub client_challenge: [u8; 8],
    /// The AV_PAIR list of the blob (raw).
    pub av_pairs: &'a [u8],
}

impl<'a> NtlmV2Response<'a> {
    /// Decodes the response.
    pub fn decode(b: &'a [u8]) -> Result<Self> {
        let mut c = Cursor::new(b);
        let nt_proof = c.array("NTLMv2_RESPONSE.Response")?;
        let blob = &b[16..];
        let rt = c.u8("NTLMv2_CLIENT_CHALLENGE.RespType")?;
        let _hi = c.u8("NTLMv2_CLIENT_CHALLENGE.HiRespType")?;
        if rt != 1 {
            return Err(Error::Invalid {
                what: "NTLMv2_CLIENT_CHALLENGE.RespType",
                offset: 16,
                reason: "must be 1",
            });
        }
        c.take(6, "NTLMv2_CLIENT_CHALLENGE.Reserved")?;
        let timestamp = c.u64("NTLMv2_CLIENT_CHALLENGE.TimeStamp")?;
        let client_challenge = c.array("NTLMv2_CLIENT_CHALLENGE.ChallengeFromClient")?;
        c.take(4, "NTLMv2_CLIENT_CHALLENGE.Reserved3")?;
        Ok(NtlmV2Response {
            nt_proof,
            blob,
            timestamp,
            client_challenge,
            av_pairs: c.rest(),
        })
    }
}

/// Any NTLMSSP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NtlmMessage<'a> {
    /// Type 1.
    Negotiate(Negotiate<'a>),
    /// Type 2.
    Challenge(Challenge<'a>),
    /// Type 3.
    Authenticate(Authenticate<'a>),
}

impl<'a> NtlmMessage<'a> {
    /// Decodes a message of any type.
    pub fn decode(msg: &'a [u8], limits: &Limits) -> Result<Self> {
        let mut c = Cursor::new(msg);
        c.array::<8>("NTLMSSP.Signature")?;
        match c.u32("NTLMSSP.MessageType")? {
            1 => Negotiate::decode(msg, limits).map(NtlmMessage::Negotiate),
            2 => Challenge::decode(msg, limits).map(NtlmMessage::Challenge),
            3 => Authenticate::decode(msg, limits).map(NtlmMessage::Authenticate),
            t => Err(Error::Unsupported {
                what: "NTLMSSP.MessageType",
                value: t as i64,
            }),
        }
    }

    /// True when `b` starts with the NTLMSSP signature.
    pub fn is_ntlmssp(b: &[u8]) -> bool {
        b.starts_with(&SIGNATURE)
    }
}
