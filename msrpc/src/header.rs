//! The 16-byte common header of every connection-oriented PDU (C706 12.6.1).

use core::fmt;

use crate::error::{Error, Result};
use crate::reader::{Reader, Writer};

/// Length of the common header.
pub const HEADER_LEN: usize = 16;

/// The packet type (`PTYPE`) field.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PacketType(pub u8);

impl PacketType {
    /// request (0).
    pub const REQUEST: PacketType = PacketType(0);
    /// response (2).
    pub const RESPONSE: PacketType = PacketType(2);
    /// fault (3).
    pub const FAULT: PacketType = PacketType(3);
    /// bind (11).
    pub const BIND: PacketType = PacketType(11);
    /// bind_ack (12).
    pub const BIND_ACK: PacketType = PacketType(12);
    /// bind_nak (13).
    pub const BIND_NAK: PacketType = PacketType(13);
    /// alter_context (14).
    pub const ALTER_CONTEXT: PacketType = PacketType(14);
    /// alter_context_resp (15).
    pub const ALTER_CONTEXT_RESP: PacketType = PacketType(15);
    /// auth3 (16), MS-RPCE's third leg of a three-leg authentication.
    pub const AUTH3: PacketType = PacketType(16);
    /// shutdown (17).
    pub const SHUTDOWN: PacketType = PacketType(17);
    /// co_cancel (18).
    pub const CO_CANCEL: PacketType = PacketType(18);
    /// orphaned (19).
    pub const ORPHANED: PacketType = PacketType(19);
    /// rts (20), the RPC over HTTP control PDU of MS-RPCH.
    pub const RTS: PacketType = PacketType(20);

    /// The name C706 / MS-RPCE give the type, or `None` for a type that has no
    /// connection-oriented meaning.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "request",
            2 => "response",
            3 => "fault",
            11 => "bind",
            12 => "bind_ack",
            13 => "bind_nak",
            14 => "alter_context",
            15 => "alter_context_resp",
            16 => "auth3",
            17 => "shutdown",
            18 => "co_cancel",
            19 => "orphaned",
            20 => "rts",
            _ => return None,
        })
    }

    /// Length of the fixed part that every PDU of this type has before its variable part.
    pub fn min_len(self) -> usize {
        match self.0 {
            0 => 24,
            2 => 24,
            3 => 28,
            11 | 14 => 28,
            12 | 15 => 28,
            13 => 18,
            16 => 20,
            20 => 20,
            _ => HEADER_LEN,
        }
    }
}

impl fmt::Debug for PacketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "ptype({})", self.0),
        }
    }
}

/// The `pfc_flags` bits (C706 12.6.3.1 and MS-RPCE 2.2.2.3).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PfcFlags(pub u8);

impl PfcFlags {
    /// First fragment of a call.
    pub const FIRST_FRAG: u8 = 0x01;
    /// Last fragment of a call.
    pub const LAST_FRAG: u8 = 0x02;
    /// A cancel was pending at the sender (request/response).
    pub const PENDING_CANCEL: u8 = 0x04;
    /// Same bit on bind, bind_ack, alter_context and alter_context_resp: the sender supports
    /// header signing (MS-RPCE 2.2.2.3).
    pub const SUPPORT_HEADER_SIGN: u8 = 0x04;
    /// Reserved by C706.
    pub const RESERVED_1: u8 = 0x08;
    /// Concurrent multiplexing supported (bind).
    pub const CONC_MPX: u8 = 0x10;
    /// The call did not execute (fault).
    pub const DID_NOT_EXECUTE: u8 = 0x20;
    /// `maybe` call semantics.
    pub const MAYBE: u8 = 0x40;
    /// An object UUID follows the request's fixed fields.
    pub const OBJECT_UUID: u8 = 0x80;

    /// Whether every bit of `bits` is set.
    pub fn has(self, bits: u8) -> bool {
        self.0 & bits == bits
    }

    /// First fragment bit.
    pub fn first(self) -> bool {
        self.has(Self::FIRST_FRAG)
    }

    /// Last fragment bit.
    pub fn last(self) -> bool {
        self.has(Self::LAST_FRAG)
    }

