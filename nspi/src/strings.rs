//! `[string]` arrays as NSPI carries them: 8-bit strings (`char *`, code page of the STAT) and
//! UTF-16 strings (`wchar_t *`), kept as transmitted so that re-encoding reproduces the stub.
//!
//! Both are conformant-varying on the wire (`max_count`, `offset`, `actual_count`, code
//! units). Decoding borrows the octets; building from Rust text owns them.

use std::borrow::Cow;

use oxwire_msrpc::ndr::{NdrDecode, NdrEncode, NdrError, NdrReader, NdrWriter};

type NdrResult<T> = oxwire_msrpc::ndr::Result<T>;

/// An 8-bit `[string] char *`: the transmitted octets, terminator included when sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnsiStr<'a> {
    /// Allocated size in octets (`max_count`).
    pub max_count: usize,
    /// Transmitted variance offset (0 in practice).
    pub offset: usize,
    /// The transmitted octets.
    pub data: Cow<'a, [u8]>,
}

impl<'a> AnsiStr<'a> {
    /// `text` followed by a NUL, with `max_count` equal to the transmitted length.
    pub fn new(text: &[u8]) -> AnsiStr<'static> {
        let mut v = Vec::with_capacity(text.len() + 1);
        v.extend_from_slice(text);
        v.push(0);
        AnsiStr {
            max_count: v.len(),
            offset: 0,
            data: Cow::Owned(v),
        }
    }

    /// The octets before the first NUL.
    pub fn text(&self) -> &[u8] {
        let end = self
            .data
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(self.data.len());
        &self.data[..end]
    }

    /// The text, with octets above 0x7f read as Latin-1 (the code page is not known here).
    pub fn to_string_lossy(&self) -> String {
        self.text().iter().map(|&b| char::from(b)).collect()
    }

    /// A copy that owns its octets.
    pub fn into_owned(self) -> AnsiStr<'static> {
        AnsiStr {
            max_count: self.max_count,
            offset: self.offset,
            data: Cow::Owned(self.data.into_owned()),
        }
    }
}

/// A UTF-16 `[string] wchar_t *`: the transmitted code units as little-endian octets,
/// terminator included when sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Utf16Str<'a> {
    /// Allocated size in code units (`max_count`).
    pub max_count: usize,
    /// Transmitted variance offset (0 in practice).
    pub offset: usize,
    /// The transmitted code units, little-endian.
    pub data_le: Cow<'a, [u8]>,
}

impl<'a> Utf16Str<'a> {
    /// `text` followed by a NUL, with `max_count` equal to the transmitted length.
    pub fn new(text: &str) -> Utf16Str<'static> {
        let mut v: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        v.extend_from_slice(&[0, 0]);
        Utf16Str {
            max_count: v.len() / 2,
            offset: 0,
            data_le: Cow::Owned(v),
        }
    }

    /// Number of transmitted code units.
    pub fn len(&self) -> usize {
        self.data_le.len() / 2
    }

    /// Whether no code unit was transmitted.
    pub fn is_empty(&self) -> bool {
        self.data_le.is_empty()
    }

    /// The code units before the first NUL.
    pub fn text_units(&self) -> impl Iterator<Item = u16> + '_ {
        self.data_le
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
    }

    /// The text before the first NUL, unpaired surrogates replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        char::decode_utf16(self.text_units())
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    }

    /// A copy that owns its octets.
    pub fn into_owned(self) -> Utf16Str<'static> {
        Utf16Str {
            max_count: self.max_count,
            offset: self.offset,
            data_le: Cow::Owned(self.data_le.into_owned()),
        }
    }
}

fn check_variance(
    w: &NdrWriter,
    offset: usize,
    actual: usize,
    max: usize,
    what: &'static str,
) -> NdrResult<()> {
    match offset.checked_add(actual) {
        Some(end) if end <= max => Ok(()),
        _ => Err(NdrError::BadVarying {
            what,
            offset: w.position(),
            var_offset: offset as u64,
            actual: actual as u64,
            max: max as u64,
        }),
    }
}

impl<'a> NdrDecode<'a> for AnsiStr<'a> {
    const MIN_WIRE_SIZE: usize = 12;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        let max_count = r.conformance()?;
        let (offset, actual) = r.variance_within(max_count, "char string")?;
        let n = r.check_count(actual, 1, "char string")?;
        let data = r.bytes(n, "char string")?;
        Ok(AnsiStr {
            max_count,
            offset,
            data: Cow::Borrowed(data),
        })
    }
}

impl NdrEncode for AnsiStr<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        check_variance(
            w,
            self.offset,
            self.data.len(),
            self.max_count,
            "char string",
        )?;
        w.conformance(self.max_count)?;
        w.variance(self.offset, self.data.len())?;
        w.bytes(&self.data);
        Ok(())
    }
}

impl<'a> NdrDecode<'a> for Utf16Str<'a> {
    const MIN_WIRE_SIZE: usize = 12;

    fn decode_inline(r: &mut NdrReader<'a>) -> NdrResult<Self> {
        let max_count = r.conformance()?;
        let (offset, actual) = r.variance_within(max_count, "wchar string")?;
        let n = r.check_count(actual, 2, "wchar string")?;
        let raw = r.bytes(n * 2, "wchar string")?;
        // Big-endian stubs are rare; converting them keeps one representation.
        let data_le = if r.little_endian() {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(
                raw.chunks_exact(2)
                    .flat_map(|c| [c[1], c[0]])
                    .collect::<Vec<u8>>(),
            )
        };
        Ok(Utf16Str {
            max_count,
            offset,
            data_le,
        })
    }
}

impl NdrEncode for Utf16Str<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> NdrResult<()> {
        if self.data_le.len() % 2 != 0 {
            return Err(NdrError::InvalidString {
                what: "wchar string (odd octet count)",
                offset: w.position(),
            });
        }
        check_variance(w, self.offset, self.len(), self.max_count, "wchar string")?;
        w.conformance(self.max_count)?;
        w.variance(self.offset, self.len())?;
        if w.little_endian() {
            w.bytes(&self.data_le);
        } else {
            for c in self.data_le.chunks_exact(2) {
                w.u16(u16::from_le_bytes([c[0], c[1]]));
            }
        }
        Ok(())
    }
}
