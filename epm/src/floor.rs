//! One floor of a protocol tower (C706 appendix L) and the protocol identifiers of
//! appendix I as Windows uses them.
//!
//! A floor is a left-hand side (the protocol identifier octet and, for a UUID floor, the
//! UUID and major version) and a right-hand side (related data or an address). Both sides
//! are kept as the octets that were on the wire; [`Floor::value`] interprets them.

use std::borrow::Cow;
use std::net::Ipv4Addr;

use oxwire_msrpc::{SyntaxId, Uuid};

/// Protocol identifiers of the floors seen in practice (C706 appendix I; the Windows
/// additions as named in MS-RPCE and Samba's epmapper interface).
pub mod proto {
    /// Internet TCP port (right-hand side: port, big-endian).
    pub const TCP: u8 = 0x07;
    /// Internet UDP port (big-endian).
    pub const UDP: u8 = 0x08;
    /// Internet IPv4 address (4 octets, network order).
    pub const IP: u8 = 0x09;
    /// RPC connectionless protocol (ncadg_*); right-hand side: minor version.
    pub const RPC_CL: u8 = 0x0a;
    /// RPC connection-oriented protocol (ncacn_*); right-hand side: minor version.
    pub const RPC_CO: u8 = 0x0b;
    /// Local RPC (ncalrpc); right-hand side: minor version.
    pub const NCALRPC: u8 = 0x0c;
    /// UUID floor: interface or transfer syntax.
    pub const UUID: u8 = 0x0d;
    /// SMB named pipe name (NUL-terminated), as in `\PIPE\lsass`.
    pub const NAMED_PIPE: u8 = 0x0f;
    /// Local RPC endpoint name (NUL-terminated).
    pub const LRPC_ENDPOINT: u8 = 0x10;
    /// NetBIOS host name (NUL-terminated), as in `\\HOST`.
    pub const NETBIOS: u8 = 0x11;
    /// RPC over HTTP port (big-endian), ncacn_http.
    pub const HTTP: u8 = 0x1f;
}

/// Length of a UUID floor's left-hand side: identifier, UUID, major version.
pub const UUID_LHS_LEN: usize = 19;

/// One tower floor: the two sides as octets (borrowed when decoded, owned when built).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Floor<'a> {
    /// Left-hand side: protocol identifier data.
    pub lhs: Cow<'a, [u8]>,
    /// Right-hand side: related or address data.
    pub rhs: Cow<'a, [u8]>,
}

