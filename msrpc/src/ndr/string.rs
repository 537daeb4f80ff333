//! Strings (`[string]` arrays of `char` and `wchar_t`), conformant-varying or
//! varying, NUL-terminated (C706 14.3.4).
//!
//! The borrowed views [`WStr`] and [`CharStr`] keep the transmitted code units
//! in place; nothing is copied until text is asked for. The owned
//! [`WString`] and [`AnsiString`] are convenient for building stubs.

use super::codec::{NdrDecode, NdrEncode};
use super::error::{NdrError, Result};
use super::reader::NdrReader;
use super::writer::NdrWriter;

/// A borrowed `wchar_t` string as transmitted: its code units (terminator
/// included when sent), in the stub's byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WStr<'a> {
    max_count: usize,
    offset: usize,
    raw: &'a [u8],
    little_endian: bool,
}

impl<'a> WStr<'a> {
    /// Allocated size in code units (for varying-only strings, the bound).
    pub fn max_count(&self) -> usize {
        self.max_count
    }

    /// Transmitted variance offset.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Number of transmitted code units (terminator included).
    pub fn len(&self) -> usize {
        self.raw.len() / 2
    }

    /// Whether no code unit was transmitted.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The transmitted octets.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.raw
    }

    /// All transmitted code units, terminator included.
    pub fn units(&self) -> impl Iterator<Item = u16> + 'a {
        let le = self.little_endian;
        self.raw.chunks_exact(2).map(move |c| {
            let a = [c[0], c[1]];
            if le {
                u16::from_le_bytes(a)
            } else {
                u16::from_be_bytes(a)
            }
        })
    }

    /// The code units before the first NUL.
    pub fn text_units(&self) -> impl Iterator<Item = u16> + 'a {
        self.units().take_while(|&u| u != 0)
    }

    /// The text before the first NUL, with unpaired surrogates replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        char::decode_utf16(self.text_units())
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    }

    /// The text before the first NUL, or `None` if it is not valid UTF-16.
    pub fn try_to_string(&self) -> Option<String> {
        char::decode_utf16(self.text_units())
            .collect::<core::result::Result<String, _>>()
            .ok()
    }
}

/// A borrowed `char` string as transmitted (terminator included when sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharStr<'a> {
    /// Allocated size in octets (for varying-only strings, the bound).
    pub max_count: usize,
    /// Transmitted variance offset.
    pub offset: usize,
    /// The transmitted octets.
    pub data: &'a [u8],
}

impl<'a> CharStr<'a> {
    /// The octets before the first NUL.
    pub fn text(&self) -> &'a [u8] {
        let end = self
            .data
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(self.data.len());
        &self.data[..end]
    }
}

impl<'a> NdrReader<'a> {
    fn terminated(&self, last: Option<u16>, at: usize, what: &'static str) -> Result<()> {
        if self.limits().require_terminator && last != Some(0) {
            return Err(NdrError::MissingTerminator { what, offset: at });
        }
        Ok(())
    }

    fn wstr_body(&mut self, max_count: usize, what: &'static str) -> Result<WStr<'a>> {
        let (offset, actual) = self.variance_within(max_count, what)?;
        let n = self.check_count(actual, 2, what)?;
        let at = self.position();
        let raw = self.bytes(n * 2, what)?;
        let s = WStr {
            max_count,
            offset,
            raw,
            little_endian: self.little_endian(),
        };
        self.terminated(s.units().last(), at, what)?;
        Ok(s)
    }

    fn cstr_body(&mut self, max_count: usize, what: &'static str) -> Result<CharStr<'a>> {
        let (offset, actual) = self.variance_within(max_count, what)?;
        let n = self.check_count(actual, 1, what)?;
        let at = self.position();
        let data = self.bytes(n, what)?;
        self.terminated(data.last().map(|&b| u16::from(b)), at, what)?;
        Ok(CharStr {
            max_count,
            offset,
            data,
        })
    }

    /// Reads a conformant-varying `wchar_t` string (`[string] wchar_t *`).
    pub fn wstring(&mut self) -> Result<WStr<'a>> {
        let max = self.conformance()?;
        self.wstr_body(max, "wchar string")
    }

    /// Reads a varying `wchar_t` string bounded by `max` units
    /// (`[string] wchar_t s[max]`).
    pub fn varying_wstring(&mut self, max: usize) -> Result<WStr<'a>> {
        self.wstr_body(max, "varying wchar string")
    }

