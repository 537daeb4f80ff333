//! bind and alter_context (C706 12.6.4.3 and 12.6.4.1): the client proposes presentation
//! contexts, each an abstract syntax (interface) with transfer syntaxes to choose from.

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::reader::{Reader, Writer};
use crate::uuid::SyntaxId;

/// One presentation context item (`p_cont_elem_t`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextItem {
    /// `p_cont_id`.
    pub ctx_id: u16,
    /// Reserved byte after `n_transfer_syn`, kept for exact re-encoding.
    pub reserved: u8,
    /// The interface.
    pub abstract_syntax: SyntaxId,
    /// Transfer syntaxes offered, in the client's order of preference.
    pub transfer_syntaxes: Vec<SyntaxId>,
}

impl ContextItem {
    /// A context item with zeroed reserved fields.
    pub fn new(ctx_id: u16, abstract_syntax: SyntaxId, transfer_syntaxes: Vec<SyntaxId>) -> Self {
        ContextItem {
            ctx_id,
            reserved: 0,
            abstract_syntax,
            transfer_syntaxes,
        }
    }

    fn encoded_len(&self) -> usize {
        4 + SyntaxId::LEN * (1 + self.transfer_syntaxes.len())
    }
}

/// A bind or alter_context body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bind<'a> {
    /// `max_xmit_frag`: largest fragment the client will send.
    pub max_xmit_frag: u16,
    /// `max_recv_frag`: largest fragment the client will receive.
    pub max_recv_frag: u16,
    /// `assoc_group_id`: 0 for a new association group.
    pub assoc_group_id: u32,
    /// The three reserved bytes after `n_context_elem`, kept for exact re-encoding.
    pub reserved: [u8; 3],
    /// The proposed contexts.
    pub contexts: Vec<ContextItem>,
    /// Bytes after the context list and before any authentication padding.
    pub trailing: &'a [u8],
}

impl<'a> Bind<'a> {
    /// A body with zeroed reserved fields and nothing trailing.
    pub fn new(
        max_xmit_frag: u16,
        max_recv_frag: u16,
        assoc_group_id: u32,
        contexts: Vec<ContextItem>,
    ) -> Self {
        Bind {
            max_xmit_frag,
            max_recv_frag,
            assoc_group_id,
            reserved: [0; 3],
            contexts,
            trailing: &[],
        }
    }

    pub(crate) fn decode(r: &mut Reader<'a>, limits: &Limits) -> Result<Self> {
        let max_xmit_frag = r.u16("bind.max_xmit_frag")?;
        let max_recv_frag = r.u16("bind.max_recv_frag")?;
        let assoc_group_id = r.u32("bind.assoc_group_id")?;
        let at = r.offset();
        let n = r.u8("bind.p_context_elem.n_context_elem")? as usize;
        let reserved = r.array::<3>("bind.p_context_elem.reserved")?;
        if n > limits.max_context_items {
            return Err(Error::LimitExceeded {
                what: "bind.p_context_elem.n_context_elem",
                limit: limits.max_context_items,
                actual: n,
            });
        }
        // Each item is at least 24 bytes; refuse a count the bytes cannot hold before allocating.
        if n * 24 > r.remaining() {
            return Err(Error::Truncated {
                what: "bind.p_context_elem.p_cont_elem",
                offset: at,
                needed: n * 24,
                available: r.remaining(),
            });
        }
        let mut contexts = Vec::with_capacity(n);
        for _ in 0..n {
            let ctx_id = r.u16("p_cont_elem.p_cont_id")?;
            let at = r.offset();
            let ns = r.u8("p_cont_elem.n_transfer_syn")? as usize;
            let reserved = r.u8("p_cont_elem.reserved")?;
            let abstract_syntax = SyntaxId::read(r, "p_cont_elem.abstract_syntax")?;
            if ns > limits.max_transfer_syntaxes {
                return Err(Error::LimitExceeded {
                    what: "p_cont_elem.n_transfer_syn",
                    limit: limits.max_transfer_syntaxes,
                    actual: ns,
                });
            }
            if ns * SyntaxId::LEN > r.remaining() {
                return Err(Error::Truncated {
                    what: "p_cont_elem.transfer_syntaxes",
                    offset: at,
                    needed: ns * SyntaxId::LEN,
                    available: r.remaining(),
                });
            }
            let mut transfer_syntaxes = Vec::with_capacity(ns);
            for _ in 0..ns {
                transfer_syntaxes.push(SyntaxId::read(r, "p_cont_elem.transfer_syntaxes")?);
            }
            contexts.push(ContextItem {
                ctx_id,
                reserved,
                abstract_syntax,
                transfer_syntaxes,
            });
        }
        Ok(Bind {
            max_xmit_frag,
            max_recv_frag,
            assoc_group_id,
            reserved,
            contexts,
            trailing: r.rest(),
        })
    }

    pub(crate) fn encoded_len(&self) -> usize {
        12 + self
            .contexts
            .iter()
            .map(ContextItem::encoded_len)
            .sum::<usize>()
            + self.trailing.len()
    }

    /// Writes the body; [`crate::Pdu::encode`] has already checked the counts with `validate`.
    pub(crate) fn encode(&self, w: &mut Writer<'_>) {
        w.u16(self.max_xmit_frag);
        w.u16(self.max_recv_frag);
        w.u32(self.assoc_group_id);
        w.u8(self.contexts.len() as u8);
        w.bytes(&self.reserved);
        for c in &self.contexts {
            w.u16(c.ctx_id);
            w.u8(c.transfer_syntaxes.len() as u8);
            w.u8(c.reserved);
            c.abstract_syntax.write(w);
            for t in &c.transfer_syntaxes {
                t.write(w);
            }
        }
        w.bytes(self.trailing);
    }

    /// Checks that the counts fit their 8-bit wire fields.
    pub fn validate(&self) -> Result<()> {
        if self.contexts.len() > 255 {
            return Err(Error::LimitExceeded {
                what: "bind.p_context_elem.n_context_elem",
                limit: 255,
                actual: self.contexts.len(),
            });
        }
        for c in &self.contexts {
            if c.transfer_syntaxes.len() > 255 {
                return Err(Error::LimitExceeded {
                    what: "p_cont_elem.n_transfer_syn",
                    limit: 255,
                    actual: c.transfer_syntaxes.len(),
                });
            }
        }
        Ok(())
    }
}
