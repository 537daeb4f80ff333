//! Plain LZ77 (MS-XCA 2.3 and 2.4), which MS-OXCRPC calls LZ77 with DIRECT2 encoding: the
//! compression of RPC_HEADER_EXT payloads.
//!
//! # Format
//! The stream is a sequence of 32-bit little-endian flag words, each followed by the 32 symbols
//! it describes, most significant bit first: a 0 bit is one literal octet, a 1 bit a match of
//! two octets `(distance - 1) << 3 | min(length - 3, 7)`. Longer lengths continue in a shared
//! half-octet (the first long match stores its nibble in the low half of a new octet, the next
//! one in the high half of the same octet), then an octet, then 16 and 32-bit fields. A 1 bit
//! where the input has ended marks the end of the stream; the encoder fills the unused bits of
//! the last flag word with ones for that reason.
//!
//! # Bounds
//! Decoding never writes past the output bound it is given ([`decompress_into`] a slice,
//! [`decompress`] a `max_len`): a two-octet match can claim gigabytes, so the bound, not the
//! input length, is what limits the output. No input makes either function panic.
//!
//! ```
//! use oxwire_mapi_rop::lz77;
//!
//! // MS-XCA 3.1, second example: "abc" repeated 100 times.
//! let packed = [0xff, 0xff, 0xff, 0x1f, 0x61, 0x62, 0x63, 0x17, 0x00, 0x0f, 0xff, 0x26, 0x01];
//! let plain = lz77::decompress(&packed, 300)?;
//! assert_eq!(plain, b"abc".repeat(100));
//!
//! let mut again = Vec::new();
//! lz77::compress(&plain, &mut again);
//! assert_eq!(lz77::decompress(&again, 300)?, plain);
//! # Ok::<(), oxwire_mapi_rop::Error>(())
//! ```

use crate::error::{Error, Result};

/// Largest distance a match can reach back (13 bits plus one).
pub const MAX_DISTANCE: usize = 8192;
/// Shortest match the format can express.
pub const MIN_MATCH: usize = 3;
/// Longest match the encoder emits: the 16-bit extended length field holds `length - 3`.
pub const MAX_MATCH: usize = 0xFFFF + MIN_MATCH;

/// Flag bits still to read, most significant first, above a marker bit: the flag word sits
/// in the high half and the marker at bit 31, so the leading zeros are the literal run
/// (never more than the bits left) and the marker alone at the top means the word is used up.
const FLAGS_EMPTY: u64 = 1 << 63;
/// `nibble_at` when no half-used length octet is pending.
const NO_NIBBLE: usize = usize::MAX;
/// Output slack under which the hot path's fixed-size copies are not used.
const SLACK: usize = 32;

/// Where decoding stands between symbols, so that a pass stopped by a full buffer can resume
/// after the buffer grows.
#[derive(Clone, Copy)]
struct Cursor {
    ip: usize,
    op: usize,
    nibble_at: usize,
    flags: u64,
}

impl Cursor {
    const START: Cursor = Cursor {
        ip: 0,
        op: 0,
        nibble_at: NO_NIBBLE,
        flags: FLAGS_EMPTY,
    };
}

/// Outcome of one decoding pass into a fixed buffer.
enum Pass {
    Done(usize),
    /// The symbol at input `offset` needs the output to hold `need` octets.
    Full {
        offset: usize,
        need: usize,
    },
}

/// Decompresses `input` into `out`, returning the number of octets written.
///
/// Fails with [`Error::Lz77Overflow`] when the stream would produce more than `out.len()`
/// octets and with [`Error::Lz77`] when it is malformed (a match reaching before the start of
/// the output, a flag word or match cut short, an impossible extended length).
pub fn decompress_into(input: &[u8], out: &mut [u8]) -> Result<usize> {
    let mut cur = Cursor::START;
    match pass(input, out, &mut cur)? {
        Pass::Done(n) => Ok(n),
        Pass::Full { offset, .. } => Err(Error::Lz77Overflow {
            offset,
            limit: out.len(),
        }),
    }
}

/// Decompresses `input` into a new vector of at most `max_len` octets.
///
/// The vector starts near the size typical ratios predict and grows (by half, to `max_len`)
/// only when the stream turns out to need it, resuming where it stopped, so a small hostile
/// input with a large bound never costs an allocation it did not earn.
pub fn decompress(input: &[u8], max_len: usize) -> Result<Vec<u8>> {
    // Room reserved for ratios up to 8 (not touched, so not paid for unless used); the part
    // zeroed up front covers ratios up to 4 and 32 KiB payloads at least.
    let reserve = max_len.min(input.len().saturating_mul(8).max(0x8000));
    let mut out = Vec::with_capacity(reserve);
    let first = input.len().saturating_mul(4).saturating_add(SLACK);
    out.resize(max_len.min(first.max(0x8000)), 0);
    let mut cur = Cursor::START;
    loop {
        match pass(input, &mut out, &mut cur)? {
            Pass::Done(n) => {
                out.truncate(n);
                return Ok(out);
            }
            Pass::Full { offset, need } => {
                if need > max_len {
                    return Err(Error::Lz77Overflow {
                        offset,
                        limit: max_len,
                    });
                }
                let grown = out.len().saturating_add(out.len() / 2).max(need);
                out.resize(grown.min(max_len), 0);
            }
        }
    }
}

