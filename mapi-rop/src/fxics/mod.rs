//! FastTransfer streams (MS-OXCFXICS 2.2.4): a push decoder for the marker / property
//! stream that RopFastTransferSourceGetBuffer hands out in pieces, and the IDSET / CNSET
//! encodings carried by the ICS state meta-properties ([`idset`]).
//!
//! The stream is a sequence of elements, each starting with a u32 property tag:
//! - markers (StartMessage, EndFolder, IncrSyncChg, ... see [`markers`]) are the tag alone;
//! - every other tag is a property value: fixed-size values inline, variable-size values
//!   (strings, binaries, server ids, objects) behind a u32 byte count, multi-valued ones
//!   behind a u32 value count; named properties (id ≥ 0x8000) carry their name (GUID, kind,
//!   LID or NUL-terminated UTF-16 name) between tag and value.
//!
//! A buffer boundary can fall anywhere, inside a tag or a value. [`FxDecoder`] keeps the
//! unfinished element and resumes when the next buffer is pushed. Variable-size values
//! longer than [`FxLimits::inline_value`] are not held: they come out as
//! [`FxEvent::ValueBegin`], [`FxEvent::ValueChunk`]s as bytes arrive, and
//! [`FxEvent::ValueEnd`], so memory stays bounded by the limits whatever the stream's size.
//!
//! ```
//! use oxwire_mapi_rop::fxics::{markers, FxDecoder, FxEvent, FxValue};
//! let mut d = FxDecoder::new();
//! let mut ev = Vec::new();
//! // StartMessage, then PidTagImportance (0x00170003) = 1, split across two buffers.
//! d.push(&[0x03, 0x00, 0x0c, 0x40, 0x03, 0x00, 0x17], &mut ev).unwrap();
//! d.push(&[0x00, 0x01, 0x00, 0x00, 0x00], &mut ev).unwrap();
//! assert_eq!(ev[0], FxEvent::Marker(markers::START_MESSAGE));
//! assert!(matches!(&ev[1], FxEvent::Property { value: FxValue::Integer32(1), .. }));
//! assert!(d.is_at_boundary());
//! ```

pub mod idset;
pub mod markers;

use crate::prop::{ptype, Guid, PropTag};
use crate::rop::{Reader, Result, RopError};

/// Bounds on what a FastTransfer stream may make the decoder hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FxLimits {
    /// Variable-size values up to this many bytes are delivered whole; longer ones stream.
    pub inline_value: usize,
    /// Most bytes one unfinished element (a multi-valued property, a named property's name)
    /// may occupy before the stream is refused.
    pub max_element: usize,
}

impl Default for FxLimits {
    fn default() -> Self {
        FxLimits {
            inline_value: 64 * 1024,
            max_element: 16 * 1024 * 1024,
        }
    }
}

/// A named property's name in a FastTransfer stream (namedPropInfo).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FxName {
    /// Kind 0x00: a LID.
    Id {
        /// Property set.
        guid: Guid,
        /// Dispatch id.
        lid: u32,
    },
    /// Kind 0x01: a NUL-terminated UTF-16 name (held without the terminator).
    Name {
        /// Property set.
        guid: Guid,
        /// Name code units.
        name: Vec<u16>,
    },
}

/// A property value in FastTransfer form.
#[derive(Clone, Debug, PartialEq)]
pub enum FxValue {
    /// PtypInteger16.
    Integer16(u16),
    /// PtypInteger32 and PtypErrorCode.
    Integer32(u32),
    /// PtypFloating32 (bits).
    Floating32(u32),
    /// PtypFloating64, PtypCurrency, PtypFloatingTime, PtypInteger64, PtypTime (raw 8 bytes
    /// as a little-endian u64).
    Integer64(u64),
    /// PtypBoolean: two bytes in FastTransfer streams.
    Boolean(u16),
    /// PtypGuid.
    Guid(Guid),
    /// Variable-size value (string, string8, binary, server id, object; code-page strings).
    Bytes(Vec<u8>),
    /// Multi-valued fixed-size values, each as its raw bytes.
    MultipleFixed(Vec<Vec<u8>>),
    /// Multi-valued variable-size values.
    MultipleBytes(Vec<Vec<u8>>),
    /// PtypNull / PtypUnspecified: no bytes.
    Empty,
}

