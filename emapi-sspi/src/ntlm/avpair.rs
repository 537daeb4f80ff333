//! AV_PAIR lists (MS-NLMP 2.2.2.1): the TargetInfo of a CHALLENGE and the tail of an NTLMv2
//! client challenge.

use crate::error::{Error, Result};
use crate::wire::Cursor;

/// AvId values.
pub mod av_id {
    /// MsvAvEOL: ends the list.
    pub const EOL: u16 = 0;
    /// MsvAvNbComputerName.
    pub const NB_COMPUTER_NAME: u16 = 1;
    /// MsvAvNbDomainName.
    pub const NB_DOMAIN_NAME: u16 = 2;
    /// MsvAvDnsComputerName.
    pub const DNS_COMPUTER_NAME: u16 = 3;
    /// MsvAvDnsDomainName.
    pub const DNS_DOMAIN_NAME: u16 = 4;
    /// MsvAvDnsTreeName.
    pub const DNS_TREE_NAME: u16 = 5;
    /// MsvAvFlags (0x2 = a MIC is present).
    pub const FLAGS: u16 = 6;
    /// MsvAvTimestamp (FILETIME).
    pub const TIMESTAMP: u16 = 7;
    /// MsvAvSingleHost.
    pub const SINGLE_HOST: u16 = 8;
    /// MsvAvTargetName (SPN).
    pub const TARGET_NAME: u16 = 9;
    /// MsvAvChannelBindings (MD5 of gss_channel_bindings_struct).
    pub const CHANNEL_BINDINGS: u16 = 10;
}

/// One attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AvPair<'a> {
    /// AvId.
    pub id: u16,
    /// The value (AvLen bytes).
    pub value: &'a [u8],
}

impl AvPair<'_> {
    /// The value as text, for the name attributes (UTF-16LE).
    pub fn text(&self) -> Option<String> {
        match self.id {
            1..=5 | 9 => Some(crate::ntlm::message::utf16_lossy(self.value)),
            _ => None,
        }
    }

    /// The value as a 32-bit integer, for MsvAvFlags.
    pub fn flags(&self) -> Option<u32> {
        (self.id == av_id::FLAGS && self.value.len() == 4).then(|| {
            u32::from_le_bytes([self.value[0], self.value[1], self.value[2], self.value[3]])
        })
    }
}

/// A decoded AV_PAIR list with what surrounded it, so it re-encodes exactly.
///
/// Real lists are not always well formed: some servers send an empty TargetInfo, others one
/// without the MsvAvEOL terminator. Both are accepted and remembered.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AvPairs<'a> {
    /// The attributes before MsvAvEOL, in order.
    pub pairs: Vec<AvPair<'a>>,
    /// MsvAvEOL was present.
    pub terminated: bool,
    /// The value of the MsvAvEOL pair (AvLen should be 0 but is kept when not).
    pub eol_value: &'a [u8],
    /// Bytes after MsvAvEOL (NTLMv2 clients may pad the list).
    pub trailing: &'a [u8],
}

impl<'a> AvPairs<'a> {
    /// Decodes a list; at most `max_pairs` attributes are accepted.
    pub fn decode(buf: &'a [u8], max_pairs: usize) -> Result<Self> {
        let mut c = Cursor::new(buf);
        let mut out = AvPairs::default();
        while !c.is_empty() {
            if c.remaining() < 4 {
                return Err(Error::Truncated {
                    what: "AV_PAIR header",
                    offset: c.offset(),
                    needed: 4,
                    available: c.remaining(),
                });
            }
            let id = c.u16("AV_PAIR.AvId")?;
            let len = c.u16("AV_PAIR.AvLen")? as usize;
            let value = c.take(len, "AV_PAIR.Value")?;
            if id == av_id::EOL {
                out.terminated = true;
                out.eol_value = value;
                out.trailing = c.rest();
                break;
            }
            if out.pairs.len() >= max_pairs {
                return Err(Error::LimitExceeded {
                    what: "AV_PAIR count",
                    limit: max_pairs,
                    actual: out.pairs.len() + 1,
                });
            }
            out.pairs.push(AvPair { id, value });
        }
        Ok(out)
    }

    /// The first attribute with this id.
    pub fn get(&self, id: u16) -> Option<&AvPair<'a>> {
        self.pairs.iter().find(|p| p.id == id)
    }

    /// Exact number of bytes [`encode`](Self::encode) writes.
    pub fn encoded_len(&self) -> usize {
        self.pairs.iter().map(|p| 4 + p.value.len()).sum::<usize>()
            + if self.terminated {
                4 + self.eol_value.len() + self.trailing.len()
            } else {
                0
            }
    }

    /// Appends the list. Fails when a value does not fit the 16-bit AvLen.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let mut put = |id: u16, v: &[u8]| -> Result<()> {
            let len = u16::try_from(v.len()).map_err(|_| Error::LimitExceeded {
                what: "AV_PAIR.AvLen",
                limit: u16::MAX as usize,
                actual: v.len(),
            })?;
            out.extend_from_slice(&id.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(v);
            Ok(())
        };
        for p in &self.pairs {
            put(p.id, p.value)?;
        }
        if self.terminated {
            put(av_id::EOL, self.eol_value)?;
            out.extend_from_slice(self.trailing);
        }
        Ok(())
    }
}
