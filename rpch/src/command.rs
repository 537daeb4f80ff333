//! RTS commands (MS-RPCH 2.2.3.5): a 32-bit `CommandType` followed by a body whose size the
//! type decides.

use std::borrow::Cow;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Result};

/// An RTS cookie (MS-RPCH 2.2.3.1): 16 opaque bytes that name a virtual connection, a channel
/// or an association group.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Cookie(pub [u8; 16]);

impl Cookie {
    /// Shown the way GUIDs are printed (first three fields little-endian), which is how
    /// Wireshark and impacket display cookies.
    pub fn to_guid_string(&self) -> String {
        oxwire_msrpc::Uuid::from_le_bytes(self.0).to_string()
    }
}

impl fmt::Display for Cookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_guid_string())
    }
}

impl fmt::Debug for Cookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cookie({self})")
    }
}

/// The `ForwardDestination` of a Destination command (MS-RPCH 2.2.3.3).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Destination(pub u32);

impl Destination {
    /// FDClient (0).
    pub const CLIENT: Destination = Destination(0);
    /// FDInProxy (1).
    pub const IN_PROXY: Destination = Destination(1);
    /// FDServer (2).
    pub const SERVER: Destination = Destination(2);
    /// FDOutProxy (3).
    pub const OUT_PROXY: Destination = Destination(3);

    /// The specification's name, or `None` for a value it does not define.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "FDClient",
            1 => "FDInProxy",
            2 => "FDServer",
            3 => "FDOutProxy",
            _ => return None,
        })
    }
}

/// The body of a FlowControlAck command (MS-RPCH 2.2.3.4).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Ack {
    /// Bytes received on the channel so far (wraps at 2^32).
    pub bytes_received: u32,
    /// Receive window still free at the receiver.
    pub available_window: u32,
    /// The channel being acknowledged.
    pub channel_cookie: Cookie,
}

/// The body of a ClientAddress command (MS-RPCH 2.2.3.5.11): an address and 12 bytes of
/// padding, kept as received.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ClientAddress {
    /// The client's address; `AddressType` 0 is IPv4, 1 is IPv6.
    pub address: IpAddr,
    /// The trailing padding (zero when built).
    pub padding: [u8; 12],
}

impl ClientAddress {
    /// An address with zero padding.
    pub fn new(address: IpAddr) -> Self {
        ClientAddress {
            address,
            padding: [0; 12],
        }
    }
}

/// Numeric command types (MS-RPCH 2.2.3.5).
pub mod command_type {
    /// ReceiveWindowSize.
    pub const RECEIVE_WINDOW_SIZE: u32 = 0;
    /// FlowControlAck.
    pub const FLOW_CONTROL_ACK: u32 = 1;
    /// ConnectionTimeout.
    pub const CONNECTION_TIMEOUT: u32 = 2;
    /// Cookie.
    pub const COOKIE: u32 = 3;
    /// ChannelLifetime.
    pub const CHANNEL_LIFETIME: u32 = 4;
    /// ClientKeepalive.
    pub const CLIENT_KEEPALIVE: u32 = 5;
    /// Version.
    pub const VERSION: u32 = 6;
    /// Empty.
    pub const EMPTY: u32 = 7;
    /// Padding.
    pub const PADDING: u32 = 8;
    /// NegativeANCE.
    pub const NEGATIVE_ANCE: u32 = 9;
    /// ANCE.
    pub const ANCE: u32 = 10;
    /// ClientAddress.
    pub const CLIENT_ADDRESS: u32 = 11;
    /// AssociationGroupId.
    pub const ASSOCIATION_GROUP_ID: u32 = 12;
    /// Destination.
    pub const DESTINATION: u32 = 13;
    /// PingTrafficSentNotify.
    pub const PING_TRAFFIC_SENT_NOTIFY: u32 = 14;
}

/// One RTS command.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Command<'a> {
    /// ReceiveWindowSize (0): the sender's receive window in bytes.
    ReceiveWindowSize(u32),
    /// FlowControlAck (1).
    FlowControlAck(Ack),
    /// ConnectionTimeout (2), in milliseconds.
    ConnectionTimeout(u32),
    /// Cookie (3).
    Cookie(Cookie),
    /// ChannelLifetime (4), in bytes.
    ChannelLifetime(u32),
    /// ClientKeepalive (5), in milliseconds (0 disables keep-alive).
    ClientKeepalive(u32),
    /// Version (6).
    Version(u32),
    /// Empty (7).
    Empty,
    /// Padding (8): `ConformanceCount` bytes, kept as they were.
    Padding(Cow<'a, [u8]>),
    /// NegativeANCE (9).
    NegativeAnce,
    /// ANCE (10).
    Ance,
    /// ClientAddress (11).
    ClientAddress(ClientAddress),
    /// AssociationGroupId (12).
    AssociationGroupId(Cookie),
    /// Destination (13).
    Destination(Destination),
    /// PingTrafficSentNotify (14): bytes of ping traffic the outbound proxy sent.
    PingTrafficSentNotify(u32),
}

