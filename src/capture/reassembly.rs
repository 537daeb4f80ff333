//! TCP stream reassembly, one byte stream per flow and direction.
//!
//! Sequence numbers are mapped onto 64-bit stream offsets relative to the first payload byte,
//! so wraparound of the 32-bit space is invisible to the rest of the logic: a segment's
//! position is taken as the nearest one (within ±2 GiB) to the next expected byte.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;

use super::{Limits, TcpSegment};

/// Identifier of a TCP stream: 0, 1, 2, ... in order of first appearance in the capture, like
/// Wireshark's `tcp.stream`. A 4-tuple reused by a new connection gets a new id.
pub type StreamId = u64;

/// Direction of bytes within a stream, relative to the connection initiator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// From the client (the SYN sender, or the first packet's sender if no SYN was seen).
    ClientToServer,
    /// From the server to the client.
    ServerToClient,
}

impl Direction {
    fn index(self) -> usize {
        match self {
            Direction::ClientToServer => 0,
            Direction::ServerToClient => 1,
        }
    }

    /// The other direction.
    pub fn reverse(self) -> Direction {
        match self {
            Direction::ClientToServer => Direction::ServerToClient,
            Direction::ServerToClient => Direction::ClientToServer,
        }
    }
}

/// Why a stream was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CloseReason {
    /// Both sides sent FIN.
    Fin,
    /// A side sent RST.
    Reset,
    /// A new connection (SYN with a new initial sequence number) took over the same 4-tuple.
    Reused,
    /// The flow table was full and this flow had been idle longest.
    Evicted,
    /// [`TcpReassembler::finish`] was called with the stream still open.
    EndOfCapture,
}

/// Output of the reassembler.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// A new stream was seen. Always the first event of a stream.
    Opened {
        /// The new stream.
        stream: StreamId,
        /// Frame of its first segment.
        frame: u64,
        /// Initiator address.
        client: SocketAddr,
        /// Responder address.
        server: SocketAddr,
        /// Whether the initiator was known from a SYN (otherwise it is a guess: the sender
        /// of the first packet seen, which the caller may want to correct by port).
        syn_seen: bool,
    },
    /// In-order payload bytes.
    Data {
        /// The stream.
        stream: StreamId,
        /// Which way the bytes flowed.
        dir: Direction,
        /// Frame whose arrival made these bytes deliverable (it may have filled a hole before
        /// bytes that arrived earlier).
        frame: u64,
        /// The bytes, never empty, never repeated.
        bytes: Vec<u8>,
    },
    /// Bytes that never appeared in the capture; delivery resumes after them.
    Gap {
        /// The stream.
        stream: StreamId,
        /// Which way the missing bytes flowed.
        dir: Direction,
        /// Frame being handled when the reassembler gave up waiting.
        frame: u64,
        /// How many bytes are missing.
        missing: u64,
    },
    /// The stream ended. Segments that still arrive for it afterwards (late retransmissions)
    /// may produce further `Data` or `Gap` events but no second `Closed`.
    Closed {
        /// The stream.
        stream: StreamId,
        /// Frame that closed it (for `EndOfCapture`, the last frame handled).
        frame: u64,
        /// Why.
        reason: CloseReason,
    },
}

/// Counters kept by the reassembler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReassemblyStats {
    /// Segments handled.
    pub segments: u64,
    /// Streams opened.
    pub streams: u64,
    /// Payload bytes delivered in `Data` events.
    pub delivered_bytes: u64,
    /// Payload bytes dropped because they had already been delivered or buffered
    /// (retransmissions and overlaps).
    pub duplicate_bytes: u64,
    /// `Gap` events emitted.
    pub gaps: u64,
    /// Bytes reported missing in `Gap` events.
    pub gap_bytes: u64,
    /// Segments that arrived ahead of a hole and were buffered.
    pub out_of_order_segments: u64,
    /// Flows forgotten because the flow table was full.
    pub evicted_flows: u64,
}

/// One direction of a flow.
#[derive(Debug, Default)]
struct Half {
    /// Whether `base_seq` is known.
    init: bool,
    /// Whether a SYN fixed `base_seq`.
    syn: bool,
    /// Sequence number of stream offset 0 (the first payload byte).
    base_seq: u32,
    /// Offset of the next byte to deliver.
    next: u64,
    /// Out-of-order bytes by stream offset; entries never overlap one another.
    pending: BTreeMap<u64, Vec<u8>>,
    /// Sum of the lengths in `pending`.
    buffered: usize,
    /// Stream offset of the FIN, once seen.
    fin: Option<u64>,
}