/// What a floor says, when its identifier and sizes are ones this crate knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloorValue<'a> {
    /// An interface or transfer syntax (identifier 0x0d).
    Uuid(SyntaxId),
    /// RPC connection-oriented protocol with its minor version (0x0b).
    RpcCo(u16),
    /// RPC connectionless protocol with its minor version (0x0a).
    RpcCl(u16),
    /// Local RPC with its minor version (0x0c).
    Ncalrpc(u16),
    /// TCP port (0x07).
    Tcp(u16),
    /// UDP port (0x08).
    Udp(u16),
    /// RPC over HTTP port (0x1f).
    Http(u16),
    /// IPv4 address (0x09).
    Ip(Ipv4Addr),
    /// SMB named pipe, without its NUL terminator (0x0f).
    NamedPipe(&'a [u8]),
    /// Local RPC endpoint name, without its NUL terminator (0x10).
    LrpcEndpoint(&'a [u8]),
    /// NetBIOS host name, without its NUL terminator (0x11).
    NetBios(&'a [u8]),
    /// Any other floor, or a known identifier whose sides have unexpected sizes.
    Other,
}

fn be16(b: &[u8]) -> Option<u16> {
    Some(u16::from_be_bytes(b.try_into().ok()?))
}

fn le16(b: &[u8]) -> Option<u16> {
    Some(u16::from_le_bytes(b.try_into().ok()?))
}

/// The octets of a NUL-terminated name without the terminator (and without anything after
/// a first NUL).
fn cstr(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(i) => &b[..i],
        None => b,
    }
}

impl<'a> Floor<'a> {
    /// A floor from its two sides.
    pub fn new(lhs: impl Into<Cow<'a, [u8]>>, rhs: impl Into<Cow<'a, [u8]>>) -> Self {
        Floor {
            lhs: lhs.into(),
            rhs: rhs.into(),
        }
    }

    /// A floor of identifier `id` whose left-hand side is that one octet.
    pub fn simple(id: u8, rhs: impl Into<Cow<'a, [u8]>>) -> Self {
        Floor::new(vec![id], rhs)
    }

    /// A UUID floor for an interface or transfer syntax: the UUID and major version on the
    /// left (little-endian), the minor version on the right.
    pub fn uuid(s: SyntaxId) -> Floor<'static> {
        let mut lhs = Vec::with_capacity(UUID_LHS_LEN);
        lhs.push(proto::UUID);
        lhs.extend_from_slice(&s.uuid.to_le_bytes());
        lhs.extend_from_slice(&s.major().to_le_bytes());
        Floor::new(lhs, s.minor().to_le_bytes().to_vec())
    }

    /// A protocol floor (RPC_CO, RPC_CL, NCALRPC) with its minor version (little-endian).
    pub fn protocol(id: u8, minor: u16) -> Floor<'static> {
        Floor::simple(id, minor.to_le_bytes().to_vec())
    }

    /// A port floor (TCP, UDP, HTTP): the port big-endian.
    pub fn port(id: u8, port: u16) -> Floor<'static> {
        Floor::simple(id, port.to_be_bytes().to_vec())
    }

    /// An IPv4 address floor.
    pub fn ip(addr: Ipv4Addr) -> Floor<'static> {
        Floor::simple(proto::IP, addr.octets().to_vec())
    }

    /// A name floor (named pipe, local endpoint, NetBIOS host): the name and a NUL.
    pub fn name(id: u8, name: &[u8]) -> Floor<'static> {
        let mut rhs = Vec::with_capacity(name.len() + 1);
        rhs.extend_from_slice(name);
        rhs.push(0);
        Floor::simple(id, rhs)
    }

    /// The protocol identifier: the first octet of the left-hand side.
    pub fn protocol_id(&self) -> Option<u8> {
        self.lhs.first().copied()
    }

    /// Octets this floor occupies in a tower: two length fields and both sides.
    pub fn encoded_len(&self) -> usize {
        4 + self.lhs.len() + self.rhs.len()
    }

    /// Interprets the floor.
    pub fn value(&self) -> FloorValue<'_> {
        let rhs: &[u8] = &self.rhs;
        let v = match (self.lhs.as_ref(), self.protocol_id()) {
            (lhs, Some(proto::UUID)) if lhs.len() == UUID_LHS_LEN => {
                let mut u = [0u8; 16];
                u.copy_from_slice(&lhs[1..17]);
                le16(&lhs[17..19]).zip(le16(rhs)).map(|(major, minor)| {
                    FloorValue::Uuid(SyntaxId::new(Uuid::from_le_bytes(u), major, minor))
                })
            }
            ([_], Some(proto::RPC_CO)) => le16(rhs).map(FloorValue::RpcCo),
            ([_], Some(proto::RPC_CL)) => le16(rhs).map(FloorValue::RpcCl),
            ([_], Some(proto::NCALRPC)) => le16(rhs).map(FloorValue::Ncalrpc),
            ([_], Some(proto::TCP)) => be16(rhs).map(FloorValue::Tcp),
            ([_], Some(proto::UDP)) => be16(rhs).map(FloorValue::Udp),
            ([_], Some(proto::HTTP)) => be16(rhs).map(FloorValue::Http),
            ([_], Some(proto::IP)) => <[u8; 4]>::try_from(rhs)
                .ok()
                .map(|a| FloorValue::Ip(Ipv4Addr::from(a))),
            ([_], Some(proto::NAMED_PIPE)) => Some(FloorValue::NamedPipe(cstr(rhs))),
            ([_], Some(proto::LRPC_ENDPOINT)) => Some(FloorValue::LrpcEndpoint(cstr(rhs))),
            ([_], Some(proto::NETBIOS)) => Some(FloorValue::NetBios(cstr(rhs))),
            _ => None,
        };
        v.unwrap_or(FloorValue::Other)
    }

    /// A copy that owns its octets.
    pub fn into_owned(self) -> Floor<'static> {
        Floor {
            lhs: Cow::Owned(self.lhs.into_owned()),
            rhs: Cow::Owned(self.rhs.into_owned()),
        }
    }
}