#[inline]
fn read_u16(input: &[u8], at: usize, what: &'static str) -> Result<u16> {
    match input.get(at..at + 2) {
        Some(b) => Ok(u16::from_le_bytes([b[0], b[1]])),
        None => Err(Error::Lz77 { what, offset: at }),
    }
}

#[inline]
fn read_u8(input: &[u8], at: usize, what: &'static str) -> Result<u8> {
    input
        .get(at)
        .copied()
        .ok_or(Error::Lz77 { what, offset: at })
}

/// Decodes symbols from `cur` until the stream ends or the next symbol does not fit in `out`;
/// then `cur` is left at that symbol.
fn pass(input: &[u8], out: &mut [u8], cur: &mut Cursor) -> Result<Pass> {
    let n = input.len();
    let cap = out.len();
    let Cursor {
        mut ip,
        mut op,
        mut nibble_at,
        mut flags,
    } = *cur;
    loop {
        if flags == FLAGS_EMPTY {
            // A flag word. Input that ends on a symbol boundary is a finished stream.
            let Some(fw) = input.get(ip..ip + 4) else {
                if ip == n {
                    return Ok(Pass::Done(op));
                }
                return Err(Error::Lz77 {
                    what: "flag word cut short",
                    offset: ip,
                });
            };
            flags = u64::from(u32::from_le_bytes([fw[0], fw[1], fw[2], fw[3]])) << 32 | 1 << 31;
            ip += 4;
        }
        // A run of literals: the leading zero bits.
        let run = flags.leading_zeros() as usize;
        if n - ip >= SLACK && cap - op >= SLACK {
            // Far from both ends: one constant-size copy covers any run; the octets past the
            // run are overwritten by what follows.
            out[op..op + SLACK].copy_from_slice(&input[ip..ip + SLACK]);
        } else if run > 0 {
            let take = run.min(n - ip);
            if take > cap - op {
                *cur = Cursor {
                    ip,
                    op,
                    nibble_at,
                    flags,
                };
                return Ok(Pass::Full {
                    offset: ip,
                    need: op + take,
                });
            }
            out[op..op + take].copy_from_slice(&input[ip..ip + take]);
            if take < run {
                // The input ends inside the run: the remaining bits are unused.
                return Ok(Pass::Done(op + take));
            }
        }
        op += run;
        ip += run;
        flags <<= run;
        if flags == FLAGS_EMPTY {
            continue;
        }
        // A match bit; at the end of input it is the end-of-stream marker.
        if ip == n {
            return Ok(Pass::Done(op));
        }
        let at = ip;
        let token = read_u16(input, ip, "match cut short")?;
        let mut next = ip + 2;
        let mut next_nibble = nibble_at;
        let distance = usize::from(token >> 3) + 1;
        let mut length = usize::from(token & 7) + MIN_MATCH;
        if length == 7 + MIN_MATCH {
            // Longer: a half octet shared by two matches, then wider fields.
            let nibble = if nibble_at == NO_NIBBLE {
                let b = read_u8(input, next, "length nibble missing")?;
                next_nibble = next;
                next += 1;
                b & 0x0F
            } else {
                next_nibble = NO_NIBBLE;
                input[nibble_at] >> 4
            };
            length += usize::from(nibble);
            if nibble == 15 {
                (length, next) = wide_length(input, at, next)?;
            }
        }
        if distance > op {
            return Err(Error::Lz77 {
                what: "match reaches before the start of the output",
                offset: at,
            });
        }
        if length > cap - op {
            *cur = Cursor {
                ip,
                op,
                nibble_at,
                flags,
            };
            return Ok(Pass::Full {
                offset: at,
                need: op.saturating_add(length),
            });
        }
        copy_match(out, op, distance, length);
        op += length;
        ip = next;
        nibble_at = next_nibble;
        flags <<= 1;
    }
}

