//! String bindings (`ncacn_ip_tcp:10.0.0.5[1032]`) and their conversion to and from towers.
//!
//! The textual form is the DCE one (C706 chapter 2 and the Windows string-binding syntax):
//! `[object-uuid@]protseq:[network-address][[endpoint][,option...]]`. The interface is not
//! part of a string binding; it lives in the tower's first floor, so conversions take or
//! give it alongside ([`Tower::from_binding`], [`Tower::to_binding`]).

use core::fmt;
use std::net::Ipv4Addr;

use oxwire_msrpc::{SyntaxId, Uuid, NDR20};

use crate::error::{Error, Result};
use crate::floor::{proto, Floor, FloorValue};
use crate::tower::Tower;

/// A parsed string binding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringBinding {
    /// Object UUID, written before `@` when present.
    pub object: Option<Uuid>,
    /// Protocol sequence, e.g. `ncacn_ip_tcp`.
    pub protseq: String,
    /// Network address (IP, host name, `\\HOST`), possibly empty.
    pub network_address: String,
    /// Endpoint (port, pipe name, local endpoint), possibly empty.
    pub endpoint: String,
    /// Options after the endpoint (`key=value` strings), in order.
    pub options: Vec<String>,
}

impl StringBinding {
    /// A binding without object or options.
    pub fn new(protseq: &str, network_address: &str, endpoint: &str) -> Self {
        StringBinding {
            object: None,
            protseq: protseq.into(),
            network_address: network_address.into(),
            endpoint: endpoint.into(),
            options: Vec::new(),
        }
    }

    /// Parses the textual form.
    pub fn parse(s: &str) -> Result<Self> {
        let bad = |offset: usize, reason: &'static str| Error::Invalid {
            what: "string binding",
            offset,
            reason,
        };
        let (object, rest, base) = match s.find('@') {
            Some(i) => {
                let u = Uuid::parse(&s[..i]).ok_or(bad(0, "object is not a UUID"))?;
                (Some(u), &s[i + 1..], i + 1)
            }
            None => (None, s, 0),
        };
        let colon = rest
            .find(':')
            .ok_or(bad(base, "no ':' after the protocol sequence"))?;
        let protseq = &rest[..colon];
        if protseq.is_empty() {
            return Err(bad(base, "empty protocol sequence"));
        }
        let after = &rest[colon + 1..];
        let (addr, endpoint, options) = match after.find('[') {
            None => (after, "", Vec::new()),
            Some(open) => {
                let at = base + colon + 1 + open;
                let inner = after[open + 1..]
                    .strip_suffix(']')
                    .ok_or(bad(at, "endpoint not closed by ']' at the end"))?;
                let mut parts = inner.split(',');
                let ep = parts.next().unwrap_or_default();
                let opts = parts.map(str::to_owned).collect();
                (&after[..open], ep, opts)
            }
        };
        Ok(StringBinding {
            object,
            protseq: protseq.into(),
            network_address: addr.into(),
            endpoint: endpoint.into(),
            options,
        })
    }
}

