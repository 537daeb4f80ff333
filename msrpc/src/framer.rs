//! Push framing: bytes arrive in whatever chunks the transport delivers; complete PDUs come out.

use crate::error::{Error, Result};
use crate::header::{peek_frag_length, Status};
use crate::limits::Limits;

/// Splits a byte stream into PDUs.
///
/// [`push`](Framer::push) accepts any chunk; [`next_pdu`](Framer::next_pdu) returns the next
/// complete PDU's bytes, or `None` when more input is needed. Bytes are copied once into an
/// internal buffer that is compacted lazily, so a PDU is returned as one contiguous slice
/// however it was split on the wire.
///
/// ```
/// use oxwire_msrpc::Framer;
/// let shutdown = [5, 0, 17, 3, 0x10, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0];
/// let mut f = Framer::default();
/// f.push(&shutdown[..5]);
/// assert!(f.next_pdu().unwrap().is_none());
/// f.push(&shutdown[5..]);
/// assert_eq!(f.next_pdu().unwrap().unwrap(), &shutdown[..]);
/// ```
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    start: usize,
    limits: Limits,
    failed: bool,
}

impl Framer {
    /// A framer with the given limits.
    pub fn new(limits: Limits) -> Self {
        Framer {
            buf: Vec::new(),
            start: 0,
            limits,
            failed: false,
        }
    }

    /// Appends bytes received from the transport.
    pub fn push(&mut self, data: &[u8]) {
        if self.start > 0 && self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        } else if self.start > 0 && self.start >= self.buf.len() / 2 {
            // Drop consumed bytes only when they dominate, so compaction stays amortized O(1).
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(data);
    }

    /// Bytes held that do not yet form a complete PDU.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    /// The next complete PDU, if one has arrived.
    ///
    /// After an error the stream cannot be resynchronised (DCE/RPC has no markers), so every
    /// later call returns the same kind of error until [`reset`](Self::reset).
    pub fn next_pdu(&mut self) -> Result<Option<&[u8]>> {
        if self.failed {
            return Err(Error::Invalid {
                what: "stream",
                offset: self.start,
                reason: "framing was lost earlier in this stream",
            });
        }
        let avail = &self.buf[self.start..];
        match peek_frag_length(avail) {
            Err(e) => {
                self.failed = true;
                Err(e)
            }
            Ok(Status::Partial(_)) => Ok(None),
            Ok(Status::Complete(len)) => {
                if len > self.limits.max_frag_length as usize {
                    self.failed = true;
                    return Err(Error::LimitExceeded {
                        what: "frag_length",
                        limit: self.limits.max_frag_length as usize,
                        actual: len,
                    });
                }
                let s = self.start;
                self.start += len;
                Ok(Some(&self.buf[s..s + len]))
            }
        }
    }

    /// Forgets all buffered bytes and any earlier error.
    pub fn reset(&mut self) {
        self.buf.clear();
        self.start = 0;
        self.failed = false;
    }
}

/// Splits a buffer that holds whole PDUs back to back, without copying.
///
/// Yields each PDU's bytes; an error ends the iteration. Trailing bytes that do not form a
/// whole PDU are reported as a `Truncated` error.
pub fn split_pdus(buf: &[u8]) -> impl Iterator<Item = Result<&[u8]>> {
    let mut rest = buf;
    let mut done = false;
    core::iter::from_fn(move || {
        if done || rest.is_empty() {
            return None;
        }
        match peek_frag_length(rest) {
            Ok(Status::Complete(len)) => {
                let (a, b) = rest.split_at(len);
                rest = b;
                Some(Ok(a))
            }
            Ok(Status::Partial(need)) => {
                done = true;
                Some(Err(Error::Truncated {
                    what: "PDU",
                    offset: buf.len() - rest.len(),
                    needed: need,
                    available: rest.len(),
                }))
            }
            Err(e) => {
                done = true;
                Some(Err(e))
            }
        }
    })
}