/// Reads the octet, 16 and 32-bit length fields of the match at `at`, which start at `ip`:
/// returns the whole length and where the next symbol starts.
#[cold]
fn wide_length(input: &[u8], at: usize, mut ip: usize) -> Result<(usize, usize)> {
    let mut length = usize::from(read_u8(input, ip, "length octet missing")?);
    ip += 1;
    if length == 255 {
        length = usize::from(read_u16(input, ip, "16-bit length missing")?);
        ip += 2;
        if length == 0 {
            let b = input.get(ip..ip + 4).ok_or(Error::Lz77 {
                what: "32-bit length missing",
                offset: ip,
            })?;
            length = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
            ip += 4;
        }
        // The wide fields hold the whole length less three.
        if length < 15 + 7 {
            return Err(Error::Lz77 {
                what: "extended match length below its minimum",
                offset: at,
            });
        }
        length -= 15 + 7;
    }
    Ok((length.saturating_add(15 + 7 + MIN_MATCH), ip))
}

/// Copies `length` octets from `distance` back, which may overlap what is being written.
#[inline(always)]
fn copy_match(out: &mut [u8], op: usize, distance: usize, length: usize) {
    let src = op - distance;
    if distance >= 16 && length <= 32 && out.len() - op >= 32 {
        // Two constant-size copies; with a distance of at least 16 the second reads only
        // octets written before it, as the format requires.
        out.copy_within(src..src + 16, op);
        if length > 16 {
            out.copy_within(src + 16..src + 32, op + 16);
        }
    } else if distance >= length {
        out.copy_within(src..src + length, op);
    } else if distance == 1 {
        let b = out[src];
        out[op..op + length].fill(b);
    } else {
        // The output from `src` is periodic with period `distance`; each copy may take
        // everything already written, so the chunk doubles.
        let mut done = 0;
        let mut chunk = distance;
        while done < length {
            let c = chunk.min(length - done);
            out.copy_within(src..src + c, op + done);
            done += c;
            chunk = chunk.saturating_mul(2);
        }
    }
}

/// Encoder effort settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// How many earlier positions with the same hash are tried per position.
    pub chain: usize,
    /// A match at least this long is taken without looking further or lazily.
    pub nice: usize,
    /// Try the next position before committing to a match (lazy matching).
    pub lazy: bool,
}

impl Level {
    /// The default: close to what Windows produces, fast enough for every call.
    pub const DEFAULT: Level = Level {
        chain: 24,
        nice: 64,
        lazy: true,
    };
    /// Fastest: short chains, greedy.
    pub const FAST: Level = Level {
        chain: 4,
        nice: 16,
        lazy: false,
    };
}

impl Default for Level {
    fn default() -> Self {
        Level::DEFAULT
    }
}

/// Compresses `input` with [`Level::DEFAULT`], appending the stream to `out`.
pub fn compress(input: &[u8], out: &mut Vec<u8>) {
    compress_with(input, out, Level::DEFAULT);
}

/// An upper bound on the compressed size of `len` octets: every octet a literal, plus one
/// flag word per 32 symbols and the final one.
pub fn max_compressed_len(len: usize) -> usize {
    len + 4 * (len / 32 + 2)
}

const HASH_BITS: u32 = 15;
const NIL: u32 = u32::MAX;

struct Writer<'o> {
    out: &'o mut Vec<u8>,
    flag_at: usize,
    flags: u32,
    count: u32,
    nibble_at: Option<usize>,
}

impl Writer<'_> {
    #[inline]
    fn bit(&mut self, b: u32) {
        self.flags = (self.flags << 1) | b;
        self.count += 1;
        if self.count == 32 {
            self.flush();
        }
    }

    /// Stores the full flag word and reserves the next one after the symbols it described.
    fn flush(&mut self) {
        self.out[self.flag_at..self.flag_at + 4].copy_from_slice(&self.flags.to_le_bytes());
        self.flag_at = self.out.len();
        self.out.extend_from_slice(&[0; 4]);
        self.flags = 0;
        self.count = 0;
    }

    #[inline]
    fn literals(&mut self, mut lits: &[u8]) {
        // As many as the flag word has room for at once: the octets, then their zero bits.
        while !lits.is_empty() {
            let k = lits.len().min((32 - self.count) as usize);
            self.out.extend_from_slice(&lits[..k]);
            self.flags = self.flags.checked_shl(k as u32).unwrap_or(0);
            self.count += k as u32;
            if self.count == 32 {
                self.flush();
            }
            lits = &lits[k..];
        }
    }

    fn matched(&mut self, length: usize, distance: usize) {
        let len = length - MIN_MATCH;
        let dist = ((distance - 1) as u16) << 3;
        if len < 7 {
            self.out
                .extend_from_slice(&(dist | len as u16).to_le_bytes());
        } else {
            self.out.extend_from_slice(&(dist | 7).to_le_bytes());
            let rest = len - 7;
            let nib = rest.min(15) as u8;
            match self.nibble_at.take() {
                None => {
                    self.nibble_at = Some(self.out.len());
                    self.out.push(nib);
                }
                Some(p) => self.out[p] |= nib << 4,
            }
            if rest >= 15 {
                let rest = rest - 15;
                if rest < 255 {
                    self.out.push(rest as u8);
                } else {
                    self.out.push(255);
                    // `len` <= 0xFFFF by MAX_MATCH.
                    self.out.extend_from_slice(&(len as u16).to_le_bytes());
                }
            }
        }
        self.bit(1);
    }

    fn finish(mut self) {
        let free = 32 - self.count;
        let flags = if free == 32 {
            u32::MAX
        } else {
            (self.flags << free) | ((1u32 << free) - 1)
        };
        self.out[self.flag_at..self.flag_at + 4].copy_from_slice(&flags.to_le_bytes());
        self.count = 0;
    }
}

