//! Per-connection state: which interface each presentation context carries and which request
//! each response answers.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Result};
use crate::header::PfcFlags;
use crate::limits::Limits;
use crate::pdu::{BindAck, ContextItem, ContextResult, Pdu, PduBody};
use crate::uuid::SyntaxId;

/// Which way a PDU travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// From the client (the side that binds) to the server.
    ClientToServer,
    /// From the server to the client.
    ServerToClient,
}

/// A negotiated presentation context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresentationContext {
    /// `p_cont_id`.
    pub ctx_id: u16,
    /// The interface.
    pub interface: SyntaxId,
    /// The transfer syntax the server accepted.
    pub transfer_syntax: SyntaxId,
}

/// What the association knows about the call a request or response belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallInfo {
    /// `call_id`.
    pub call_id: u32,
    /// The request's context id.
    pub ctx_id: u16,
    /// The request's operation number.
    pub opnum: u16,
    /// The context, when the association negotiated it.
    pub context: Option<PresentationContext>,
}

/// Association state for one connection (C706 12.5), fed every PDU in both directions.
///
/// Contexts are added by bind and alter_context once the server accepts them, so several
/// interfaces (EMSMDB and NSPI, say) can share one connection, and an id proposed again in a
/// later alter_context replaces the earlier context. Requests are remembered by call id until
/// their last response fragment (or fault) so that overlapping calls are paired correctly.
#[derive(Debug, Default)]
pub struct Association {
    limits: Limits,
    contexts: BTreeMap<u16, PresentationContext>,
    proposals: HashMap<u32, Vec<ContextItem>>,
    calls: HashMap<u32, CallInfo>,
    /// `max_xmit_frag` of the latest bind_ack: the largest fragment the server sends.
    pub max_xmit_frag: Option<u16>,
    /// `max_recv_frag` of the latest bind_ack: the largest fragment the server accepts.
    pub max_recv_frag: Option<u16>,
    /// The association group id the server assigned.
    pub assoc_group_id: Option<u32>,
    /// The secondary address (server port) of the bind_ack.
    pub sec_addr: Option<String>,
    /// Bind-time features the server acknowledged (MS-RPCE 3.3.1.5.3).
    pub features: Option<u16>,
    /// The client offered header signing in its bind.
    pub client_header_sign: bool,
    /// Both sides agreed to header signing (MS-RPCE 3.3.1.5.2.1).
    pub header_sign: bool,
}

impl Association {
    /// An empty association with the given limits.
    pub fn new(limits: Limits) -> Self {
        Association {
            limits,
            ..Default::default()
        }
    }

    /// The context with this id.
    pub fn context(&self, ctx_id: u16) -> Option<&PresentationContext> {
        self.contexts.get(&ctx_id)
    }

    /// All negotiated contexts by id.
    pub fn contexts(&self) -> impl Iterator<Item = &PresentationContext> {
        self.contexts.values()
    }

    /// Requests without a final response yet.
    pub fn pending_calls(&self) -> usize {
        self.calls.len()
    }

    /// Records a context learnt elsewhere (a capture that starts after the bind, with the
    /// interface known from the port it runs on).
    pub fn learn_context(&mut self, ctx: PresentationContext) {
        self.contexts.insert(ctx.ctx_id, ctx);
    }

