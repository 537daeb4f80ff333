//! Stub reading and writing on top of the msrpc NDR runtime, keeping alignment octets.
//!
//! NDR leaves the value of alignment gaps unspecified and real servers leave garbage in them
//! (an Exchange 2003 EcDoRpc response in zeek's `mapi.pcap` pads with `c0 c6`), so the reader
//! records every gap octet and the writer replays them; a value built from scratch gets zeros.

use std::borrow::Cow;

use oxwire_msrpc::ndr::{ContextHandle, NdrReader, NdrSyntax, NdrWriter};

use crate::error::{Error, Result};

/// A conformant, or conformant and varying, byte array as transmitted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NdrBytes<'a> {
    /// `max_count` (conformance).
    pub max_count: u32,
    /// `offset` of the variance; 0 for a conformant-only array.
    pub offset: u32,
    /// The transmitted elements (`actual_count` of them for a varying array, `max_count`
    /// otherwise). Strings include their NUL terminator.
    pub data: Cow<'a, [u8]>,
}

impl<'a> NdrBytes<'a> {
    /// A conformant-only array of `data`.
    pub fn conformant(data: impl Into<Cow<'a, [u8]>>) -> Self {
        let data = data.into();
        NdrBytes {
            max_count: data.len() as u32,
            offset: 0,
            data,
        }
    }

    /// A string's text without its terminator, lossily as UTF-8 (the `[string] unsigned char`
    /// fields carry ASCII distinguished names).
    pub fn text(&self) -> String {
        let d = self.data.strip_suffix(&[0]).unwrap_or(&self.data);
        String::from_utf8_lossy(d).into_owned()
    }
}

fn pad_len(pos: usize, n: usize) -> usize {
    (n - (pos % n)) % n
}

pub(crate) struct In<'a> {
    pub(crate) r: NdrReader<'a>,
    pub(crate) pads: Vec<u8>,
}

impl<'a> In<'a> {
    pub(crate) fn new(stub: &'a [u8], little_endian: bool) -> Self {
        In {
            r: NdrReader::new(stub, NdrSyntax::Ndr20, little_endian),
            pads: Vec::new(),
        }
    }

    pub(crate) fn align(&mut self, n: usize) -> Result<()> {
        let pad = pad_len(self.r.position(), n);
        let b = self.r.bytes(pad, "alignment padding")?;
        self.pads.extend_from_slice(b);
        Ok(())
    }

    pub(crate) fn u16(&mut self) -> Result<u16> {
        self.align(2)?;
        Ok(self.r.u16()?)
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        self.align(4)?;
        Ok(self.r.u32()?)
    }

    pub(crate) fn u16x3(&mut self) -> Result<[u16; 3]> {
        Ok([self.u16()?, self.u16()?, self.u16()?])
    }

    pub(crate) fn cxh(&mut self) -> Result<ContextHandle> {
        self.align(4)?;
        Ok(self.r.context_handle()?)
    }

    fn take(&mut self, n: u32, limit: usize, what: &'static str) -> Result<Cow<'a, [u8]>> {
        let n = n as usize;
        if n > limit {
            return Err(Error::LimitExceeded {
                what,
                offset: self.r.position(),
                value: n as u64,
                limit: limit as u64,
            });
        }
        Ok(Cow::Borrowed(self.r.bytes(n, what)?))
    }

    /// `[size_is(..)] unsigned char x[]`.
    pub(crate) fn conformant(&mut self, limit: usize, what: &'static str) -> Result<NdrBytes<'a>> {
        let max_count = self.u32()?;
        let data = self.take(max_count, limit, what)?;
        Ok(NdrBytes {
            max_count,
            offset: 0,
            data,
        })
    }

    /// `[size_is(..), length_is(..)] unsigned char x[]` and `[string] unsigned char *`.
    pub(crate) fn varying(&mut self, limit: usize, what: &'static str) -> Result<NdrBytes<'a>> {
        let max_count = self.u32()?;
        let at = self.r.position();
        let offset = self.u32()?;
        let actual = self.u32()?;
        if u64::from(offset) + u64::from(actual) > u64::from(max_count) {
            return Err(Error::Invalid {
                what: "NDR variance (offset + actual_count above max_count)",
                offset: at,
                value: u64::from(offset) + u64::from(actual),
            });
        }
        let data = self.take(actual, limit, what)?;
        Ok(NdrBytes {
            max_count,
            offset,
            data,
        })
    }

    /// A `[unique]` pointer to a string: its referent id and, when non-null, the string.
    pub(crate) fn unique_string(
        &mut self,
        limit: usize,
        what: &'static str,
    ) -> Result<Option<(u32, NdrBytes<'a>)>> {
        let id = self.u32()?;
        if id == 0 {
            return Ok(None);
        }
        Ok(Some((id, self.varying(limit, what)?)))
    }

    pub(crate) fn finish(self) -> (Vec<u8>, &'a [u8]) {
        (self.pads, self.r.rest())
    }
}

pub(crate) struct Out<'p> {
    pub(crate) w: NdrWriter,
    pads: &'p [u8],
    next_pad: usize,
}

impl<'p> Out<'p> {
    pub(crate) fn new(little_endian: bool, pads: &'p [u8]) -> Self {
        Out {
            w: NdrWriter::new(NdrSyntax::Ndr20, little_endian),
            pads,
            next_pad: 0,
        }
    }

    pub(crate) fn align(&mut self, n: usize) {
        let pad = pad_len(self.w.position(), n);
        for _ in 0..pad {
            let b = self.pads.get(self.next_pad).copied().unwrap_or(0);
            self.next_pad += 1;
            self.w.bytes(&[b]);
        }
    }

    pub(crate) fn u16(&mut self, v: u16) {
        self.align(2);
        self.w.u16(v);
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.align(4);
        self.w.u32(v);
    }

    pub(crate) fn u16x3(&mut self, v: &[u16; 3]) {
        for x in v {
            self.u16(*x);
        }
    }

    pub(crate) fn cxh(&mut self, h: &ContextHandle) {
        self.align(4);
        self.w.context_handle(h);
    }

    fn len32(&self, n: usize, what: &'static str) -> Result<u32> {
        u32::try_from(n).map_err(|_| Error::LimitExceeded {
            what,
            offset: self.w.position(),
            value: n as u64,
            limit: u32::MAX.into(),
        })
    }

    pub(crate) fn conformant(&mut self, b: &NdrBytes<'_>) {
        self.u32(b.max_count);
        self.w.bytes(&b.data);
    }

    pub(crate) fn varying(&mut self, b: &NdrBytes<'_>, what: &'static str) -> Result<()> {
        let actual = self.len32(b.data.len(), what)?;
        self.u32(b.max_count);
        self.u32(b.offset);
        self.u32(actual);
        self.w.bytes(&b.data);
        Ok(())
    }

    pub(crate) fn unique_string(
        &mut self,
        s: &Option<(u32, NdrBytes<'_>)>,
        what: &'static str,
    ) -> Result<()> {
        match s {
            None => self.u32(0),
            Some((id, b)) => {
                self.u32(*id);
                self.varying(b, what)?;
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self, trailing: &[u8]) -> Vec<u8> {
        let mut w = self.w;
        w.bytes(trailing);
        w.into_bytes()
    }
}