    /// Reads a conformant-varying `char` string (`[string] char *`).
    pub fn cstring(&mut self) -> Result<CharStr<'a>> {
        let max = self.conformance()?;
        self.cstr_body(max, "char string")
    }

    /// Reads a varying `char` string bounded by `max` octets.
    pub fn varying_cstring(&mut self, max: usize) -> Result<CharStr<'a>> {
        self.cstr_body(max, "varying char string")
    }
}

impl NdrWriter {
    /// Writes `text` as a conformant-varying `wchar_t` string with a NUL
    /// terminator (`max_count = actual_count = units + 1`, offset 0).
    pub fn wstring(&mut self, text: &str) -> Result<()> {
        let n = text.encode_utf16().count() + 1;
        self.conformance(n)?;
        self.variance(0, n)?;
        text.encode_utf16()
            .chain(core::iter::once(0))
            .for_each(|u| self.u16(u));
        Ok(())
    }

    /// Writes a varying `wchar_t` string (offset 0, NUL added).
    pub fn varying_wstring(&mut self, text: &str) -> Result<()> {
        let n = text.encode_utf16().count() + 1;
        self.variance(0, n)?;
        text.encode_utf16()
            .chain(core::iter::once(0))
            .for_each(|u| self.u16(u));
        Ok(())
    }

    /// Writes code units as a conformant-varying `wchar_t` string exactly as
    /// given (no terminator added).
    pub fn wstring_units(&mut self, units: &[u16]) -> Result<()> {
        self.conformance(units.len())?;
        self.variance(0, units.len())?;
        units.iter().for_each(|&u| self.u16(u));
        Ok(())
    }

    /// Writes `text` as a conformant-varying `char` string with a NUL terminator.
    pub fn cstring(&mut self, text: &[u8]) -> Result<()> {
        let n = text.len() + 1;
        self.conformance(n)?;
        self.variance(0, n)?;
        self.bytes(text);
        self.u8(0);
        Ok(())
    }

    /// Writes a varying `char` string (offset 0, NUL added).
    pub fn varying_cstring(&mut self, text: &[u8]) -> Result<()> {
        self.variance(0, text.len() + 1)?;
        self.bytes(text);
        self.u8(0);
        Ok(())
    }
}

impl<'a> NdrDecode<'a> for WStr<'a> {
    const MIN_WIRE_SIZE: usize = 12;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        r.wstring()
    }
}

impl NdrEncode for WStr<'_> {
    /// Re-emits the string as received (converting byte order if needed).
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        super::array::check_variance(w, self.offset, self.len(), self.max_count, "wchar string")?;
        w.conformance(self.max_count)?;
        w.variance(self.offset, self.len())?;
        if w.little_endian() == self.little_endian {
            w.bytes(self.raw);
        } else {
            self.units().for_each(|u| w.u16(u));
        }
        Ok(())
    }
}

impl<'a> NdrDecode<'a> for CharStr<'a> {
    const MIN_WIRE_SIZE: usize = 12;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        r.cstring()
    }
}

impl NdrEncode for CharStr<'_> {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        super::array::check_variance(
            w,
            self.offset,
            self.data.len(),
            self.max_count,
            "char string",
        )?;
        w.conformance(self.max_count)?;
        w.varying_bytes(self.offset, self.data)
    }
}

/// An owned conformant-varying `wchar_t` string; encodes with a NUL terminator,
/// decodes the text before the first NUL (which must be valid UTF-16).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct WString(pub String);

impl From<&str> for WString {
    fn from(s: &str) -> Self {
        WString(s.to_owned())
    }
}

impl<'a> NdrDecode<'a> for WString {
    const MIN_WIRE_SIZE: usize = 12;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        let s = r.wstring()?;
        let at = r.position() - s.as_bytes().len();
        s.try_to_string()
            .map(WString)
            .ok_or(NdrError::InvalidString {
                what: "wchar string",
                offset: at,
            })
    }
}

impl NdrEncode for WString {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.wstring(&self.0)
    }
}

/// An owned conformant-varying `char` string; encodes with a NUL terminator,
/// decodes the octets before the first NUL.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct AnsiString(pub Vec<u8>);

impl<'a> NdrDecode<'a> for AnsiString {
    const MIN_WIRE_SIZE: usize = 12;
    fn decode_inline(r: &mut NdrReader<'a>) -> Result<Self> {
        Ok(AnsiString(r.cstring()?.text().to_vec()))
    }
}

impl NdrEncode for AnsiString {
    fn encode_inline(&self, w: &mut NdrWriter) -> Result<()> {
        w.cstring(&self.0)
    }
}