impl fmt::Display for StringBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(o) = self.object {
            write!(f, "{o}@")?;
        }
        write!(f, "{}:{}", self.protseq, self.network_address)?;
        if !self.endpoint.is_empty() || !self.options.is_empty() {
            write!(f, "[{}", self.endpoint)?;
            for o in &self.options {
                write!(f, ",{o}")?;
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}

impl core::str::FromStr for StringBinding {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        StringBinding::parse(s)
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn port(s: &str, what: &'static str) -> Result<u16> {
    if s.is_empty() {
        return Ok(0);
    }
    s.parse().map_err(|_| Error::Invalid {
        what,
        offset: 0,
        reason: "endpoint is not a port number",
    })
}

fn ipv4(s: &str) -> Result<Ipv4Addr> {
    if s.is_empty() {
        return Ok(Ipv4Addr::UNSPECIFIED);
    }
    s.parse().map_err(|_| Error::Invalid {
        what: "string binding network address",
        offset: 0,
        reason: "towers carry IPv4 addresses only",
    })
}

impl Tower<'_> {
    /// The string binding this tower describes, when its floors form a known protocol
    /// sequence: ncacn_ip_tcp, ncadg_ip_udp, ncacn_http, ncacn_np or ncalrpc. `object` is
    /// copied into the binding (an endpoint map entry's object UUID; nil is left out).
    pub fn to_binding(&self, object: Option<Uuid>) -> Option<StringBinding> {
        let vals: Vec<FloorValue<'_>> = self.floors.iter().skip(2).map(Floor::value).collect();
        let find = |f: &dyn Fn(&FloorValue<'_>) -> Option<String>| vals.iter().find_map(f);
        let ip = || {
            find(&|v| match v {
                FloorValue::Ip(a) => Some(a.to_string()),
                _ => None,
            })
            .unwrap_or_default()
        };
        let (protseq, addr, endpoint) = match vals.first()? {
            FloorValue::RpcCo(_) => match vals.get(1)? {
                FloorValue::Tcp(p) => ("ncacn_ip_tcp", ip(), p.to_string()),
                FloorValue::Http(p) => ("ncacn_http", ip(), p.to_string()),
                FloorValue::NamedPipe(n) => {
                    let host = find(&|v| match v {
                        FloorValue::NetBios(h) => Some(text(h)),
                        _ => None,
                    });
                    ("ncacn_np", host.unwrap_or_default(), text(n))
                }
                _ => return None,
            },
            FloorValue::RpcCl(_) => match vals.get(1)? {
                FloorValue::Udp(p) => ("ncadg_ip_udp", ip(), p.to_string()),
                _ => return None,
            },
            FloorValue::Ncalrpc(_) => match vals.get(1)? {
                FloorValue::LrpcEndpoint(n) => ("ncalrpc", String::new(), text(n)),
                _ => return None,
            },
            _ => return None,
        };
        Some(StringBinding {
            object: object.filter(|o| *o != Uuid::NIL),
            protseq: protseq.into(),
            network_address: addr,
            endpoint,
            options: Vec::new(),
        })
    }

    /// Builds the tower Windows uses for `binding` and `interface`, with `transfer` as the
    /// transfer syntax (NDR 2.0 when `None`). The binding's object and options are not part
    /// of a tower and are ignored.
    pub fn from_binding(
        interface: SyntaxId,
        transfer: Option<SyntaxId>,
        binding: &StringBinding,
    ) -> Result<Tower<'static>> {
        let mut floors = vec![
            Floor::uuid(interface),
            Floor::uuid(transfer.unwrap_or(NDR20)),
        ];
        let b = binding;
        match b.protseq.as_str() {
            "ncacn_ip_tcp" => floors.extend([
                Floor::protocol(proto::RPC_CO, 0),
                Floor::port(proto::TCP, port(&b.endpoint, "ncacn_ip_tcp port")?),
                Floor::ip(ipv4(&b.network_address)?),
            ]),
            "ncacn_http" => floors.extend([
                Floor::protocol(proto::RPC_CO, 0),
                Floor::port(proto::HTTP, port(&b.endpoint, "ncacn_http port")?),
                Floor::ip(ipv4(&b.network_address)?),
            ]),
            "ncadg_ip_udp" => floors.extend([
                Floor::protocol(proto::RPC_CL, 0),
                Floor::port(proto::UDP, port(&b.endpoint, "ncadg_ip_udp port")?),
                Floor::ip(ipv4(&b.network_address)?),
            ]),
            "ncacn_np" => floors.extend([
                Floor::protocol(proto::RPC_CO, 0),
                Floor::name(proto::NAMED_PIPE, b.endpoint.as_bytes()),
                Floor::name(proto::NETBIOS, b.network_address.as_bytes()),
            ]),
            "ncalrpc" => floors.extend([
                Floor::protocol(proto::NCALRPC, 0),
                Floor::name(proto::LRPC_ENDPOINT, b.endpoint.as_bytes()),
            ]),
            _ => {
                return Err(Error::Invalid {
                    what: "string binding protocol sequence",
                    offset: 0,
                    reason: "not one of ncacn_ip_tcp, ncacn_http, ncadg_ip_udp, ncacn_np, ncalrpc",
                })
            }
        }
        Ok(Tower::new(floors))
    }
}
