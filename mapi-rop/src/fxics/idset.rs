//! IDSET and CNSET serialization (MS-OXCFXICS 2.2.2.4): replica keys followed by GLOBSETs,
//! each GLOBSET a small command program over a stack of common high-order bytes.
//!
//! Commands: 0x01-0x06 push that many bytes (six bytes on the stack complete a single
//! GLOBCNT, whose bytes are popped again), 0x50 pop the last push (2.2.2.6.2), 0x42 bitmask
//! (2.2.2.6.3: start byte, mask of the eight following values), 0x52 range (2.2.2.6.4: low and
//! high tails completing the stack), 0x00 end. GLOBCNTs are 48-bit big-endian counters.
//!
//! ```
//! use oxwire_mapi_rop::fxics::idset::{decode_globset, encode_globset};
//! let ranges = vec![(1, 1), (5, 9), (0x0102_0304_0506, 0x0102_0304_0600)];
//! let mut b = Vec::new();
//! encode_globset(&ranges, &mut b).unwrap();
//! let (back, used) = decode_globset(&b).unwrap();
//! assert_eq!(back, ranges);
//! assert_eq!(used, b.len());
//! ```

use crate::prop::Guid;
use crate::rop::{Reader, Result, RopError};

/// Most GLOBCNT ranges accepted from one GLOBSET (a bitmask command yields up to 8).
pub const MAX_RANGES: usize = 1 << 20;

const MAX: u64 = (1 << 48) - 1;

fn be(stack: &[u8]) -> u64 {
    stack.iter().fold(0u64, |a, &b| (a << 8) | b as u64)
}

/// Decodes one GLOBSET; returns its ranges (inclusive, in the order encoded) and the bytes
/// used.
pub fn decode_globset(b: &[u8]) -> Result<(Vec<(u64, u64)>, usize)> {
    let mut r = Reader::new(b);
    let mut stack: Vec<u8> = Vec::with_capacity(6);
    let mut pushes: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    loop {
        let off = r.offset();
        let cmd = r.u8("GLOBSET command")?;
        match cmd {
            0x00 => break,
            0x01..=0x06 => {
                let n = cmd as usize;
                if stack.len() + n > 6 {
                    return Err(RopError::Invalid {
                        what: "GLOBSET push",
                        offset: off,
                        reason: "more than six bytes on the stack",
                    });
                }
                stack.extend_from_slice(r.take(n, "pushed bytes")?);
                if stack.len() == 6 {
                    let v = be(&stack);
                    out.push((v, v));
                    stack.truncate(6 - n);
                } else {
                    pushes.push(n);
                }
            }
            0x50 => {
                let Some(n) = pushes.pop() else {
                    return Err(RopError::Invalid {
                        what: "GLOBSET pop",
                        offset: off,
                        reason: "empty stack",
                    });
                };
                stack.truncate(stack.len() - n);
            }
            0x42 => {
                if stack.len() != 5 {
                    return Err(RopError::Invalid {
                        what: "GLOBSET bitmask",
                        offset: off,
                        reason: "needs exactly five bytes on the stack",
                    });
                }
                let start = r.u8("StartingValue")?;
                let mask = r.u8("Bitmask")?;
                let base = be(&stack) << 8;
                // The starting value is in the set; bit i marks start + 1 + i. Runs of set
                // bits merge into ranges.
                let mut lo = base + start as u64;
                let mut hi = lo;
                for i in 0..8u64 {
                    let v = base + start as u64 + 1 + i;
                    if mask & (1 << i) != 0 && v <= base + 0xFF {
                        if v == hi + 1 {
                            hi = v;
                        } else {
                            out.push((lo, hi));
                            lo = v;
                            hi = v;
                        }
                    }
                }
                out.push((lo, hi));
            }
            0x52 => {
                let n = 6 - stack.len();
                if n == 0 {
                    return Err(RopError::Invalid {
                        what: "GLOBSET range",
                        offset: off,
                        reason: "stack already holds six bytes",
                    });
                }
                let low = r.take(n, "LowValue")?;
                let high = r.take(n, "HighValue")?;
                let mut l = stack.clone();
                l.extend_from_slice(low);
                let mut h = stack.clone();
                h.extend_from_slice(high);
                out.push((be(&l), be(&h)));
            }
            _ => {
                return Err(RopError::Invalid {
                    what: "GLOBSET command",
                    offset: off,
                    reason: "unknown command",
                })
            }
        }
        if out.len() > MAX_RANGES {
            return Err(RopError::LimitExceeded {
                what: "GLOBSET ranges",
                offset: off,
                limit: MAX_RANGES,
                actual: out.len(),
            });
        }
    }
    Ok((out, r.offset()))
}

/// Encodes ranges as a GLOBSET: each range shares its common high-order bytes through a
/// push, then a singleton push or a range command, then a pop.
pub fn encode_globset(ranges: &[(u64, u64)], out: &mut Vec<u8>) -> Result<()> {
    for &(lo, hi) in ranges {
        if lo > hi || hi > MAX {
            return Err(RopError::Unencodable {
                what: "GLOBSET range",
                reason: "low above high or above 48 bits",
            });
        }
        let l = &lo.to_be_bytes()[2..];
        let h = &hi.to_be_bytes()[2..];
        let common = l.iter().zip(h).take_while(|(a, b)| a == b).count();
        if common == 6 {
            out.push(6);
            out.extend_from_slice(l);
            continue;
        }
        if common > 0 {
            out.push(common as u8);
            out.extend_from_slice(&l[..common]);
        }
        out.push(0x52);
        out.extend_from_slice(&l[common..]);
        out.extend_from_slice(&h[common..]);
        if common > 0 {
            out.push(0x50);
        }
    }
    out.push(0);
    Ok(())
}

/// The replica key in front of a GLOBSET.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaKey {
    /// REPLGUID-based IDSET (16 bytes).
    Guid(Guid),
    /// REPLID-based IDSET (2 bytes).
    Id(u16),
}

/// One replica's GLOBCNT ranges.
pub type ReplicaRanges = (ReplicaKey, Vec<(u64, u64)>);

/// Decodes a whole serialized IDSET (or CNSET): `with_guid` selects REPLGUID (true, as in
/// the ICS state properties) or REPLID keys.
pub fn decode_idset(b: &[u8], with_guid: bool) -> Result<Vec<ReplicaRanges>> {
    let mut r = Reader::new(b);
    let mut out = Vec::new();
    while !r.is_empty() {
        let key = if with_guid {
            ReplicaKey::Guid(Guid(r.array("REPLGUID")?))
        } else {
            ReplicaKey::Id(r.u16("REPLID")?)
        };
        let (ranges, n) = decode_globset(r.peek_rest())?;
        r.take(n, "GLOBSET")?;
        out.push((key, ranges));
    }
    Ok(out)
}

/// Encodes a whole IDSET.
pub fn encode_idset(set: &[ReplicaRanges], out: &mut Vec<u8>) -> Result<()> {
    for (k, ranges) in set {
        match k {
            ReplicaKey::Guid(g) => out.extend_from_slice(&g.0),
            ReplicaKey::Id(i) => out.extend_from_slice(&i.to_le_bytes()),
        }
        encode_globset(ranges, out)?;
    }
    Ok(())
}