impl Half {
    /// Stream offset of `seq`, taking the position nearest to the next expected byte.
    fn offset_of(&self, seq: u32) -> i64 {
        let expected = self.base_seq.wrapping_add(self.next as u32);
        let delta = i64::from(seq.wrapping_sub(expected) as i32);
        (self.next as i64).saturating_add(delta)
    }
}

#[derive(Debug)]
struct Flow {
    id: StreamId,
    client: SocketAddr,
    halves: [Half; 2],
    closed: bool,
    last_frame: u64,
}

/// Reassembles TCP payload into per-stream, per-direction byte streams.
///
/// Feed segments in capture order with [`handle_segment`](Self::handle_segment), drain
/// [`poll_event`](Self::poll_event) until `None` after each, and call
/// [`finish`](Self::finish) at the end of the capture to flush what is still buffered.
///
/// Behaviour:
/// - Retransmitted and overlapping bytes are dropped; the first copy seen wins.
/// - Segments ahead of a hole are buffered (at most [`Limits::max_buffered_bytes`] per
///   direction, [`Limits::max_total_buffered_bytes`] overall). When a limit is hit, or the
///   connection closes, or the capture ends, the hole is reported as a [`StreamEvent::Gap`]
///   and delivery continues after it.
/// - A connection closes on RST or once both sides' FINs were seen; its buffered bytes are
///   flushed then.
/// - Payload beyond a snapshot length (see [`TcpSegment::payload_missing`]) is reported as a
///   gap when it would have been delivered in order.
#[derive(Debug)]
pub struct TcpReassembler {
    limits: Limits,
    flows: HashMap<(SocketAddr, SocketAddr), Flow>,
    next_id: StreamId,
    total_buffered: usize,
    last_frame: u64,
    events: VecDeque<StreamEvent>,
    stats: ReassemblyStats,
}

impl Default for TcpReassembler {
    fn default() -> Self {
        Self::new()
    }
}

fn flow_key(a: SocketAddr, b: SocketAddr) -> (SocketAddr, SocketAddr) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

impl TcpReassembler {
    /// A reassembler with the default [`Limits`].
    pub fn new() -> Self {
        Self::with_limits(Limits::default())
    }

    /// A reassembler with the given limits (`max_flows` of 0 is treated as 1).
    pub fn with_limits(limits: Limits) -> Self {
        TcpReassembler {
            limits,
            flows: HashMap::new(),
            next_id: 0,
            total_buffered: 0,
            last_frame: 0,
            events: VecDeque::new(),
            stats: ReassemblyStats::default(),
        }
    }

    /// Counters so far.
    pub fn stats(&self) -> ReassemblyStats {
        self.stats
    }

    /// Number of flows currently tracked.
    pub fn flow_count(&self) -> usize {
        self.flows.len()
    }

    /// Next pending event, oldest first.
    pub fn poll_event(&mut self) -> Option<StreamEvent> {
        self.events.pop_front()
    }

    /// Handles one segment from capture frame `frame` (1-based).
    pub fn handle_segment(&mut self, frame: u64, seg: &TcpSegment<'_>) {
        self.stats.segments += 1;
        self.last_frame = self.last_frame.max(frame);
        let key = flow_key(seg.src, seg.dst);
        let syn_only = seg.flags.syn() && !seg.flags.ack();

        if let Some(flow) = self.flows.get(&key) {
            let client_half = &flow.halves[0];
            let new_isn = seg.src == flow.client
                && client_half.syn
                && client_half.base_seq != seg.seq.wrapping_add(1);
            if syn_only && (flow.closed || new_isn) {
                if let Some(mut old) = self.flows.remove(&key) {
                    self.close(&mut old, frame, CloseReason::Reused);
                }
            }
        }
        if !self.flows.contains_key(&key) {
            if self.flows.len() >= self.limits.max_flows.max(1) {
                self.evict(frame);
            }
            // A SYN+ACK comes from the responder; anything else but a bare SYN is a guess.
            let (client, server) = if seg.flags.syn() && seg.flags.ack() {
                (seg.dst, seg.src)
            } else {
                (seg.src, seg.dst)
            };
            let id = self.next_id;
            self.next_id += 1;
            self.stats.streams += 1;
            self.events.push_back(StreamEvent::Opened {
                stream: id,
                frame,
                client,
                server,
                syn_seen: seg.flags.syn(),
            });
            self.flows.insert(
                key,
                Flow {
                    id,
                    client,
                    halves: [Half::default(), Half::default()],
                    closed: false,
                    last_frame: frame,
                },
            );
        }
        let Some(mut flow) = self.flows.remove(&key) else {
            return;
        };
        flow.last_frame = frame;
        let dir = if seg.src == flow.client {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        };
        self.segment_into(&mut flow, dir, frame, seg);

        if !flow.closed {
            if seg.flags.rst() {
                self.close(&mut flow, frame, CloseReason::Reset);
            } else if flow.halves.iter().all(|h| h.fin.is_some()) {
                self.close(&mut flow, frame, CloseReason::Fin);
            }
        }
        self.flows.insert(key, flow);
    }