/// One decoded element.
#[derive(Clone, Debug, PartialEq)]
pub enum FxEvent {
    /// A marker tag.
    Marker(u32),
    /// A complete property value (meta-properties included; see [`markers::is_meta`]).
    Property {
        /// The tag.
        tag: PropTag,
        /// The name, for named properties.
        name: Option<FxName>,
        /// The value.
        value: FxValue,
    },
    /// Start of a variable-size value too long to hold: `len` bytes follow as chunks.
    ValueBegin {
        /// The tag.
        tag: PropTag,
        /// The name, for named properties.
        name: Option<FxName>,
        /// Total length.
        len: u32,
    },
    /// Bytes of the value announced by the last `ValueBegin`.
    ValueChunk(Vec<u8>),
    /// End of a streamed value.
    ValueEnd,
}

/// The width of a fixed-size FastTransfer value, `None` for variable-size types.
fn fixed_size(t: u16) -> Option<usize> {
    Some(match t {
        ptype::UNSPECIFIED | ptype::NULL => 0,
        ptype::INTEGER16 | ptype::BOOLEAN => 2,
        ptype::INTEGER32 | ptype::FLOATING32 | ptype::ERROR_CODE => 4,
        ptype::FLOATING64
        | ptype::CURRENCY
        | ptype::FLOATING_TIME
        | ptype::INTEGER64
        | ptype::TIME => 8,
        ptype::GUID => 16,
        _ => return None,
    })
}

fn is_var(t: u16) -> bool {
    matches!(
        t,
        ptype::STRING | ptype::STRING8 | ptype::BINARY | ptype::SERVER_ID | ptype::OBJECT
    ) || t & 0x8000 != 0
}

/// What parsing the pending bytes produced.
enum Step {
    /// An element and the bytes it used.
    Done(FxEvent, usize),
    /// A long value's header: event, header bytes, value length.
    Stream(FxEvent, usize, usize),
    /// Not enough bytes: at least this many are needed in total.
    More(usize),
}

/// Push decoder of a FastTransfer stream.
#[derive(Clone, Debug, Default)]
pub struct FxDecoder {
    limits: FxLimits,
    pending: Vec<u8>,
    need: usize,
    streaming: usize,
}

impl FxDecoder {
    /// A decoder with default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// A decoder with explicit limits.
    pub fn with_limits(limits: FxLimits) -> Self {
        FxDecoder {
            limits,
            ..Self::default()
        }
    }

    /// Whether the stream so far ended on an element boundary (a complete stream must).
    pub fn is_at_boundary(&self) -> bool {
        self.pending.is_empty() && self.streaming == 0
    }

    /// Feeds the next buffer, appending every element it completes to `out`.
    pub fn push(&mut self, mut data: &[u8], out: &mut Vec<FxEvent>) -> Result<()> {
        loop {
            if self.streaming > 0 {
                if data.is_empty() {
                    return Ok(());
                }
                let n = self.streaming.min(data.len());
                out.push(FxEvent::ValueChunk(data[..n].to_vec()));
                data = &data[n..];
                self.streaming -= n;
                if self.streaming == 0 {
                    out.push(FxEvent::ValueEnd);
                }
                continue;
            }
            // Take just what the current element still needs, so a streamed value's bytes
            // are not copied into `pending` first.
            let want = self.need.saturating_sub(self.pending.len()).max(1);
            let take = if self.pending.is_empty() && self.need == 0 {
                data.len()
            } else {
                want.min(data.len())
            };
            if take == 0 && self.pending.is_empty() {
                return Ok(());
            }
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() > self.limits.max_element.saturating_add(8) {
                return Err(RopError::LimitExceeded {
                    what: "FastTransfer element",
                    offset: 0,
                    limit: self.limits.max_element,
                    actual: self.pending.len(),
                });
            }
            if self.pending.len() < self.need {
                if data.is_empty() {
                    return Ok(());
                }
                continue;
            }
            // Parse as many whole elements as `pending` holds.
            let mut at = 0;
            let mut stop = false;
            while at < self.pending.len() {
                match self.step(&self.pending[at..])? {
                    Step::Done(ev, n) => {
                        out.push(ev);
                        at += n;
                    }
                    Step::Stream(ev, n, len) => {
                        out.push(ev);
                        at += n;
                        let avail = (self.pending.len() - at).min(len);
                        if avail > 0 {
                            out.push(FxEvent::ValueChunk(self.pending[at..at + avail].to_vec()));
                        }
                        at += avail;
                        self.need = 0;
                        self.streaming = len - avail;
                        if self.streaming == 0 {
                            out.push(FxEvent::ValueEnd);
                        } else {
                            stop = true;
                            break;
                        }
                    }
                    Step::More(n) => {
                        if n > self.limits.max_element {
                            return Err(RopError::LimitExceeded {
                                what: "FastTransfer element",
                                offset: at,
                                limit: self.limits.max_element,
                                actual: n,
                            });
                        }
                        self.need = n;
                        stop = true;
                        break;
                    }
                }
            }
            self.pending.drain(..at);
            if !stop {
                self.need = 0;
            }
            if data.is_empty() {
                return Ok(());
            }
        }
    }