    /// Names of the bits that are set, in bit order; `ptype` decides how bit 0x04 is named.
    pub fn names(self, ptype: PacketType) -> Vec<&'static str> {
        let bind_like = matches!(ptype.0, 11 | 12 | 14 | 15);
        let mut v = Vec::new();
        for (bit, name) in [
            (Self::FIRST_FRAG, "first_frag"),
            (Self::LAST_FRAG, "last_frag"),
            (
                Self::PENDING_CANCEL,
                if bind_like {
                    "support_header_sign"
                } else {
                    "pending_cancel"
                },
            ),
            (Self::RESERVED_1, "reserved_1"),
            (Self::CONC_MPX, "conc_mpx"),
            (Self::DID_NOT_EXECUTE, "did_not_execute"),
            (Self::MAYBE, "maybe"),
            (Self::OBJECT_UUID, "object_uuid"),
        ] {
            if self.0 & bit != 0 {
                v.push(name);
            }
        }
        v
    }
}

impl fmt::Debug for PfcFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PfcFlags({:#04x})", self.0)
    }
}

/// The 4-byte packed data representation label (`packed_drep`, C706 14.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataRep(pub [u8; 4]);

impl DataRep {
    /// Little-endian integers, ASCII characters, IEEE floats: what Windows sends.
    pub const LITTLE_ENDIAN: DataRep = DataRep([0x10, 0, 0, 0]);
    /// Big-endian integers, ASCII characters, IEEE floats.
    pub const BIG_ENDIAN: DataRep = DataRep([0x00, 0, 0, 0]);

    /// Whether integers are little-endian. Only the high nibble of byte 0 decides; values
    /// other than 0 and 1 are refused when the header is decoded.
    pub fn little_endian(self) -> bool {
        self.0[0] & 0xf0 == 0x10
    }

    /// Whether characters are EBCDIC rather than ASCII.
    pub fn ebcdic(self) -> bool {
        self.0[0] & 0x0f == 1
    }

    /// The floating-point representation byte (0 IEEE, 1 VAX, 2 Cray, 3 IBM).
    pub fn float_rep(self) -> u8 {
        self.0[1]
    }
}

impl fmt::Debug for DataRep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DataRep({:02x?})", self.0)
    }
}

/// The common header.
///
/// `frag_length` and `auth_length` are what the wire said; encoders recompute them from the
/// body they write, so a changed body never carries stale lengths.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Header {
    /// `rpc_vers`, always 5.
    pub rpc_vers: u8,
    /// `rpc_vers_minor`, 0 or 1.
    pub rpc_vers_minor: u8,
    /// `PTYPE`.
    pub ptype: PacketType,
    /// `pfc_flags`.
    pub pfc_flags: PfcFlags,
    /// `packed_drep`.
    pub drep: DataRep,
    /// `frag_length`: the whole PDU including this header and any authentication verifier.
    pub frag_length: u16,
    /// `auth_length`: length of the auth value after the sec_trailer.
    pub auth_length: u16,
    /// `call_id`.
    pub call_id: u32,
}

impl Header {
    /// A header for a new PDU; lengths are filled in when it is encoded.
    pub fn new(ptype: PacketType, pfc_flags: u8, call_id: u32) -> Header {
        Header {
            rpc_vers: 5,
            rpc_vers_minor: 0,
            ptype,
            pfc_flags: PfcFlags(pfc_flags),
            drep: DataRep::LITTLE_ENDIAN,
            frag_length: 0,
            auth_length: 0,
            call_id,
        }
    }

    /// Decodes the header from the first 16 bytes of `buf`. Only the header is checked, so a
    /// framer can learn `frag_length` before the rest has arrived.
    pub fn decode(buf: &[u8]) -> Result<Header> {
        if buf.len() < HEADER_LEN {
            return Err(Error::Truncated {
                what: "common header",
                offset: 0,
                needed: HEADER_LEN,
                available: buf.len(),
            });
        }
        let rpc_vers = buf[0];
        let rpc_vers_minor = buf[1];
        if rpc_vers != 5 {
            return Err(Error::BadVersion {
                major: rpc_vers,
                minor: rpc_vers_minor,
            });
        }
        let ptype = PacketType(buf[2]);
        if ptype.name().is_none() {
            return Err(Error::UnknownPacketType(buf[2]));
        }
        let drep = DataRep([buf[4], buf[5], buf[6], buf[7]]);
        if drep.0[0] >> 4 > 1 {
            return Err(Error::BadDataRep(drep.0));
        }
        let mut r = Reader::new(&buf[8..HEADER_LEN], drep.little_endian());
        let frag_length = r.u16("frag_length")?;
        let auth_length = r.u16("auth_length")?;
        let call_id = r.u32("call_id")?;
        Ok(Header {
            rpc_vers,
            rpc_vers_minor,
            ptype,
            pfc_flags: PfcFlags(buf[3]),
            drep,
            frag_length,
            auth_length,
            call_id,
        })
    }

