//! Port rewriting: how an in-path optimizer steers dynamic connections to its own port.
//!
//! The client learns the dynamic port of EMSMDB or NSPI from an ept_map (or ept_lookup)
//! response, and again from the secondary address of the bind_ack on that port.
//! [`PortRewriter`] replaces the TCP port in the towers of chosen interfaces with a
//! configured port and reports every replacement as a [`PortMapping`], so the other half
//! of the proxy can connect to the original port. With [`PortRewriter::learn_only`] it
//! reports the same mappings and changes nothing.
//!
//! The rewritten stub is decoded, edited and encoded again, so every length, conformance
//! count and alignment gap is recomputed; a port is two octets in place, so in practice
//! the stub keeps its length and only those octets change.

use std::net::Ipv4Addr;

use oxwire_msrpc::ndr::NdrSyntax;
use oxwire_msrpc::pdu::BindAck;
use oxwire_msrpc::{Pdu, PduBody, SyntaxId, Uuid};

use crate::calls::{EptLookupResponse, EptMapResponse, Stub};
use crate::error::{Error, Result};
use crate::types::{Ptr, Twr};

/// Which interfaces' towers to rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interfaces {
    /// Every tower with a TCP floor.
    All,
    /// Towers whose first floor names one of these interface UUIDs (any version).
    Only(Vec<Uuid>),
}

impl Interfaces {
    fn matches(&self, interface: Option<SyntaxId>) -> bool {
        match self {
            Interfaces::All => true,
            Interfaces::Only(list) => interface.is_some_and(|i| list.contains(&i.uuid)),
        }
    }
}

/// One port the rewriter replaced (or, learning only, would have replaced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortMapping {
    /// The tower's interface (from its first floor), when it has one.
    pub interface: Option<SyntaxId>,
    /// The tower's IPv4 address, when it has one.
    pub address: Option<Ipv4Addr>,
    /// The port the server announced.
    pub original: u16,
    /// The port the client now sees (equal to `original` when learning only).
    pub rewritten: u16,
}

/// The result of rewriting one stub or PDU.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rewritten {
    /// The new bytes, or `None` when nothing changed (forward the original).
    pub bytes: Option<Vec<u8>>,
    /// Every port that matched, in order of appearance.
    pub mappings: Vec<PortMapping>,
}

/// Replaces TCP ports of chosen interfaces in endpoint mapper responses and bind_acks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortRewriter {
    /// Which towers to touch.
    pub interfaces: Interfaces,
    /// The port to put in their place.
    pub port: u16,
    /// Only report mappings; never change bytes.
    pub learn_only: bool,
}

impl PortRewriter {
    /// A rewriter that puts `port` into the towers of `interfaces`.
    pub fn new(interfaces: Interfaces, port: u16) -> Self {
        PortRewriter {
            interfaces,
            port,
            learn_only: false,
        }
    }

    /// A rewriter that only learns the ports of `interfaces`.
    pub fn learn_only(interfaces: Interfaces) -> Self {
        PortRewriter {
            interfaces,
            port: 0,
            learn_only: true,
        }
    }

    /// Rewrites one tower in place when it matches; returns the mapping.
    fn tower(&self, twr: &mut Twr<'_>) -> Option<PortMapping> {
        let mut tower = twr.tower().ok()?;
        let interface = tower.interface();
        if !self.interfaces.matches(interface) {
            return None;
        }
        let original = tower.tcp_port()?;
        let address = tower.ip();
        let rewritten = if self.learn_only { original } else { self.port };
        if rewritten != original {
            tower.set_tcp_port(rewritten);
            let octets = tower.to_vec().ok()?;
            *twr = Twr::new(octets);
        }
        Some(PortMapping {
            interface,
            address,
            original,
            rewritten,
        })
    }

    fn towers<'a, 'b>(
        &self,
        ptrs: impl Iterator<Item = &'b mut Ptr<Twr<'a>>>,
    ) -> (bool, Vec<PortMapping>)
    where
        'a: 'b,
    {
        let mut changed = false;
        let mut mappings = Vec::new();
        for p in ptrs {
            if let Some(t) = p.value.as_mut() {
                if let Some(m) = self.tower(t) {
                    changed |= m.original != m.rewritten;
                    mappings.push(m);
                }
            }
        }
        (changed, mappings)
    }

    /// Rewrites an ept_map response stub (the reassembled stub of the response PDUs).
    pub fn rewrite_map_response(
        &self,
        stub: &[u8],
        syntax: NdrSyntax,
        little_endian: bool,
    ) -> Result<Rewritten> {
        let mut resp = EptMapResponse::decode(stub, syntax, little_endian)?;
        let (changed, mappings) = self.towers(resp.towers.iter_mut());
        let bytes = if changed {
            Some(resp.encode(syntax, little_endian)?)
        } else {
            None
        };
        Ok(Rewritten { bytes, mappings })
    }

    /// Rewrites an ept_lookup response stub.
    pub fn rewrite_lookup_response(
        &self,
        stub: &[u8],
        syntax: NdrSyntax,
        little_endian: bool,
    ) -> Result<Rewritten> {
        let mut resp = EptLookupResponse::decode(stub, syntax, little_endian)?;
        let (changed, mappings) = self.towers(resp.entries.iter_mut().map(|e| &mut e.tower));
        let bytes = if changed {
            Some(resp.encode(syntax, little_endian)?)
        } else {
            None
        };
        Ok(Rewritten { bytes, mappings })
    }

    /// Rewrites the secondary address of a bind_ack PDU that answers a bind to
    /// `interface` (the port as decimal text, NUL-terminated, MS-RPCE 2.2.2.4 /
    /// C706 12.6.4.4). Returns the new PDU bytes when the port changed; frag_length and
    /// the padding after the address are recomputed.
    pub fn rewrite_bind_ack(&self, pdu: &[u8], interface: SyntaxId) -> Result<Rewritten> {
        let bad = |reason| Error::Invalid {
            what: "bind_ack",
            offset: 0,
            reason,
        };
        let (mut p, used) = Pdu::decode(pdu).map_err(|_| bad("not a decodable PDU"))?;
        if used != pdu.len() {
            return Err(bad("octets follow the PDU"));
        }
        if !self.interfaces.matches(Some(interface)) {
            return Ok(Rewritten::default());
        }
        let PduBody::BindAck(ack) = &p.body else {
            return Err(bad("not a bind_ack"));
        };
        let text = ack.sec_addr_str();
        let Ok(original) = text.parse::<u16>() else {
            // Named-pipe and other non-TCP secondary addresses carry no port.
            return Ok(Rewritten::default());
        };
        let rewritten = if self.learn_only { original } else { self.port };
        let mapping = PortMapping {
            interface: Some(interface),
            address: None,
            original,
            rewritten,
        };
        if rewritten == original {
            return Ok(Rewritten {
                bytes: None,
                mappings: vec![mapping],
            });
        }
        let mut addr = rewritten.to_string().into_bytes();
        if ack.sec_addr.last() == Some(&0) {
            addr.push(0);
        }
        let mut new_ack = BindAck::new(
            ack.max_xmit_frag,
            ack.max_recv_frag,
            ack.assoc_group_id,
            &addr,
            ack.results.clone(),
        );
        new_ack.reserved = ack.reserved;
        new_ack.trailing = ack.trailing;
        p.body = PduBody::BindAck(new_ack);
        let bytes = p
            .to_vec()
            .map_err(|_| bad("rewritten bind_ack does not encode"))?;
        Ok(Rewritten {
            bytes: Some(bytes),
            mappings: vec![mapping],
        })
    }
}