    /// Feeds one PDU. For requests, responses and faults, returns the call it belongs to.
    ///
    /// A request in a context that was never negotiated yields [`Error::UnknownContext`], but
    /// is remembered all the same so that its response can still be paired (a capture that
    /// starts after the bind).
    pub fn handle_pdu(&mut self, dir: Direction, pdu: &Pdu<'_>) -> Result<Option<CallInfo>> {
        let call_id = pdu.header.call_id;
        let flags = pdu.header.pfc_flags;
        match (&pdu.body, dir) {
            (PduBody::Bind(b) | PduBody::AlterContext(b), Direction::ClientToServer) => {
                if b.contexts.is_empty() {
                    return Err(Error::Invalid {
                        what: "bind.p_context_elem.n_context_elem",
                        offset: 24,
                        reason: "a bind must propose at least one presentation context",
                    });
                }
                if self.proposals.len() >= self.limits.max_pending_calls {
                    return Err(Error::LimitExceeded {
                        what: "unanswered binds",
                        limit: self.limits.max_pending_calls,
                        actual: self.proposals.len() + 1,
                    });
                }
                if matches!(pdu.body, PduBody::Bind(_)) {
                    self.client_header_sign = flags.has(PfcFlags::SUPPORT_HEADER_SIGN);
                }
                self.proposals.insert(call_id, b.contexts.clone());
                Ok(None)
            }
            (PduBody::BindAck(a), Direction::ServerToClient) => {
                self.max_xmit_frag = Some(a.max_xmit_frag);
                self.max_recv_frag = Some(a.max_recv_frag);
                self.assoc_group_id = Some(a.assoc_group_id);
                self.sec_addr = Some(a.sec_addr_str());
                self.header_sign =
                    self.client_header_sign && flags.has(PfcFlags::SUPPORT_HEADER_SIGN);
                self.apply_results(call_id, a)?;
                Ok(None)
            }
            (PduBody::AlterContextResp(a), Direction::ServerToClient) => {
                self.apply_results(call_id, a)?;
                Ok(None)
            }
            (PduBody::BindNak(_), Direction::ServerToClient) => {
                self.proposals.remove(&call_id);
                Ok(None)
            }
            (PduBody::Request(r), Direction::ClientToServer) => {
                let context = self.contexts.get(&r.ctx_id).copied();
                let info = CallInfo {
                    call_id,
                    ctx_id: r.ctx_id,
                    opnum: r.opnum,
                    context,
                };
                if flags.first() {
                    if !self.calls.contains_key(&call_id)
                        && self.calls.len() >= self.limits.max_pending_calls
                    {
                        return Err(Error::LimitExceeded {
                            what: "pending calls",
                            limit: self.limits.max_pending_calls,
                            actual: self.calls.len() + 1,
                        });
                    }
                    // `maybe` calls get no response, so nothing waits for one.
                    if !flags.has(PfcFlags::MAYBE) {
                        self.calls.insert(call_id, info);
                    }
                }
                // The call is still remembered, so its response pairs with it; the caller
                // learns that the context was never negotiated on this association.
                if context.is_none() {
                    return Err(Error::UnknownContext { ctx_id: r.ctx_id });
                }
                Ok(Some(info))
            }
            (PduBody::Response(_) | PduBody::Fault(_), Direction::ServerToClient) => {
                let info = if flags.last() {
                    self.calls.remove(&call_id)
                } else {
                    self.calls.get(&call_id).copied()
                };
                match info {
                    Some(i) => Ok(Some(i)),
                    None => Err(Error::FragmentSequence {
                        call_id,
                        reason: "response to a call that has no pending request",
                    }),
                }
            }
            (PduBody::CoCancel(_), Direction::ClientToServer) => Ok(None),
            (PduBody::Orphaned(_), Direction::ClientToServer) => {
                self.calls.remove(&call_id);
                Ok(None)
            }
            (PduBody::Auth3(_), Direction::ClientToServer)
            | (PduBody::Shutdown(_), Direction::ServerToClient)
            | (PduBody::Rts(_), _) => Ok(None),
            _ => Err(Error::Invalid {
                what: "ptype",
                offset: 2,
                reason: "this packet type does not travel in this direction",
            }),
        }
    }

    fn apply_results(&mut self, call_id: u32, ack: &BindAck<'_>) -> Result<()> {
        let Some(items) = self.proposals.remove(&call_id) else {
            return Err(Error::FragmentSequence {
                call_id,
                reason: "bind_ack or alter_context_resp without a bind or alter_context",
            });
        };
        for (item, res) in items.iter().zip(&ack.results) {
            match res.result {
                ContextResult::ACCEPTANCE => {
                    if !self.contexts.contains_key(&item.ctx_id)
                        && self.contexts.len() >= self.limits.max_contexts
                    {
                        return Err(Error::LimitExceeded {
                            what: "presentation contexts",
                            limit: self.limits.max_contexts,
                            actual: self.contexts.len() + 1,
                        });
                    }
                    self.contexts.insert(
                        item.ctx_id,
                        PresentationContext {
                            ctx_id: item.ctx_id,
                            interface: item.abstract_syntax,
                            transfer_syntax: res.transfer_syntax,
                        },
                    );
                }
                ContextResult::NEGOTIATE_ACK => self.features = Some(res.reason),
                _ => {}
            }
        }
        if items.len() != ack.results.len() {
            return Err(Error::Invalid {
                what: "p_result_list.n_results",
                offset: 0,
                reason: "result count differs from the number of proposed contexts",
            });
        }
        Ok(())
    }
}