#[inline]
fn hash3(b: &[u8], i: usize) -> usize {
    let v = u32::from(b[i]) | u32::from(b[i + 1]) << 8 | u32::from(b[i + 2]) << 16;
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// Length of the common prefix of `data[a..]` and `data[b..]`, at most `max`.
#[inline]
fn common(data: &[u8], a: usize, b: usize, max: usize) -> usize {
    let mut n = 0;
    while n + 8 <= max {
        let (Some(x), Some(y)) = (data.get(a + n..a + n + 8), data.get(b + n..b + n + 8)) else {
            break;
        };
        let x = u64::from_le_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]);
        let y = u64::from_le_bytes([y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]]);
        let d = x ^ y;
        if d != 0 {
            return n + (d.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while n < max && data[a + n] == data[b + n] {
        n += 1;
    }
    n
}

struct Finder {
    head: Vec<u32>,
    prev: Vec<u32>,
}

impl Finder {
    fn new() -> Self {
        Finder {
            head: vec![NIL; 1 << HASH_BITS],
            prev: vec![NIL; MAX_DISTANCE],
        }
    }

    #[inline]
    fn insert(&mut self, data: &[u8], i: usize) {
        if i + MIN_MATCH <= data.len() {
            let h = hash3(data, i);
            self.prev[i % MAX_DISTANCE] = self.head[h];
            self.head[h] = i as u32;
        }
    }

    /// Best (length, distance) at `i`, trying at most `chain` candidates.
    #[inline]
    fn best(&self, data: &[u8], i: usize, level: Level) -> (usize, usize) {
        let max = (data.len() - i).min(MAX_MATCH);
        if max < MIN_MATCH {
            return (0, 0);
        }
        let mut cand = self.head[hash3(data, i)];
        let (mut best_len, mut best_dist) = (0, 0);
        let mut tries = level.chain;
        while cand != NIL && tries > 0 {
            let c = cand as usize;
            if c >= i || i - c > MAX_DISTANCE {
                break;
            }
            // Cheap reject: the octet that would extend the best match must agree.
            if data[c + best_len.min(max - 1)] == data[i + best_len.min(max - 1)] {
                let l = common(data, c, i, max);
                if l > best_len {
                    best_len = l;
                    best_dist = i - c;
                    if l >= level.nice || l == max {
                        break;
                    }
                }
            }
            let next = self.prev[c % MAX_DISTANCE];
            // A slot reused by a newer position ends the chain.
            if next != NIL && next as usize >= c {
                break;
            }
            cand = next;
            tries -= 1;
        }
        if best_len >= MIN_MATCH {
            (best_len, best_dist)
        } else {
            (0, 0)
        }
    }
}

/// Compresses `input` with the given effort, appending the stream to `out`.
///
/// The output decodes with any MS-XCA plain LZ77 decoder; it does not need to match what
/// Windows produces byte for byte (the format leaves match choice to the encoder).
pub fn compress_with(input: &[u8], out: &mut Vec<u8>, level: Level) {
    out.reserve(max_compressed_len(input.len()));
    let flag_at = out.len();
    out.extend_from_slice(&[0; 4]);
    let mut w = Writer {
        out,
        flag_at,
        flags: 0,
        count: 0,
        nibble_at: None,
    };
    let mut f = Finder::new();
    let n = input.len();
    let mut i = 0;
    let mut lit_start = 0;
    while i < n {
        let (mut len, mut dist) = f.best(input, i, level);
        if len == 0 {
            f.insert(input, i);
            i += 1;
            continue;
        }
        let mut first_inserted = false;
        if level.lazy && len < level.nice && i + 1 < n {
            f.insert(input, i);
            first_inserted = true;
            let (l2, d2) = f.best(input, i + 1, level);
            if l2 > len {
                // A literal now and the longer match one octet later.
                i += 1;
                len = l2;
                dist = d2;
                first_inserted = false;
            }
        }
        w.literals(&input[lit_start..i]);
        w.matched(len, dist);
        for p in i + usize::from(first_inserted)..i + len {
            f.insert(input, p);
        }
        i += len;
        lit_start = i;
    }
    w.literals(&input[lit_start..n]);
    w.finish();
}
