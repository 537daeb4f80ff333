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
//! # Speed
//! Far from both ends of input and output a fast path takes a literal run and the match
//! after it in one round, copying fixed 16 and 32-octet blocks whose excess the next
//! symbols overwrite, over slices whose bounds the compiler can see, so that most checks
//! fold away. Text compresses to many short matches, a quarter to a third of them long
//! enough to carry a length nibble; a branch on that mispredicts often, so there the nibble
//! is taken with masks, while on binary data, where long matches are rare, the branch is
//! cheaper. The fast path tells which case it is in once per flag word and changes over.
//! Symbols near either end, lengths in the wide fields and malformed matches go through a
//! careful path that checks everything; it alone reports errors.
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
/// `pending` when no half-used length octet is waiting for its high nibble.
const NO_NIBBLE: usize = 0;
/// Marks `pending` as holding a half-used length octet in its low eight bits.
const NIBBLE_PENDING: usize = 0x100;
/// Input the fast path may look at from a symbol's start: 32 literals (or fewer, then a flag
/// word or a match with its length nibble and octet).
const FAST_IN: usize = 32 + 4;
/// Output the fast path may write from a symbol's start: a literal run, then a short match,
/// each copied as 32 octets whatever its length.
const FAST_OUT: usize = 64;
/// Output the first buffer of [`decompress`] allows beyond four times the input.
const SLACK: usize = 32;

/// Where decoding stands between symbols, so that a pass stopped by a full buffer can resume
/// after the buffer grows.
#[derive(Clone, Copy)]
struct Cursor {
    ip: usize,
    op: usize,
    /// [`NIBBLE_PENDING`] with the last half-used length octet, or [`NO_NIBBLE`]. The
    /// value, not its position, so the fast path reads each octet once.
    pending: usize,
    flags: u64,
    /// How the fast path takes length nibbles, and the running count that decides it.
    nibbles: Nibbles,
}

impl Cursor {
    const START: Cursor = Cursor {
        ip: 0,
        op: 0,
        pending: NO_NIBBLE,
        flags: FLAGS_EMPTY,
        nibbles: Nibbles {
            masked: false,
            score: 0,
        },
    };
}

/// The fast path has two ways to take the length nibble of a long match: a branch, cheap
/// while long matches are rare (binary data), and masks, which cost a few more steps per
/// match but never a mispredicted branch, better once long matches are frequent and
/// irregular (text, where one match in three or four is long). Each flag word the fast path
/// finishes adds to the score sixteen times the octets its symbols took beyond literals and
/// two per match (one per two long matches, plus any wider length fields) and takes away
/// its match count, so the score climbs while more than about one match in eight is long;
/// past [`SWITCH_AT`] either way the fast path changes over.
#[derive(Clone, Copy)]
struct Nibbles {
    masked: bool,
    score: isize,
}

/// See [`Nibbles`]; the score is held within twice this, so a change of data shows soon.
const SWITCH_AT: isize = 64;

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
/// the output, a flag word or match cut short, an impossible extended length). Octets of
/// `out` past the returned length may have been overwritten.
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

/// Four input octets from `at` as a little-endian word.
#[inline(always)]
fn le32(input: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&input[at..at + 4]);
    u32::from_le_bytes(b)
}

