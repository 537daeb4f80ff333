//! DCE UUIDs and presentation syntax identifiers (C706 appendix A and 12.6.3.1).

use core::fmt;

use crate::error::{Error, Result};
use crate::reader::{Reader, Writer};

/// A UUID held in its canonical (RFC 4122, big-endian) byte order.
///
/// On the DCE/RPC wire the first three fields follow the data representation's byte order, so
/// decoding and encoding take the order from the PDU.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Uuid(pub [u8; 16]);

impl Uuid {
    /// The nil UUID.
    pub const NIL: Uuid = Uuid([0; 16]);

    /// Builds a UUID from its textual fields (as in `a4f1db00-ca47-1067-b31f-00dd010662da`).
    pub const fn from_fields(time_low: u32, time_mid: u16, time_hi: u16, rest: [u8; 8]) -> Uuid {
        let a = time_low.to_be_bytes();
        let b = time_mid.to_be_bytes();
        let c = time_hi.to_be_bytes();
        Uuid([
            a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], rest[0], rest[1], rest[2], rest[3],
            rest[4], rest[5], rest[6], rest[7],
        ])
    }

    /// The hyphenated form, read at compile time for constants; a malformed literal stops the
    /// build, so this never runs on input.
    pub(crate) const fn from_literal(s: &str) -> Uuid {
        const fn hex(c: u8) -> u8 {
            match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => panic!("UUID literal: not a hex digit"),
            }
        }
        let b = s.as_bytes();
        assert!(b.len() == 36, "UUID literal: not 36 characters");
        let mut out = [0u8; 16];
        let (mut i, mut n) = (0, 0);
        while i < 36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                i += 1;
                continue;
            }
            out[n] = hex(b[i]) * 16 + hex(b[i + 1]);
            n += 1;
            i += 2;
        }
        Uuid(out)
    }

    /// Parses the 36-character hyphenated form, case-insensitively.
    pub fn parse(s: &str) -> Option<Uuid> {
        let b = s.as_bytes();
        if b.len() != 36 {
            return None;
        }
        let mut out = [0u8; 16];
        let mut n = 0;
        let mut i = 0;
        while i < 36 {
            if matches!(i, 8 | 13 | 18 | 23) {
                if b[i] != b'-' {
                    return None;
                }
                i += 1;
                continue;
            }
            let hi = (b[i] as char).to_digit(16)?;
            let lo = (b[i + 1] as char).to_digit(16)?;
            out[n] = (hi * 16 + lo) as u8;
            n += 1;
            i += 2;
        }
        Some(Uuid(out))
    }

    /// Reads the 16-byte wire form in the reader's byte order.
    pub fn read(r: &mut Reader<'_>, what: &'static str) -> Result<Uuid> {
        let time_low = r.u32(what)?;
        let time_mid = r.u16(what)?;
        let time_hi = r.u16(what)?;
        let rest = r.array::<8>(what)?;
        Ok(Uuid::from_fields(time_low, time_mid, time_hi, rest))
    }

    /// Writes the 16-byte wire form in the writer's byte order.
    pub fn write(&self, w: &mut Writer<'_>) {
        let u = &self.0;
        w.u32(u32::from_be_bytes([u[0], u[1], u[2], u[3]]));
        w.u16(u16::from_be_bytes([u[4], u[5]]));
        w.u16(u16::from_be_bytes([u[6], u[7]]));
        w.bytes(&u[8..]);
    }

    /// Reads a UUID from 16 little-endian wire bytes (the common case outside PDUs).
    pub fn from_le_bytes(b: [u8; 16]) -> Uuid {
        let mut r = Reader::new(&b, true);
        // Cannot fail: exactly 16 bytes are present.
        Uuid::read(&mut r, "uuid").unwrap_or(Uuid::NIL)
    }

    /// The 16 little-endian wire bytes.
    pub fn to_le_bytes(&self) -> [u8; 16] {
        let mut v = Vec::with_capacity(16);
        self.write(&mut Writer::new(&mut v, true));
        let mut a = [0u8; 16];
        a.copy_from_slice(&v);
        a
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let u = &self.0;
        write!(
            f,
            "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
            u[14], u[15]
        )
    }
}

impl fmt::Debug for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl core::str::FromStr for Uuid {
    type Err = Error;
    fn from_str(s: &str) -> Result<Uuid> {
        Uuid::parse(s).ok_or(Error::Invalid {
            what: "uuid",
            offset: 0,
            reason: "not a hyphenated 36-character UUID",
        })
    }
}

/// An interface or transfer syntax: UUID plus version (`p_syntax_id_t`).
///
/// The version is one 32-bit field on the wire: major in the low 16 bits, minor in the high 16.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct SyntaxId {
    /// The interface or transfer syntax UUID.
    pub uuid: Uuid,
    /// The packed version field.
    pub version: u32,
}

impl SyntaxId {
    /// Size on the wire.
    pub const LEN: usize = 20;

    /// A syntax id from a UUID and major/minor version.
    pub const fn new(uuid: Uuid, major: u16, minor: u16) -> SyntaxId {
        SyntaxId {
            uuid,
            version: major as u32 | ((minor as u32) << 16),
        }
    }