    /// Flushes every flow (reporting remaining holes as gaps) and closes those still open,
    /// in stream order. The reassembler stays usable; flows are kept.
    pub fn finish(&mut self) {
        let mut keys: Vec<_> = self.flows.iter().map(|(k, f)| (f.id, *k)).collect();
        keys.sort_unstable();
        let frame = self.last_frame;
        for (_, key) in keys {
            if let Some(mut flow) = self.flows.remove(&key) {
                if flow.closed {
                    self.flush(&mut flow, frame);
                } else {
                    self.close(&mut flow, frame, CloseReason::EndOfCapture);
                }
                self.flows.insert(key, flow);
            }
        }
    }

    fn evict(&mut self, frame: u64) {
        let victim = self
            .flows
            .iter()
            .min_by_key(|(_, f)| (!f.closed, f.last_frame, f.id))
            .map(|(k, _)| *k);
        if let Some(mut flow) = victim.and_then(|k| self.flows.remove(&k)) {
            self.stats.evicted_flows += 1;
            if flow.closed {
                self.flush(&mut flow, frame);
            } else {
                self.close(&mut flow, frame, CloseReason::Evicted);
            }
        }
    }

    fn close(&mut self, flow: &mut Flow, frame: u64, reason: CloseReason) {
        self.flush(flow, frame);
        if !flow.closed {
            flow.closed = true;
            self.events.push_back(StreamEvent::Closed {
                stream: flow.id,
                frame,
                reason,
            });
        }
    }

    fn flush(&mut self, flow: &mut Flow, frame: u64) {
        for dir in [Direction::ClientToServer, Direction::ServerToClient] {
            self.flush_half(flow.id, &mut flow.halves[dir.index()], dir, frame, true);
        }
    }

    /// Gives up on every hole in `h`: gaps are reported and everything buffered is delivered.
    /// With `to_fin`, bytes missing before a FIN are reported too.
    fn flush_half(&mut self, id: StreamId, h: &mut Half, dir: Direction, frame: u64, to_fin: bool) {
        let mut out = Vec::new();
        while let Some((&start, _)) = h.pending.first_key_value() {
            if start > h.next {
                self.deliver(id, dir, frame, &mut out);
                self.gap(id, dir, frame, start - h.next);
                h.next = start;
            }
            self.drain(h, &mut out);
        }
        if to_fin {
            if let Some(fin) = h.fin {
                if fin > h.next {
                    self.deliver(id, dir, frame, &mut out);
                    self.gap(id, dir, frame, fin - h.next);
                    h.next = fin;
                }
            }
        }
        self.deliver(id, dir, frame, &mut out);
    }

    fn gap(&mut self, stream: StreamId, dir: Direction, frame: u64, missing: u64) {
        if missing == 0 {
            return;
        }
        self.stats.gaps += 1;
        self.stats.gap_bytes = self.stats.gap_bytes.saturating_add(missing);
        self.events.push_back(StreamEvent::Gap {
            stream,
            dir,
            frame,
            missing,
        });
    }

    /// Emits `out` as one `Data` event if it is not empty, leaving it empty.
    fn deliver(&mut self, stream: StreamId, dir: Direction, frame: u64, out: &mut Vec<u8>) {
        if out.is_empty() {
            return;
        }
        self.stats.delivered_bytes += out.len() as u64;
        self.events.push_back(StreamEvent::Data {
            stream,
            dir,
            frame,
            bytes: std::mem::take(out),
        });
    }

    /// Moves buffered bytes that are now in order into `out`.
    fn drain(&mut self, h: &mut Half, out: &mut Vec<u8>) {
        while let Some(entry) = h.pending.first_entry() {
            let start = *entry.key();
            if start > h.next {
                break;
            }
            let bytes = entry.remove();
            h.buffered -= bytes.len();
            self.total_buffered -= bytes.len();
            let end = start + bytes.len() as u64;
            if end > h.next {
                let skip = (h.next - start) as usize;
                self.stats.duplicate_bytes += skip as u64;
                out.extend_from_slice(&bytes[skip..]);
                h.next = end;
            } else {
                self.stats.duplicate_bytes += bytes.len() as u64;
            }
        }
    }