/// Decodes symbols from `state` while [`FAST_IN`] input and [`FAST_OUT`] output octets
/// remain past it, so that nothing it reads can run out and its fixed-size copies, whose
/// excess the next symbols overwrite, stay inside `out`; returns where it stopped. It stops
/// at the symbols it leaves to the careful path: those near either end, a length in the
/// 16 or 32-bit fields, a match reaching before the start of the output or past its end.
/// The careful path is the only one that reports errors, so they are the same whichever
/// path meets the symbol. It also stops, between flag words, to change its nibble step
/// (see [`Nibbles`]), which `MASKED` selects.
#[inline(always)]
fn fast<const MASKED: bool>(input: &[u8], out: &mut [u8], state: Cursor) -> Cursor {
    // Bounds on the cursor rather than lengths past it, so that the compiler sees the
    // windows below fit and drops their checks.
    let (Some(ip_end), Some(op_end)) = (
        input.len().checked_sub(FAST_IN),
        out.len().checked_sub(FAST_OUT),
    ) else {
        return state;
    };
    let Cursor {
        mut ip,
        mut op,
        mut pending,
        mut flags,
        mut nibbles,
    } = state;
    // Where the symbols of the last flag word read here start, and that word.
    let mut word_read = None;
    while ip <= ip_end && op <= op_end {
        let win = &input[ip..ip + FAST_IN];
        // Where this symbol's copies may reach.
        let reach = op + FAST_OUT;
        // Literals: mostly none or a few, so 16 octets unconditionally, the rest of a
        // longer run only when there is one.
        let run = flags.leading_zeros() as usize;
        {
            let dst = &mut out[op..op + 32];
            dst[..16].copy_from_slice(&win[..16]);
            if run > 16 {
                dst[16..].copy_from_slice(&win[16..32]);
            }
        }
        // Past the literals and the bit after them: nothing left means that bit was the
        // marker, so the word is used up and the next one follows the literals. Checking
        // here rather than before each symbol costs one extra round per word instead of a
        // test per symbol.
        let after = flags << run << 1;
        let word = le32(win, run) as usize;
        ip += run;
        op += run;
        if after == 0 {
            // The marker below the word, without a 64-bit constant the loop would keep in a
            // register.
            flags = ((word as u64) << 1 | 1) << 31;
            ip += 4;
            // Once a word, where the loop is as good as left: the nibble step to use. A word
            // of literals alone says nothing about matches.
            if let Some((start, bits)) = word_read {
                if bits != 0 {
                    let matches = u32::count_ones(bits) as usize;
                    // At most 32 matches of four octets: the values stay small.
                    let extra = (ip - 4).saturating_sub(start + 32 + matches).min(64) as isize;
                    nibbles.score = (nibbles.score + 16 * extra - matches as isize)
                        .clamp(-2 * SWITCH_AT, 2 * SWITCH_AT);
                    if MASKED && nibbles.score < -SWITCH_AT || !MASKED && nibbles.score > SWITCH_AT
                    {
                        nibbles.masked = !MASKED;
                        break;
                    }
                }
            }
            word_read = Some((ip, word as u32));
            continue;
        }
        // A match; `word` holds it and the two octets after it, where a long match finds
        // its length nibble (when none is pending) and octet. `pending` is zero or the
        // octet whose high nibble is still to be used, marked.
        let long = ((word & 7) + 1) >> 3;
        let none_mask = (pending >> 8).wrapping_sub(1);
        let mut length = (word & 7) + MIN_MATCH;
        let mut next = 2;
        let next_pending;
        if MASKED {
            let long_mask = long.wrapping_neg();
            length += ((pending >> 4) | ((word >> 16) & none_mask)) & 15 & long_mask;
            next += long_mask & none_mask & 1;
            let claim = (NIBBLE_PENDING | (word >> 16) & 0xFF) & none_mask;
            next_pending = pending ^ ((pending ^ claim) & long_mask);
        } else if long != 0 {
            length += ((pending >> 4) | ((word >> 16) & none_mask)) & 15;
            next += none_mask & 1;
            next_pending = (NIBBLE_PENDING | (word >> 16) & 0xFF) & none_mask;
        } else {
            next_pending = pending;
        }
        if length == 7 + 15 + MIN_MATCH {
            let wide = (word >> (8 * next)) & 0xFF;
            if wide == 255 {
                flags = after >> 1 | FLAGS_EMPTY;
                break;
            }
            length = wide + 15 + 7 + MIN_MATCH;
            next += 1;
        }
        let distance = ((word >> 3) & 0x1FFF) + 1;
        let Some(from) = op.checked_sub(distance) else {
            flags = after >> 1 | FLAGS_EMPTY;
            break;
        };
        // Blocks no longer than the distance read only octets written before them, as the
        // format requires of overlapping matches. Inside `near` the compiler can tell the
        // short ones fit.
        if length <= 32 && distance >= 8 {
            let near = &mut out[..reach];
            if let Some(&src) = near[from..op].first_chunk::<32>() {
                near[op..op + 32].copy_from_slice(&src);
            } else if distance >= 16 {
                near.copy_within(from..from + 16, op);
                near.copy_within(from + 16..from + 32, op + 16);
            } else {
                for k in [0, 8, 16, 24] {
                    near.copy_within(from + k..from + k + 8, op + k);
                }
            }
        } else if distance >= 32 && length + 32 <= out.len() - op {
            let mut k = 0;
            while k < length {
                out.copy_within(from + k..from + k + 32, op + k);
                k += 32;
            }
        } else if length <= out.len() - op {
            // Long and close, or short and closer than 8: rare in text, common in runs.
            copy_match(out, op, distance, length);
        } else {
            flags = after >> 1 | FLAGS_EMPTY;
            break;
        }
        pending = next_pending;
        op += length;
        ip += next;
        flags = after;
    }
    Cursor {
        ip,
        op,
        pending,
        flags,
        nibbles,
    }
}