    /// Major version.
    pub fn major(&self) -> u16 {
        self.version as u16
    }

    /// Minor version.
    pub fn minor(&self) -> u16 {
        (self.version >> 16) as u16
    }

    /// Reads the 20-byte wire form.
    pub fn read(r: &mut Reader<'_>, what: &'static str) -> Result<SyntaxId> {
        Ok(SyntaxId {
            uuid: Uuid::read(r, what)?,
            version: r.u32(what)?,
        })
    }

    /// Writes the 20-byte wire form.
    pub fn write(&self, w: &mut Writer<'_>) {
        self.uuid.write(w);
        w.u32(self.version);
    }

    /// If this is the bind-time feature negotiation syntax, the feature bits it offers.
    ///
    /// MS-RPCE 3.3.1.5.3: the UUID is `6cb71c2c-9812-4540-XXXX-000000000000` where the bytes in the
    /// XXXX position carry the bitmask, so only the other bytes identify the syntax.
    pub fn bind_time_features(&self) -> Option<u16> {
        let u = &self.uuid.0;
        let t = &BIND_TIME_FEATURE_PREFIX.0;
        if u[..8] == t[..8] && u[10..] == t[10..] {
            Some(u16::from_le_bytes([u[8], u[9]]))
        } else {
            None
        }
    }
}

impl fmt::Display for SyntaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} v{}.{}", self.uuid, self.major(), self.minor())
    }
}

const BIND_TIME_FEATURE_PREFIX: Uuid =
    Uuid::from_fields(0x6cb71c2c, 0x9812, 0x4540, [0, 0, 0, 0, 0, 0, 0, 0]);

/// The NDR 2.0 transfer syntax, 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0.
pub const NDR20: SyntaxId = SyntaxId::new(
    Uuid::from_fields(
        0x8a885d04,
        0x1ceb,
        0x11c9,
        [0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60],
    ),
    2,
    0,
);

/// The NDR64 transfer syntax, 71710533-beba-4937-8319-b5dbef9ccc36 v1.0 (MS-RPCE 2.2.5).
pub const NDR64: SyntaxId = SyntaxId::new(
    Uuid::from_fields(
        0x71710533,
        0xbeba,
        0x4937,
        [0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36],
    ),
    1,
    0,
);

/// Bind-time feature bit: security context multiplexing (MS-RPCE 2.2.2.14).
pub const FEATURE_SECURITY_CONTEXT_MULTIPLEXING: u16 = 0x0001;
/// Bind-time feature bit: keep connection on orphan (MS-RPCE 2.2.2.14).
pub const FEATURE_KEEP_CONNECTION_ON_ORPHAN: u16 = 0x0002;

/// The bind-time feature negotiation transfer syntax offering `features` (MS-RPCE 3.3.1.5.3).
pub const fn bind_time_feature_syntax(features: u16) -> SyntaxId {
    let f = features.to_le_bytes();
    SyntaxId::new(
        Uuid::from_fields(0x6cb71c2c, 0x9812, 0x4540, [f[0], f[1], 0, 0, 0, 0, 0, 0]),
        1,
        0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndr20_wire_bytes_match_c706() {
        // C706 appendix I / every NDR bind: 04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00 00 00
        let wire = [
            0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10,
            0x48, 0x60, 0x02, 0x00, 0x00, 0x00,
        ];
        let s = SyntaxId::read(&mut Reader::new(&wire, true), "t").unwrap();
        assert_eq!(s, NDR20);
        assert_eq!(s.to_string(), "8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0");
        let mut out = Vec::new();
        s.write(&mut Writer::new(&mut out, true));
        assert_eq!(out, wire);
    }

    #[test]
    fn btfn_bits_from_uuid() {
        let s = bind_time_feature_syntax(3);
        assert_eq!(s.uuid.to_string(), "6cb71c2c-9812-4540-0300-000000000000");
        assert_eq!(s.bind_time_features(), Some(3));
        assert_eq!(NDR64.bind_time_features(), None);
    }

    #[test]
    fn literal_matches_fields() {
        assert_eq!(
            Uuid::from_literal("a4f1db00-ca47-1067-b31f-00dd010662da"),
            Uuid::from_fields(
                0xa4f1db00,
                0xca47,
                0x1067,
                [0xb3, 0x1f, 0x00, 0xdd, 0x01, 0x06, 0x62, 0xda]
            )
        );
        assert_eq!(
            Uuid::from_literal("8A885D04-1CEB-11C9-9FE8-08002B104860"),
            NDR20.uuid
        );
    }

    #[test]
    fn parse_and_display() {
        let u = Uuid::parse("A4F1DB00-CA47-1067-B31F-00DD010662DA").unwrap();
        assert_eq!(u.to_string(), "a4f1db00-ca47-1067-b31f-00dd010662da");
        assert!(Uuid::parse("a4f1db00ca471067b31f00dd010662da").is_none());
        assert!(Uuid::parse("g4f1db00-ca47-1067-b31f-00dd010662da").is_none());
    }
}