    /// Writes the header with the given lengths.
    pub fn encode_with(&self, frag_length: u16, auth_length: u16, out: &mut Vec<u8>) {
        out.extend_from_slice(&[
            self.rpc_vers,
            self.rpc_vers_minor,
            self.ptype.0,
            self.pfc_flags.0,
        ]);
        out.extend_from_slice(&self.drep.0);
        let mut w = Writer::new(out, self.drep.little_endian());
        w.u16(frag_length);
        w.u16(auth_length);
        w.u32(self.call_id);
    }
}

/// Result of looking at the start of a byte stream for a PDU (httparse style).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status<T> {
    /// A complete unit is present.
    Complete(T),
    /// More bytes are needed; the value is how many in total are needed to go on, when known.
    Partial(usize),
}

/// Looks at the start of `buf` and says how long the first PDU is, without decoding its body.
pub fn peek_frag_length(buf: &[u8]) -> Result<Status<usize>> {
    if buf.len() < HEADER_LEN {
        // Refuse garbage as early as its first bytes allow.
        if !buf.is_empty() && buf[0] != 5 {
            return Err(Error::BadVersion {
                major: buf[0],
                minor: buf.get(1).copied().unwrap_or(0),
            });
        }
        return Ok(Status::Partial(HEADER_LEN));
    }
    let h = Header::decode(buf)?;
    let len = h.frag_length as usize;
    if len < HEADER_LEN {
        return Err(Error::FragLengthTooShort {
            frag_length: h.frag_length,
            min: HEADER_LEN,
        });
    }
    if buf.len() < len {
        Ok(Status::Partial(len))
    } else {
        Ok(Status::Complete(len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_both_orders() {
        // A little-endian request header, frag_length 0x48, call_id 2.
        let le = [5, 0, 0, 3, 0x10, 0, 0, 0, 0x48, 0, 0, 0, 2, 0, 0, 0];
        let h = Header::decode(&le).unwrap();
        assert_eq!(h.frag_length, 0x48);
        assert_eq!(h.call_id, 2);
        assert!(h.pfc_flags.first() && h.pfc_flags.last());
        let mut out = Vec::new();
        h.encode_with(h.frag_length, h.auth_length, &mut out);
        assert_eq!(out, le);
        let be = [5, 0, 0, 3, 0x00, 0, 0, 0, 0, 0x48, 0, 0, 0, 0, 0, 2];
        let h = Header::decode(&be).unwrap();
        assert_eq!((h.frag_length, h.call_id), (0x48, 2));
        let mut out = Vec::new();
        h.encode_with(h.frag_length, 0, &mut out);
        assert_eq!(out, be);
    }

    #[test]
    fn rejects_bad_headers() {
        let mut b = [5, 0, 0, 3, 0x10, 0, 0, 0, 0x48, 0, 0, 0, 2, 0, 0, 0];
        b[0] = 4;
        assert!(matches!(
            Header::decode(&b),
            Err(Error::BadVersion { major: 4, .. })
        ));
        b[0] = 5;
        b[2] = 1; // ping: connectionless only
        assert_eq!(Header::decode(&b), Err(Error::UnknownPacketType(1)));
        b[2] = 0;
        b[4] = 0x20;
        assert!(matches!(Header::decode(&b), Err(Error::BadDataRep(_))));
        b[4] = 0x10;
        b[8] = 4;
        assert!(matches!(
            peek_frag_length(&b),
            Err(Error::FragLengthTooShort { .. })
        ));
        assert_eq!(peek_frag_length(&b[..3]).unwrap(), Status::Partial(16));
    }
}
