//! SPNEGO (RFC 4178, with the NegTokenInit2 of MS-SPNG) as carried by DCE/RPC auth_type 9.

use crate::der::{DerReader, Tlv};
use crate::error::{Error, Result};
use crate::Limits;

/// DER of the SPNEGO OID 1.3.6.1.5.5.2.
pub const OID_SPNEGO: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x02];
/// DER of the NTLMSSP OID 1.3.6.1.4.1.311.2.2.10.
pub const OID_NTLM: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a];
/// DER of the Kerberos 5 OID 1.2.840.113554.1.2.2.
pub const OID_KRB5: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02];
/// DER of Microsoft's legacy Kerberos OID 1.2.840.48018.1.2.2.
pub const OID_MS_KRB5: &[u8] = &[0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02];

/// A security mechanism SPNEGO can select.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mech {
    /// NTLMSSP.
    Ntlm,
    /// Kerberos 5 (either OID).
    Kerberos,
    /// Anything else.
    Unknown,
}

impl Mech {
    /// The mechanism an OID (DER contents) names.
    pub fn from_oid(oid: &[u8]) -> Mech {
        match oid {
            OID_NTLM => Mech::Ntlm,
            OID_KRB5 | OID_MS_KRB5 => Mech::Kerberos,
            _ => Mech::Unknown,
        }
    }
}

/// Which token form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// NegTokenInit inside the GSS-API initial context token.
    Init,
    /// NegTokenInit2 (MS-SPNG 2.2.1): negHints present.
    Init2,
    /// NegTokenResp.
    Resp,
}

/// A decoded NegotiationToken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NegToken<'a> {
    /// The form.
    pub kind: Kind,
    /// mechTypes (OID contents), for the initial token.
    pub mech_types: Vec<&'a [u8]>,
    /// The DER of the whole mechTypes SEQUENCE: what mechListMIC signs.
    pub mech_types_der: Option<&'a [u8]>,
    /// The first proposed mechanism (init) or supportedMech (resp).
    pub mech: Option<Mech>,
    /// negState of a response (0 accept-completed, 1 accept-incomplete, 2 reject,
    /// 3 request-mic).
    pub neg_state: Option<i64>,
    /// mechToken (init) or responseToken (resp).
    pub mech_token: Option<&'a [u8]>,
    /// mechListMIC.
    pub mech_list_mic: Option<&'a [u8]>,
}

impl<'a> NegToken<'a> {
    /// Decodes an initial token (`60 ...`) or a response (`a1 ...`).
    pub fn decode(buf: &'a [u8], limits: &Limits) -> Result<Self> {
        if buf.len() > limits.max_token_len {
            return Err(Error::LimitExceeded {
                what: "SPNEGO token length",
                limit: limits.max_token_len,
                actual: buf.len(),
            });
        }
        let mut r = DerReader::new(buf, 0);
        let outer = r.read("NegotiationToken")?;
        match outer.tag {
            0x60 => {
                let mut i = outer.inner();
                let oid = i.expect(0x06, "InitialContextToken.thisMech")?;
                if oid.value != OID_SPNEGO {
                    return Err(Error::Invalid {
                        what: "InitialContextToken.thisMech",
                        offset: oid.offset,
                        reason: "not the SPNEGO OID",
                    });
                }
                let init = i.expect(0xa0, "negTokenInit")?;
                Self::init(init)
            }
            0xa0 => Self::init(outer),
            0xa1 => Self::resp(outer),
            _ => Err(Error::Invalid {
                what: "NegotiationToken",
                offset: 0,
                reason: "neither an initial token nor negTokenResp",
            }),
        }
    }

    fn init(t: Tlv<'a>) -> Result<Self> {
        let seq = t.explicit("NegTokenInit")?;
        if seq.tag != 0x30 {
            return Err(Error::Invalid {
                what: "NegTokenInit",
                offset: seq.offset,
                reason: "not a SEQUENCE",
            });
        }
        let mut s = seq.inner();
        let mut tok = NegToken {
            kind: Kind::Init,
            mech_types: Vec::new(),
            mech_types_der: None,
            mech: None,
            neg_state: None,
            mech_token: None,
            mech_list_mic: None,
        };
        if let Some(mt) = s.optional(0xa0, "NegTokenInit.mechTypes")? {
            let list = mt.explicit("MechTypeList")?;
            tok.mech_types_der = Some(list.raw);
            let mut l = list.inner();
            while !l.is_empty() {
                let o = l.expect(0x06, "MechType")?;
                // Bounded by the token length: each OID takes at least two bytes.
                tok.mech_types.push(o.value);
            }
            tok.mech = tok.mech_types.first().map(|o| Mech::from_oid(o));
        }
        s.optional(0xa1, "NegTokenInit.reqFlags")?;
        if let Some(t) = s.optional(0xa2, "NegTokenInit.mechToken")? {
            tok.mech_token = Some(t.explicit("mechToken")?.value);
        }
        if let Some(t) = s.optional(0xa3, "NegTokenInit.mechListMIC or negHints")? {
            let v = t.explicit("mechListMIC")?;
            if v.tag == 0x30 {
                tok.kind = Kind::Init2;
            } else {
                tok.mech_list_mic = Some(v.value);
            }
        }
        if let Some(t) = s.optional(0xa4, "NegTokenInit2.mechListMIC")? {
            tok.mech_list_mic = Some(t.explicit("mechListMIC")?.value);
        }
        Ok(tok)
    }

    fn resp(t: Tlv<'a>) -> Result<Self> {
        let seq = t.explicit("NegTokenResp")?;
        let mut s = seq.inner();
        let mut tok = NegToken {
            kind: Kind::Resp,
            mech_types: Vec::new(),
            mech_types_der: None,
            mech: None,
            neg_state: None,
            mech_token: None,
            mech_list_mic: None,
        };
        if let Some(t) = s.optional(0xa0, "NegTokenResp.negState")? {
            tok.neg_state = Some(t.explicit("negState")?.integer("negState")?);
        }
        if let Some(t) = s.optional(0xa1, "NegTokenResp.supportedMech")? {
            tok.mech = Some(Mech::from_oid(t.explicit("supportedMech")?.value));
        }
        if let Some(t) = s.optional(0xa2, "NegTokenResp.responseToken")? {
            tok.mech_token = Some(t.explicit("responseToken")?.value);
        }
        if let Some(t) = s.optional(0xa3, "NegTokenResp.mechListMIC")? {
            tok.mech_list_mic = Some(t.explicit("mechListMIC")?.value);
        }
        Ok(tok)
    }
}
