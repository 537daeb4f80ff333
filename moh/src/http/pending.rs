//! Server-side keep-alives (MS-OXCMAPIHTTP 3.2.5.3): while a call is outstanding the server
//! sends a PENDING meta-tag every `X-PendingPeriod`, so that the client and intermediaries
//! see the response progress.
//!
//! [`PendingTimer`] is sans-io and deterministic: time is an input, it never reads a clock.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use oxwire_moh::http::meta_tags::MetaTag;
//! use oxwire_moh::http::pending::PendingTimer;
//!
//! let t0 = Instant::now();
//! let mut keep = PendingTimer::new(Duration::from_secs(30));
//! keep.start(t0);
//! assert_eq!(keep.poll_transmit(), Some(MetaTag::Processing));
//! assert_eq!(keep.poll_timeout(), Some(t0 + Duration::from_secs(30)));
//! keep.handle_timeout(t0 + Duration::from_secs(30));
//! assert_eq!(keep.poll_transmit(), Some(MetaTag::Pending));
//! keep.complete(); // the call finished: the caller writes DONE and the body
//! assert_eq!(keep.poll_timeout(), None);
//! ```

use std::time::{Duration, Instant};

use super::meta_tags::MetaTag;

/// The default `X-PendingPeriod` (2.2.3.3.5): 30 000 ms.
pub const DEFAULT_PENDING_PERIOD: Duration = Duration::from_millis(30_000);

/// Emits PROCESSING at the start of a call and PENDING each time the period elapses, until
/// the call completes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingTimer {
    period: Duration,
    next: Option<Instant>,
    processing_due: bool,
    pending_due: bool,
    sent_pending: u64,
}

impl PendingTimer {
    /// A timer with the given period (a zero period is taken as one millisecond).
    pub fn new(period: Duration) -> Self {
        PendingTimer {
            period: period.max(Duration::from_millis(1)),
            next: None,
            processing_due: false,
            pending_due: false,
            sent_pending: 0,
        }
    }

    /// The call started at `now`: PROCESSING is due at once, the first PENDING one period
    /// later.
    pub fn start(&mut self, now: Instant) {
        self.processing_due = true;
        self.pending_due = false;
        self.sent_pending = 0;
        self.next = now.checked_add(self.period);
    }

    /// When [`handle_timeout`](Self::handle_timeout) should next be called; `None` when no
    /// call is outstanding.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.next
    }

    /// Time has reached `now`. If the period elapsed, one PENDING becomes due and the next is
    /// scheduled a period after `now` (a late host gets one keep-alive, not a burst).
    pub fn handle_timeout(&mut self, now: Instant) {
        if let Some(next) = self.next {
            if now >= next {
                self.pending_due = true;
                self.next = now.checked_add(self.period);
            }
        }
    }

    /// The next meta-tag to write, if any.
    pub fn poll_transmit(&mut self) -> Option<MetaTag> {
        if self.processing_due {
            self.processing_due = false;
            return Some(MetaTag::Processing);
        }
        if self.pending_due {
            self.pending_due = false;
            self.sent_pending += 1;
            return Some(MetaTag::Pending);
        }
        None
    }

    /// The call completed: no more keep-alives. A PROCESSING not yet taken stays due, since
    /// the body must start with it; a PENDING not yet taken is dropped.
    pub fn complete(&mut self) {
        self.next = None;
        self.pending_due = false;
    }

    /// PENDING meta-tags handed out since [`start`](Self::start).
    pub fn pending_sent(&self) -> u64 {
        self.sent_pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_alives_follow_the_period() {
        let t0 = Instant::now();
        let p = Duration::from_millis(15_000);
        let mut k = PendingTimer::new(p);
        assert_eq!(k.poll_timeout(), None);
        k.start(t0);
        assert_eq!(k.poll_transmit(), Some(MetaTag::Processing));
        assert_eq!(k.poll_transmit(), None);
        k.handle_timeout(t0 + p - Duration::from_millis(1));
        assert_eq!(k.poll_transmit(), None);
        for i in 1..=3u32 {
            let at = k.poll_timeout().unwrap();
            assert_eq!(at, t0 + p * i);
            k.handle_timeout(at);
            assert_eq!(k.poll_transmit(), Some(MetaTag::Pending));
        }
        // A host that wakes late gets one PENDING, rescheduled from then.
        let late = t0 + p * 10;
        k.handle_timeout(late);
        assert_eq!(k.poll_transmit(), Some(MetaTag::Pending));
        assert_eq!(k.poll_transmit(), None);
        assert_eq!(k.poll_timeout(), Some(late + p));
        assert_eq!(k.pending_sent(), 4);
        k.handle_timeout(late + p);
        k.complete();
        assert_eq!(k.poll_transmit(), None);
        assert_eq!(k.poll_timeout(), None);
    }

    #[test]
    fn same_inputs_same_outputs() {
        let t0 = Instant::now();
        let run = || {
            let mut k = PendingTimer::new(DEFAULT_PENDING_PERIOD);
            k.start(t0);
            let mut out = Vec::new();
            for ms in [0u64, 29_999, 30_000, 30_001, 61_000, 95_000] {
                k.handle_timeout(t0 + Duration::from_millis(ms));
                while let Some(t) = k.poll_transmit() {
                    out.push((ms, t));
                }
            }
            out
        };
        let a = run();
        assert_eq!(a, run());
        assert_eq!(a.len(), 4);
    }
}