fn u32_at(buf: &[u8], at: usize, what: &'static str, base: usize) -> Result<u32> {
    match buf.get(at..at + 4) {
        Some(b) => Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        None => Err(Error::Truncated {
            what,
            offset: base + at,
            needed: 4,
            available: buf.len().saturating_sub(at),
        }),
    }
}

fn bytes_at<'a>(
    buf: &'a [u8],
    at: usize,
    n: usize,
    what: &'static str,
    base: usize,
) -> Result<&'a [u8]> {
    match at.checked_add(n).and_then(|end| buf.get(at..end)) {
        Some(b) => Ok(b),
        None => Err(Error::Truncated {
            what,
            offset: base + at,
            needed: n,
            available: buf.len().saturating_sub(at),
        }),
    }
}

fn cookie_at(buf: &[u8], at: usize, what: &'static str, base: usize) -> Result<Cookie> {
    let b = bytes_at(buf, at, 16, what, base)?;
    let mut c = [0u8; 16];
    c.copy_from_slice(b);
    Ok(Cookie(c))
}

impl<'a> Command<'a> {
    /// The numeric `CommandType`.
    pub fn command_type(&self) -> u32 {
        use command_type::*;
        match self {
            Command::ReceiveWindowSize(_) => RECEIVE_WINDOW_SIZE,
            Command::FlowControlAck(_) => FLOW_CONTROL_ACK,
            Command::ConnectionTimeout(_) => CONNECTION_TIMEOUT,
            Command::Cookie(_) => COOKIE,
            Command::ChannelLifetime(_) => CHANNEL_LIFETIME,
            Command::ClientKeepalive(_) => CLIENT_KEEPALIVE,
            Command::Version(_) => VERSION,
            Command::Empty => EMPTY,
            Command::Padding(_) => PADDING,
            Command::NegativeAnce => NEGATIVE_ANCE,
            Command::Ance => ANCE,
            Command::ClientAddress(_) => CLIENT_ADDRESS,
            Command::AssociationGroupId(_) => ASSOCIATION_GROUP_ID,
            Command::Destination(_) => DESTINATION,
            Command::PingTrafficSentNotify(_) => PING_TRAFFIC_SENT_NOTIFY,
        }
    }