    fn step(&self, b: &[u8]) -> Result<Step> {
        let mut r = Reader::new(b);
        match self.parse(&mut r) {
            Ok(s) => Ok(s),
            Err(RopError::Truncated { offset, needed, .. }) => {
                Ok(Step::More(offset.saturating_add(needed)))
            }
            Err(e) => Err(e),
        }
    }

    fn parse(&self, r: &mut Reader<'_>) -> Result<Step> {
        let raw = r.u32("PropertyTag")?;
        if markers::is_marker(raw) {
            return Ok(Step::Done(FxEvent::Marker(raw), 4));
        }
        let tag = PropTag(raw);
        let name = if tag.id() >= 0x8000 {
            let guid = Guid(r.array("propertySet")?);
            let off = r.offset();
            Some(match r.u8("namedPropInfo kind")? {
                0 => FxName::Id {
                    guid,
                    lid: r.u32("dispid")?,
                },
                1 => {
                    let s = r.cstr16("name")?;
                    FxName::Name {
                        guid,
                        name: s
                            .chunks_exact(2)
                            .map(|c| u16::from_le_bytes([c[0], c[1]]))
                            .collect(),
                    }
                }
                _ => {
                    return Err(RopError::Invalid {
                        what: "namedPropInfo kind",
                        offset: off,
                        reason: "neither 0x00 nor 0x01",
                    })
                }
            })
        } else {
            None
        };
        let t = tag.prop_type();
        // MetaTagIdsetGiven is typed PtypInteger32 but carries a length-prefixed binary.
        let t = if raw == markers::META_TAG_IDSET_GIVEN {
            ptype::BINARY
        } else {
            t
        };
        let value = if let Some(n) = fixed_size(t) {
            let b = r.take(n, "fixed-size value")?;
            match n {
                0 => FxValue::Empty,
                2 if t == ptype::BOOLEAN => FxValue::Boolean(u16::from_le_bytes([b[0], b[1]])),
                2 => FxValue::Integer16(u16::from_le_bytes([b[0], b[1]])),
                4 if t == ptype::FLOATING32 => {
                    FxValue::Floating32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                }
                4 => FxValue::Integer32(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
                8 => {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(b);
                    FxValue::Integer64(u64::from_le_bytes(a))
                }
                _ => {
                    let mut a = [0u8; 16];
                    a.copy_from_slice(b);
                    FxValue::Guid(Guid(a))
                }
            }
        } else if is_var(t) {
            let len = r.u32("length")? as usize;
            if len > self.limits.inline_value {
                let hdr = r.offset();
                return Ok(Step::Stream(
                    FxEvent::ValueBegin {
                        tag,
                        name,
                        len: len as u32,
                    },
                    hdr,
                    len,
                ));
            }
            FxValue::Bytes(r.take(len, "value")?.to_vec())
        } else if t & ptype::MULTIPLE != 0 {
            let base = t & !ptype::MULTIPLE;
            let n = r.u32("value count")? as usize;
            if let Some(w) = fixed_size(base).filter(|&w| w > 0) {
                if n.saturating_mul(w) > self.limits.max_element {
                    return Err(RopError::LimitExceeded {
                        what: "multi-value count",
                        offset: r.offset(),
                        limit: self.limits.max_element,
                        actual: n,
                    });
                }
                let b = r.take(n * w, "values")?;
                FxValue::MultipleFixed(b.chunks_exact(w).map(|c| c.to_vec()).collect())
            } else if is_var(base) {
                if n.saturating_mul(4) > self.limits.max_element {
                    return Err(RopError::LimitExceeded {
                        what: "multi-value count",
                        offset: r.offset(),
                        limit: self.limits.max_element,
                        actual: n,
                    });
                }
                let mut v = Vec::with_capacity(n.min(r.remaining() / 4 + 1));
                for _ in 0..n {
                    let len = r.u32("length")? as usize;
                    v.push(r.take(len, "value")?.to_vec());
                }
                FxValue::MultipleBytes(v)
            } else {
                return Err(RopError::UnknownPropertyType {
                    prop_type: t,
                    offset: 0,
                });
            }
        } else {
            return Err(RopError::UnknownPropertyType {
                prop_type: t,
                offset: 0,
            });
        };
        Ok(Step::Done(
            FxEvent::Property { tag, name, value },
            r.offset(),
        ))
    }
}
