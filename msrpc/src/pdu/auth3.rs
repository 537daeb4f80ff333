//! auth3 (MS-RPCE 2.2.2.10): the third leg of a three-leg authentication, sent after bind_ack.

use crate::error::Result;
use crate::reader::{Reader, Writer};

/// An auth3 body: four pad bytes; the token is in the PDU's verifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Auth3<'a> {
    /// The four bytes MS-RPCE calls `pad`, kept as sent.
    pub pad: [u8; 4],
    /// Anything else before the verifier.
    pub trailing: &'a [u8],
}

impl<'a> Auth3<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Auth3 {
            pad: r.array("auth3.pad")?,
            trailing: r.rest(),
        })
    }

    pub(crate) fn encoded_len(&self) -> usize {
        4 + self.trailing.len()
    }

    pub(crate) fn encode(&self, w: &mut Writer<'_>) {
        w.bytes(&self.pad);
        w.bytes(self.trailing);
    }
}