    /// The specification's name for the command.
    pub fn name(&self) -> &'static str {
        command_name(self.command_type()).unwrap_or("unknown")
    }

    /// Decodes one command at the start of `buf`; returns it and the bytes it used. `base` is
    /// the offset of `buf` in the PDU, for error reports.
    pub fn decode(buf: &'a [u8], base: usize) -> Result<(Command<'a>, usize)> {
        let ty = u32_at(buf, 0, "RTS CommandType", base)?;
        let cmd = match ty {
            0 => Command::ReceiveWindowSize(u32_at(buf, 4, "ReceiveWindowSize", base)?),
            1 => Command::FlowControlAck(Ack {
                bytes_received: u32_at(buf, 4, "FlowControlAck.BytesReceived", base)?,
                available_window: u32_at(buf, 8, "FlowControlAck.AvailableWindow", base)?,
                channel_cookie: cookie_at(buf, 12, "FlowControlAck.ChannelCookie", base)?,
            }),
            2 => Command::ConnectionTimeout(u32_at(buf, 4, "ConnectionTimeout", base)?),
            3 => Command::Cookie(cookie_at(buf, 4, "Cookie", base)?),
            4 => Command::ChannelLifetime(u32_at(buf, 4, "ChannelLifetime", base)?),
            5 => Command::ClientKeepalive(u32_at(buf, 4, "ClientKeepalive", base)?),
            6 => Command::Version(u32_at(buf, 4, "Version", base)?),
            7 => Command::Empty,
            8 => {
                let n = u32_at(buf, 4, "Padding.ConformanceCount", base)? as usize;
                // Checked against the bytes present before anything is borrowed.
                Command::Padding(Cow::Borrowed(bytes_at(buf, 8, n, "Padding", base)?))
            }
            9 => Command::NegativeAnce,
            10 => Command::Ance,
            11 => {
                let at = u32_at(buf, 4, "ClientAddress.AddressType", base)?;
                let (address, len) = match at {
                    0 => {
                        let b = bytes_at(buf, 8, 4, "ClientAddress.ClientAddress", base)?;
                        (IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])), 4)
                    }
                    1 => {
                        let b = bytes_at(buf, 8, 16, "ClientAddress.ClientAddress", base)?;
                        let mut a = [0u8; 16];
                        a.copy_from_slice(b);
                        (IpAddr::V6(Ipv6Addr::from(a)), 16)
                    }
                    _ => {
                        return Err(Error::Invalid {
                            what: "ClientAddress.AddressType",
                            offset: base + 4,
                            reason: "neither 0 (IPv4) nor 1 (IPv6)",
                        })
                    }
                };
                let p = bytes_at(buf, 8 + len, 12, "ClientAddress.Padding", base)?;
                let mut padding = [0u8; 12];
                padding.copy_from_slice(p);
                Command::ClientAddress(ClientAddress { address, padding })
            }
            12 => Command::AssociationGroupId(cookie_at(buf, 4, "AssociationGroupId", base)?),
            13 => Command::Destination(Destination(u32_at(buf, 4, "Destination", base)?)),
            14 => Command::PingTrafficSentNotify(u32_at(buf, 4, "PingTrafficSentNotify", base)?),
            other => {
                return Err(Error::UnknownCommand {
                    command_type: other,
                    offset: base,
                })
            }
        };
        let len = cmd.encoded_len();
        Ok((cmd, len))
    }

    /// Exact number of bytes [`encode`](Self::encode) writes, `CommandType` included.
    pub fn encoded_len(&self) -> usize {
        4 + match self {
            Command::FlowControlAck(_) => 24,
            Command::Cookie(_) | Command::AssociationGroupId(_) => 16,
            Command::Empty | Command::NegativeAnce | Command::Ance => 0,
            Command::Padding(p) => 4 + p.len(),
            Command::ClientAddress(a) => match a.address {
                IpAddr::V4(_) => 4 + 4 + 12,
                IpAddr::V6(_) => 4 + 16 + 12,
            },
            _ => 4,
        }
    }

    /// Appends the command to `out`.
    ///
    /// A padding longer than `u32::MAX` cannot be described by its count; it is refused by
    /// [`RtsPdu::encode`](crate::RtsPdu::encode) before this is reached, as the PDU would not
    /// fit `frag_length` either.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.command_type().to_le_bytes());
        let u = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
        match self {
            Command::ReceiveWindowSize(v)
            | Command::ConnectionTimeout(v)
            | Command::ChannelLifetime(v)
            | Command::ClientKeepalive(v)
            | Command::Version(v)
            | Command::PingTrafficSentNotify(v) => u(out, *v),
            Command::Destination(d) => u(out, d.0),
            Command::FlowControlAck(a) => {
                u(out, a.bytes_received);
                u(out, a.available_window);
                out.extend_from_slice(&a.channel_cookie.0);
            }
            Command::Cookie(c) | Command::AssociationGroupId(c) => out.extend_from_slice(&c.0),
            Command::Empty | Command::NegativeAnce | Command::Ance => {}
            Command::Padding(p) => {
                u(out, p.len() as u32);
                out.extend_from_slice(p);
            }
            Command::ClientAddress(a) => {
                match a.address {
                    IpAddr::V4(v4) => {
                        u(out, 0);
                        out.extend_from_slice(&v4.octets());
                    }
                    IpAddr::V6(v6) => {
                        u(out, 1);
                        out.extend_from_slice(&v6.octets());
                    }
                }
                out.extend_from_slice(&a.padding);
            }
        }
    }

    /// A copy that borrows nothing.
    pub fn into_owned(self) -> Command<'static> {
        match self {
            Command::Padding(p) => Command::Padding(Cow::Owned(p.into_owned())),
            Command::ReceiveWindowSize(v) => Command::ReceiveWindowSize(v),
            Command::FlowControlAck(a) => Command::FlowControlAck(a),
            Command::ConnectionTimeout(v) => Command::ConnectionTimeout(v),
            Command::Cookie(c) => Command::Cookie(c),
            Command::ChannelLifetime(v) => Command::ChannelLifetime(v),
            Command::ClientKeepalive(v) => Command::ClientKeepalive(v),
            Command::Version(v) => Command::Version(v),
            Command::Empty => Command::Empty,
            Command::NegativeAnce => Command::NegativeAnce,
            Command::Ance => Command::Ance,
            Command::ClientAddress(a) => Command::ClientAddress(a),
            Command::AssociationGroupId(c) => Command::AssociationGroupId(c),
            Command::Destination(d) => Command::Destination(d),
            Command::PingTrafficSentNotify(v) => Command::PingTrafficSentNotify(v),
        }
    }
}

/// The specification's name for a command type.
pub fn command_name(command_type: u32) -> Option<&'static str> {
    Some(match command_type {
        0 => "ReceiveWindowSize",
        1 => "FlowControlAck",
        2 => "ConnectionTimeout",
        3 => "Cookie",
        4 => "ChannelLifetime",
        5 => "ClientKeepalive",
        6 => "Version",
        7 => "Empty",
        8 => "Padding",
        9 => "NegativeANCE",
        10 => "ANCE",
        11 => "ClientAddress",
        12 => "AssociationGroupId",
        13 => "Destination",
        14 => "PingTrafficSentNotify",
        _ => return None,
    })
}
