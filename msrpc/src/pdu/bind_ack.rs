//! bind_ack and alter_context_resp (C706 12.6.4.4 and 12.6.4.2): the server's answer to each
//! proposed context, plus the secondary address on a bind_ack.

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::reader::{Reader, Writer};
use crate::uuid::SyntaxId;

/// The server's answer to one context item (`p_result_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContextResult {
    /// 0 acceptance, 1 user rejection, 2 provider rejection, 3 negotiate_ack (MS-RPCE
    /// bind-time feature negotiation).
    pub result: u16,
    /// Rejection reason; for negotiate_ack, the accepted feature bits.
    pub reason: u16,
    /// The accepted transfer syntax (nil when rejected or for negotiate_ack).
    pub transfer_syntax: SyntaxId,
}

impl ContextResult {
    /// acceptance.
    pub const ACCEPTANCE: u16 = 0;
    /// user_rejection.
    pub const USER_REJECTION: u16 = 1;
    /// provider_rejection.
    pub const PROVIDER_REJECTION: u16 = 2;
    /// negotiate_ack: the answer to a bind-time feature negotiation item.
    pub const NEGOTIATE_ACK: u16 = 3;

    /// Name of a result value.
    pub fn result_name(result: u16) -> &'static str {
        match result {
            0 => "acceptance",
            1 => "user_rejection",
            2 => "provider_rejection",
            3 => "negotiate_ack",
            _ => "unknown",
        }
    }
}

/// A bind_ack or alter_context_resp body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindAck<'a> {
    /// `max_xmit_frag` chosen by the server.
    pub max_xmit_frag: u16,
    /// `max_recv_frag` chosen by the server.
    pub max_recv_frag: u16,
    /// `assoc_group_id` of the association group.
    pub assoc_group_id: u32,
    /// `sec_addr.port_spec` bytes as sent, including the terminating NUL when present
    /// (the port of the endpoint, e.g. `b"49679\0"`; empty on alter_context_resp).
    pub sec_addr: &'a [u8],
    /// Padding that aligns the result list to 4 bytes, kept for exact re-encoding.
    pub pad: &'a [u8],
    /// The three reserved bytes after `n_results`.
    pub reserved: [u8; 3],
    /// One result per proposed context item, in order.
    pub results: Vec<ContextResult>,
    /// Bytes after the result list and before any authentication padding.
    pub trailing: &'a [u8],
}

impl<'a> BindAck<'a> {
    /// A body whose padding is computed and whose reserved fields are zero.
    pub fn new(
        max_xmit_frag: u16,
        max_recv_frag: u16,
        assoc_group_id: u32,
        sec_addr: &'a [u8],
        results: Vec<ContextResult>,
    ) -> Self {
        const ZEROS: [u8; 3] = [0; 3];
        // The result list starts 4-aligned from the PDU start; sec_addr begins at offset 26.
        let pad = (4 - (26 + sec_addr.len()) % 4) % 4;
        BindAck {
            max_xmit_frag,
            max_recv_frag,
            assoc_group_id,
            sec_addr,
            pad: &ZEROS[..pad],
            reserved: [0; 3],
            results,
            trailing: &[],
        }
    }

    /// The secondary address as text, without the NUL terminator.
    pub fn sec_addr_str(&self) -> String {
        let s = self.sec_addr.strip_suffix(&[0]).unwrap_or(self.sec_addr);
        String::from_utf8_lossy(s).into_owned()
    }

    pub(crate) fn decode(r: &mut Reader<'a>, limits: &Limits) -> Result<Self> {
        let max_xmit_frag = r.u16("bind_ack.max_xmit_frag")?;
        let max_recv_frag = r.u16("bind_ack.max_recv_frag")?;
        let assoc_group_id = r.u32("bind_ack.assoc_group_id")?;
        let len = r.u16("bind_ack.sec_addr.length")? as usize;
        let sec_addr = r.take(len, "bind_ack.sec_addr.port_spec")?;
        let pad_len = (4 - r.offset() % 4) % 4;
        let pad = r.take(pad_len, "bind_ack.pad")?;
        let at = r.offset();
        let n = r.u8("bind_ack.p_result_list.n_results")? as usize;
        let reserved = r.array::<3>("bind_ack.p_result_list.reserved")?;
        if n > limits.max_context_items {
            return Err(Error::LimitExceeded {
                what: "bind_ack.p_result_list.n_results",
                limit: limits.max_context_items,
                actual: n,
            });
        }
        if n * 24 > r.remaining() {
            return Err(Error::Truncated {
                what: "bind_ack.p_result_list.p_results",
                offset: at,
                needed: n * 24,
                available: r.remaining(),
            });
        }
        let mut results = Vec::with_capacity(n);
        for _ in 0..n {
            results.push(ContextResult {
                result: r.u16("p_result.result")?,
                reason: r.u16("p_result.reason")?,
                transfer_syntax: SyntaxId::read(r, "p_result.transfer_syntax")?,
            });
        }
        Ok(BindAck {
            max_xmit_frag,
            max_recv_frag,
            assoc_group_id,
            sec_addr,
            pad,
            reserved,
            results,
            trailing: r.rest(),
        })
    }

    pub(crate) fn encoded_len(&self) -> usize {
        10 + self.sec_addr.len()
            + self.pad.len()
            + 4
            + 24 * self.results.len()
            + self.trailing.len()
    }

    pub(crate) fn encode(&self, w: &mut Writer<'_>) {
        w.u16(self.max_xmit_frag);
        w.u16(self.max_recv_frag);
        w.u32(self.assoc_group_id);
        w.u16(self.sec_addr.len() as u16);
        w.bytes(self.sec_addr);
        w.bytes(self.pad);
        w.u8(self.results.len() as u8);
        w.bytes(&self.reserved);
        for res in &self.results {
            w.u16(res.result);
            w.u16(res.reason);
            res.transfer_syntax.write(w);
        }
        w.bytes(self.trailing);
    }
}