/// Decodes symbols from `cur` until the stream ends or the next symbol does not fit in `out`;
/// then `cur` is left at that symbol.
///
/// Far from both ends [`fast`] does the work; the symbols near either end are taken here
/// one at a time, with exact copies and every check.
fn pass(input: &[u8], out: &mut [u8], cur: &mut Cursor) -> Result<Pass> {
    let n = input.len();
    let cap = out.len();
    let mut state = *cur;
    loop {
        state = if state.nibbles.masked {
            fast::<true>(input, out, state)
        } else {
            fast::<false>(input, out, state)
        };
        let Cursor {
            mut ip,
            mut op,
            mut pending,
            mut flags,
            nibbles,
        } = state;
        // Careful path: one symbol.
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
        if run > 0 {
            let take = run.min(n - ip);
            if take > cap - op {
                *cur = Cursor {
                    ip,
                    op,
                    pending,
                    flags,
                    nibbles,
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
            op += run;
            ip += run;
            flags <<= run;
            if flags == FLAGS_EMPTY {
                state = Cursor {
                    ip,
                    op,
                    pending,
                    flags,
                    nibbles,
                };
                continue;
            }
        }
        // A match bit; at the end of input it is the end-of-stream marker.
        if ip == n {
            return Ok(Pass::Done(op));
        }
        let at = ip;
        let token = read_u16(input, ip, "match cut short")?;
        let mut next = ip + 2;
        let mut next_pending = pending;
        let distance = usize::from(token >> 3) + 1;
        let mut length = usize::from(token & 7) + MIN_MATCH;
        if length == 7 + MIN_MATCH {
            // Longer: a half octet shared by two matches, then wider fields.
            let nibble = if pending == NO_NIBBLE {
                let b = read_u8(input, next, "length nibble missing")?;
                next_pending = NIBBLE_PENDING | usize::from(b);
                next += 1;
                usize::from(b & 0x0F)
            } else {
                next_pending = NO_NIBBLE;
                (pending >> 4) & 15
            };
            length += nibble;
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
                pending,
                flags,
                nibbles,
            };
            return Ok(Pass::Full {
                offset: at,
                need: op.saturating_add(length),
            });
        }
        copy_match(out, op, distance, length);
        op += length;
        ip = next;
        pending = next_pending;
        flags <<= 1;
        state = Cursor {
            ip,
            op,
            pending,
            flags,
            nibbles,
        };
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

/// Copies `length` octets from `distance` back to `op`, which the caller has checked fit;
/// the source may overlap what is being written. May write up to 15 octets past the match
/// when the buffer has room for them.
#[inline(never)]
fn copy_match(out: &mut [u8], op: usize, distance: usize, length: usize) {
    let src = op - distance;
    let room = out.len() - op;
    if distance >= length && length > 64 {
        // Long and apart: the library copy wins.
        out.copy_within(src..src + length, op);
    } else if distance >= 16 && length + 16 <= room {
        // Blocks of 16, each reading only octets written before it.
        let mut k = 0;
        while k < length {
            out.copy_within(src + k..src + k + 16, op + k);
            k += 16;
        }
    } else if distance >= length {
        out.copy_within(src..src + length, op);
    } else if distance == 1 {
        let b = out[src];
        out[op..op + length].fill(b);
    } else if length <= 32 {
        // Short and overlapping: octet by octet, each from `distance` back.
        let w = &mut out[src..op + length];
        for i in distance..w.len() {
            w[i] = w[i - distance];
        }
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
