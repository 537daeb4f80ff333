//! Flow control of one hop (MS-RPCH 3.2.1.4.1): the sender's available window and the
//! receiver's acknowledgments.

use std::collections::VecDeque;

use crate::command::{Ack, Cookie};
use crate::error::{Error, Result};

/// The sending side of a hop: PDUs wait here while the receiver's window is used up.
///
/// Receivers acknowledge each time half their window has arrived, so a window must be at
/// least twice the largest PDU sent into it; Windows' defaults (64 KiB windows, fragments of
/// a few KiB) satisfy this by far.
#[derive(Debug, Clone)]
pub struct FlowSender {
    bytes_sent: u32,
    acked_received: u32,
    available_from_ack: u32,
    /// PDUs in order; the flag says whether the PDU counts against the window (RTS PDUs
    /// queued behind data to keep their order do not).
    queue: VecDeque<(Vec<u8>, bool)>,
    queued: usize,
    cookie: Cookie,
}

impl FlowSender {
    /// A sender towards a receiver that advertised `window` bytes, on the channel `cookie`.
    pub fn new(window: u32, cookie: Cookie) -> Self {
        FlowSender {
            bytes_sent: 0,
            acked_received: 0,
            available_from_ack: window,
            queue: VecDeque::new(),
            queued: 0,
            cookie,
        }
    }

    /// The channel this sender sends on.
    pub fn cookie(&self) -> Cookie {
        self.cookie
    }

    /// Bytes the receiver can still take: AvailableWindow_from_ack − (BytesSent −
    /// BytesReceived_from_ack), never below zero.
    pub fn available(&self) -> u32 {
        let in_flight = self.bytes_sent.wrapping_sub(self.acked_received);
        self.available_from_ack.saturating_sub(in_flight)
    }

    /// The window the receiver last announced.
    pub fn window(&self) -> u32 {
        self.available_from_ack
    }

    /// Bytes waiting for window.
    pub fn queued_bytes(&self) -> usize {
        self.queued
    }

    /// Takes an acknowledgment from the receiver.
    pub fn on_ack(&mut self, ack: &Ack) {
        self.acked_received = ack.bytes_received;
        self.available_from_ack = ack.available_window;
    }

    /// Queues a PDU.
    pub fn push(&mut self, pdu: Vec<u8>) {
        self.queued += pdu.len();
        self.queue.push_back((pdu, true));
    }

    /// Queues an RTS PDU that must not overtake the PDUs queued before it but takes no window
    /// (MS-RPCH 3.2.1.4.1: RTS PDUs are not flow controlled).
    pub fn push_control(&mut self, pdu: Vec<u8>) {
        self.queue.push_back((pdu, false));
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Length of the PDU that would be sent next.
    pub fn front_len(&self) -> Option<usize> {
        self.queue.front().map(|(p, _)| p.len())
    }

    /// Whether `len` bytes could be sent at once: nothing waits and the window allows them.
    pub fn can_send_now(&self, len: usize) -> bool {
        self.queue.is_empty() && len as u64 <= u64::from(self.available())
    }

    /// Counts `len` bytes as sent without queueing them, when nothing waits and the window
    /// allows it; the caller then writes them at once. This is the relay's path that avoids
    /// copying each PDU into a queue of its own.
    pub fn try_send_now(&mut self, len: usize) -> bool {
        if !self.queue.is_empty() || len as u64 > u64::from(self.available()) {
            return false;
        }
        self.bytes_sent = self.bytes_sent.wrapping_add(len as u32);
        true
    }

    /// The next PDU the window allows, counted as sent.
    pub fn pop(&mut self) -> Option<Vec<u8>> {
        let (front, metered) = self.queue.front()?;
        let (len, metered) = (front.len(), *metered);
        if metered && len as u64 > u64::from(self.available()) {
            return None;
        }
        let (p, _) = self.queue.pop_front()?;
        if metered {
            self.queued -= len;
            self.bytes_sent = self.bytes_sent.wrapping_add(len as u32);
        }
        Some(p)
    }

    /// A sender for the successor channel after recycling: the PDUs not yet sent move to it,
    /// and its window is the successor receiver's.
    pub fn successor(&mut self, window: u32, cookie: Cookie) -> FlowSender {
        let mut s = FlowSender::new(window, cookie);
        s.queue = std::mem::take(&mut self.queue);
        s.queued = std::mem::take(&mut self.queued);
        s
    }
}

/// The receiving side of a hop.
#[derive(Debug, Clone)]
pub struct FlowReceiver {
    window: u32,
    received: u32,
    since_ack: u32,
    /// Bytes received but not yet consumed (a relay holding them for its own window).
    held: u32,
    cookie: Cookie,
    /// Acknowledge the first bytes passed on at once rather than at half the window.
    ack_first: bool,
}

impl FlowReceiver {
    /// A receiver with a receive window of `window` bytes for channel `cookie`.
    pub fn new(window: u32, cookie: Cookie) -> Self {
        FlowReceiver {
            window,
            received: 0,
            since_ack: 0,
            held: 0,
            cookie,
            ack_first: false,
        }
    }

    /// A receiver for a successor channel: the first bytes it passes on are acknowledged at
    /// once, since that acknowledgment is what tells the client the server took the channel
    /// (and may be recycled again). Waiting for half the window would never end when the
    /// channel's lifetime is smaller than that.
    pub fn successor(window: u32, cookie: Cookie) -> Self {
        FlowReceiver {
            ack_first: true,
            ..FlowReceiver::new(window, cookie)
        }
    }

    /// The receive window.
    pub fn window(&self) -> u32 {
        self.window
    }

    /// The channel this receiver acknowledges.
    pub fn cookie(&self) -> Cookie {
        self.cookie
    }

    /// Bytes received and not yet passed on.
    pub fn held(&self) -> u32 {
        self.held
    }

    /// Counts a received RPC PDU of `len` bytes (consumed at once by the host, so the whole
    /// window is free again after it). Returns the acknowledgment to send when half the
    /// window has arrived since the last one; fails when the sender overran the window.
    pub fn on_data(&mut self, len: usize) -> Result<Option<Ack>> {
        self.on_receive(len)?;
        Ok(self.on_consume(len))
    }

    /// Whether `len` more bytes may arrive before the next acknowledgment without overrunning
    /// the window.
    pub fn can_receive(&self, len: usize) -> bool {
        u64::from(self.since_ack) + u64::from(self.held) + len as u64 <= u64::from(self.window)
    }

    /// Counts a received RPC PDU that stays held (a proxy waiting for the next hop's window);
    /// fails when the sender overran the window.
    pub fn on_receive(&mut self, len: usize) -> Result<()> {
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        let unacked = u64::from(self.since_ack) + u64::from(self.held) + u64::from(len);
        if unacked > u64::from(self.window) {
            return Err(Error::WindowExceeded {
                received: unacked,
                window: self.window,
            });
        }
        self.held += len;
        Ok(())
    }

    /// A held PDU of `len` bytes was passed on: its room is free again. Returns the
    /// acknowledgment to send when half the window has been freed since the last one.
    pub fn on_consume(&mut self, len: usize) -> Option<Ack> {
        let len = u32::try_from(len).unwrap_or(u32::MAX).min(self.held);
        self.held -= len;
        self.received = self.received.wrapping_add(len);
        self.since_ack += len;
        if self.since_ack >= self.window / 2 || (self.ack_first && len > 0) {
            self.ack_first = false;
            self.since_ack = 0;
            return Some(Ack {
                bytes_received: self.received,
                available_window: self.window,
                channel_cookie: self.cookie,
            });
        }
        None
    }
}
