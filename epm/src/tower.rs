//! [`Tower`]: the octet encoding of a protocol tower (C706 appendix L).
//!
//! ```text
//! floor_count: u16 LE
//! floor_count × { lhs_length: u16 LE, lhs, rhs_length: u16 LE, rhs }
//! ```
//! Ports and addresses inside the right-hand sides are big-endian; UUIDs and versions are
//! little-endian. Octets after the last floor are kept in [`Tower::trailing`] so a decoded
//! tower re-encodes exactly.

use std::borrow::Cow;
use std::net::Ipv4Addr;

use oxwire_msrpc::SyntaxId;

use crate::error::{Error, Result};
use crate::floor::{Floor, FloorValue};
use crate::limits::Limits;

/// A protocol tower: its floors in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Tower<'a> {
    /// The floors, first (interface) to last (address).
    pub floors: Vec<Floor<'a>>,
    /// Octets after the last floor (normally none).
    pub trailing: Cow<'a, [u8]>,
}

fn take<'a>(b: &'a [u8], pos: &mut usize, n: usize, what: &'static str) -> Result<&'a [u8]> {
    let rest = b.len() - *pos;
    if n > rest {
        return Err(Error::Truncated {
            what,
            offset: *pos,
            needed: n - rest,
        });
    }
    let s = &b[*pos..*pos + n];
    *pos += n;
    Ok(s)
}

fn u16_le(b: &[u8], pos: &mut usize, what: &'static str) -> Result<u16> {
    let s = take(b, pos, 2, what)?;
    Ok(u16::from_le_bytes([s[0], s[1]]))
}

impl<'a> Tower<'a> {
    /// A tower of these floors.
    pub fn new(floors: Vec<Floor<'a>>) -> Self {
        Tower {
            floors,
            trailing: Cow::Borrowed(&[]),
        }
    }

    /// Decodes a tower octet string with default [`Limits`].
    pub fn decode(octets: &'a [u8]) -> Result<Self> {
        Self::decode_with(octets, &Limits::DEFAULT)
    }

    /// Decodes a tower octet string. Every length is checked against the octets present
    /// and the floor count against [`Limits::max_floors`] before anything is allocated.
    pub fn decode_with(octets: &'a [u8], limits: &Limits) -> Result<Self> {
        let mut pos = 0;
        let count = u16_le(octets, &mut pos, "tower floor_count")?;
        if count > limits.max_floors {
            return Err(Error::LimitExceeded {
                what: "tower floor_count",
                offset: 0,
                value: count.into(),
                limit: limits.max_floors.into(),
            });
        }
        // The smallest floor is its two length fields.
        if usize::from(count) * 4 > octets.len() - pos {
            return Err(Error::Invalid {
                what: "tower floor_count",
                offset: 0,
                reason: "more floors than the tower octets can hold",
            });
        }
        let mut floors = Vec::with_capacity(count.into());
        for _ in 0..count {
            let n = u16_le(octets, &mut pos, "floor lhs_length")?;
            let lhs = take(octets, &mut pos, n.into(), "floor lhs")?;
            let n = u16_le(octets, &mut pos, "floor rhs_length")?;
            let rhs = take(octets, &mut pos, n.into(), "floor rhs")?;
            floors.push(Floor::new(lhs, rhs));
        }
        Ok(Tower {
            floors,
            trailing: Cow::Borrowed(&octets[pos..]),
        })
    }

    /// Octets of the encoding.
    pub fn encoded_len(&self) -> usize {
        2 + self.floors.iter().map(Floor::encoded_len).sum::<usize>() + self.trailing.len()
    }

    /// Appends the encoding to `out`. Fails when a count or side does not fit its u16.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let count = u16::try_from(self.floors.len()).map_err(|_| Error::Invalid {
            what: "tower floor_count",
            offset: 0,
            reason: "more than 65535 floors",
        })?;
        out.reserve(self.encoded_len());
        out.extend_from_slice(&count.to_le_bytes());
        for f in &self.floors {
            for side in [&f.lhs, &f.rhs] {
                let n = u16::try_from(side.len()).map_err(|_| Error::Invalid {
                    what: "floor side",
                    offset: out.len(),
                    reason: "longer than 65535 octets",
                })?;
                out.extend_from_slice(&n.to_le_bytes());
                out.extend_from_slice(side);
            }
        }
        out.extend_from_slice(&self.trailing);
        Ok(())
    }

    /// The encoding as a new vector.
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        let mut v = Vec::new();
        self.encode(&mut v)?;
        Ok(v)
    }

    /// A copy that owns its octets.
    pub fn into_owned(self) -> Tower<'static> {
        Tower {
            floors: self.floors.into_iter().map(Floor::into_owned).collect(),
            trailing: Cow::Owned(self.trailing.into_owned()),
        }
    }

    fn uuid_floor(&self, i: usize) -> Option<SyntaxId> {
        match self.floors.get(i)?.value() {
            FloorValue::Uuid(s) => Some(s),
            _ => None,
        }
    }

    /// The interface: floor 1 when it is a UUID floor.
    pub fn interface(&self) -> Option<SyntaxId> {
        self.uuid_floor(0)
    }

    /// The transfer syntax: floor 2 when it is a UUID floor.
    pub fn transfer_syntax(&self) -> Option<SyntaxId> {
        self.uuid_floor(1)
    }

    /// The first floor whose value `f` accepts, from floor 3 on.
    fn find<T>(&self, f: impl Fn(FloorValue<'_>) -> Option<T>) -> Option<T> {
        self.floors.iter().skip(2).find_map(|fl| f(fl.value()))
    }

    /// The TCP port, if a TCP floor is present.
    pub fn tcp_port(&self) -> Option<u16> {
        self.find(|v| match v {
            FloorValue::Tcp(p) => Some(p),
            _ => None,
        })
    }

    /// The UDP port, if present.
    pub fn udp_port(&self) -> Option<u16> {
        self.find(|v| match v {
            FloorValue::Udp(p) => Some(p),
            _ => None,
        })
    }

    /// The RPC-over-HTTP port, if present.
    pub fn http_port(&self) -> Option<u16> {
        self.find(|v| match v {
            FloorValue::Http(p) => Some(p),
            _ => None,
        })
    }

    /// The IPv4 address, if present.
    pub fn ip(&self) -> Option<Ipv4Addr> {
        self.find(|v| match v {
            FloorValue::Ip(a) => Some(a),
            _ => None,
        })
    }

    /// Replaces the port of the TCP floor (in place: the tower keeps its length). Returns
    /// the previous port, or `None` (and changes nothing) when there is no TCP floor.
    pub fn set_tcp_port(&mut self, port: u16) -> Option<u16> {
        let i = (2..self.floors.len())
            .find(|&i| matches!(self.floors[i].value(), FloorValue::Tcp(_)))?;
        let old = self.tcp_port();
        self.floors[i].rhs = Cow::Owned(port.to_be_bytes().to_vec());
        old
    }
}