    fn segment_into(&mut self, flow: &mut Flow, dir: Direction, frame: u64, seg: &TcpSegment<'_>) {
        let id = flow.id;
        let h = &mut flow.halves[dir.index()];
        let syn = seg.flags.syn();
        if syn && !h.syn && h.next == 0 && h.pending.is_empty() {
            h.syn = true;
            h.init = true;
            h.base_seq = seg.seq.wrapping_add(1);
        }
        if !h.init {
            h.init = true;
            h.base_seq = seg.seq;
        }
        let data_seq = if syn {
            seg.seq.wrapping_add(1)
        } else {
            seg.seq
        };
        let start = h.offset_of(data_seq);
        let wire_len = seg.payload.len() as i64 + i64::from(seg.payload_missing);
        if seg.flags.fin() && h.fin.is_none() {
            let fin = start.saturating_add(wire_len);
            h.fin = Some(u64::try_from(fin).unwrap_or(0));
        }
        if !seg.payload.is_empty() {
            self.payload(id, h, dir, frame, start, seg.payload);
        }
        // Bytes cut off by the snapshot length can never arrive: skip them now if they are next.
        if seg.payload_missing > 0 {
            let captured_end = start.saturating_add(seg.payload.len() as i64);
            if captured_end == h.next as i64 {
                self.gap(id, dir, frame, u64::from(seg.payload_missing));
                h.next += u64::from(seg.payload_missing);
                let mut out = Vec::new();
                self.drain(h, &mut out);
                self.deliver(id, dir, frame, &mut out);
            }
        }
    }

    fn payload(
        &mut self,
        id: StreamId,
        h: &mut Half,
        dir: Direction,
        frame: u64,
        start: i64,
        bytes: &[u8],
    ) {
        let end = start.saturating_add(bytes.len() as i64);
        let next = h.next as i64;
        if end <= next {
            self.stats.duplicate_bytes += bytes.len() as u64;
            return;
        }
        let (start, bytes) = if start < next {
            let skip = (next - start) as usize;
            self.stats.duplicate_bytes += skip as u64;
            (h.next, &bytes[skip..])
        } else {
            (start as u64, bytes)
        };
        if start == h.next {
            let mut out = bytes.to_vec();
            h.next += bytes.len() as u64;
            self.drain(h, &mut out);
            self.deliver(id, dir, frame, &mut out);
            return;
        }
        self.stats.out_of_order_segments += 1;
        self.insert_pending(h, start, bytes);
        if h.buffered > self.limits.max_buffered_bytes {
            self.make_room(id, h, dir, frame);
        }
        if self.total_buffered > self.limits.max_total_buffered_bytes {
            self.flush_half(id, h, dir, frame, false);
        }
    }

    /// Skips holes, oldest first, until this direction is back within its limit.
    fn make_room(&mut self, id: StreamId, h: &mut Half, dir: Direction, frame: u64) {
        let mut out = Vec::new();
        while h.buffered > self.limits.max_buffered_bytes {
            let Some((&first, _)) = h.pending.first_key_value() else {
                break;
            };
            if first > h.next {
                self.deliver(id, dir, frame, &mut out);
                self.gap(id, dir, frame, first - h.next);
                h.next = first;
            }
            self.drain(h, &mut out);
        }
        self.deliver(id, dir, frame, &mut out);
    }

    /// Buffers the parts of `[start, start+len)` not already buffered (first copy wins).
    fn insert_pending(&mut self, h: &mut Half, start: u64, bytes: &[u8]) {
        let end = start + bytes.len() as u64;
        // Buffered entries overlapping the new range; ends decrease as starts do, since
        // entries do not overlap one another.
        let mut overlapping: Vec<(u64, u64)> = Vec::new();
        for (&s, v) in h.pending.range(..end).rev() {
            let e = s + v.len() as u64;
            if e <= start {
                break;
            }
            overlapping.push((s, e));
        }
        overlapping.reverse();
        let mut cur = start;
        let mut pieces: Vec<(u64, u64)> = Vec::new();
        for (s, e) in overlapping {
            if s > cur {
                pieces.push((cur, s));
            }
            cur = cur.max(e);
        }
        if cur < end {
            pieces.push((cur, end));
        }
        let kept: u64 = pieces.iter().map(|(s, e)| e - s).sum();
        self.stats.duplicate_bytes += bytes.len() as u64 - kept;
        for (s, e) in pieces {
            let piece = bytes[(s - start) as usize..(e - start) as usize].to_vec();
            h.buffered += piece.len();
            self.total_buffered += piece.len();
            h.pending.insert(s, piece);
        }
    }
}
