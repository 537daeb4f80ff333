//! The rts PDU of MS-RPCH 2.2.3.6.1, kept at the framing level: flags, command count and the
//! undecoded commands, which the RPC over HTTP layer interprets.

use crate::error::Result;
use crate::reader::{Reader, Writer};

/// An RTS PDU body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rts<'a> {
    /// RTS flags (MS-RPCH 2.2.3.6.1: 0x1 PING, 0x2 OTHER_CMD, 0x4 RECYCLE_CHANNEL, 0x8 IN_CHANNEL,
    /// 0x10 OUT_CHANNEL, 0x20 EOF, 0x40 ECHO).
    pub flags: u16,
    /// `NumberOfCommands`.
    pub number_of_commands: u16,
    /// The commands, undecoded.
    pub commands: &'a [u8],
}

impl<'a> Rts<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Rts {
            flags: r.u16("rts.flags")?,
            number_of_commands: r.u16("rts.number_of_commands")?,
            commands: r.rest(),
        })
    }

    pub(crate) fn encoded_len(&self) -> usize {
        4 + self.commands.len()
    }

    pub(crate) fn encode(&self, w: &mut Writer<'_>) {
        w.u16(self.flags);
        w.u16(self.number_of_commands);
        w.bytes(self.commands);
    }
}
