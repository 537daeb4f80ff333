//! The RTS PDU (MS-RPCH 2.2.3.6): the common DCE/RPC header with packet type 20, then
//! `Flags`, `NumberOfCommands` and the commands.

use oxwire_msrpc::pdu::Rts;
use oxwire_msrpc::{Header, PacketType, Pdu, PduBody};

use crate::command::Command;
use crate::error::{Error, Result};
use crate::limits::Limits;

/// Length of the RTS header: the 16-byte common header, `Flags` and `NumberOfCommands`.
pub const RTS_HEADER_LEN: usize = 20;

/// The RTS `Flags` field (MS-RPCH 2.2.3.6.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct RtsFlags(pub u16);

impl RtsFlags {
    /// RTS_FLAG_NONE.
    pub const NONE: u16 = 0x0000;
    /// RTS_FLAG_PING.
    pub const PING: u16 = 0x0001;
    /// RTS_FLAG_OTHER_CMD.
    pub const OTHER_CMD: u16 = 0x0002;
    /// RTS_FLAG_RECYCLE_CHANNEL.
    pub const RECYCLE_CHANNEL: u16 = 0x0004;
    /// RTS_FLAG_IN_CHANNEL.
    pub const IN_CHANNEL: u16 = 0x0008;
    /// RTS_FLAG_OUT_CHANNEL.
    pub const OUT_CHANNEL: u16 = 0x0010;
    /// RTS_FLAG_EOF.
    pub const EOF: u16 = 0x0020;
    /// RTS_FLAG_ECHO.
    pub const ECHO: u16 = 0x0040;

    /// Names of the bits set, in bit order (`RTS_FLAG_NONE` has none).
    pub fn names(self) -> Vec<&'static str> {
        [
            (Self::PING, "PING"),
            (Self::OTHER_CMD, "OTHER_CMD"),
            (Self::RECYCLE_CHANNEL, "RECYCLE_CHANNEL"),
            (Self::IN_CHANNEL, "IN_CHANNEL"),
            (Self::OUT_CHANNEL, "OUT_CHANNEL"),
            (Self::EOF, "EOF"),
            (Self::ECHO, "ECHO"),
        ]
        .into_iter()
        .filter(|(b, _)| self.0 & b != 0)
        .map(|(_, n)| n)
        .collect()
    }
}

/// An RTS PDU with its commands decoded.
///
/// `encode(decode(x)) == x` for every PDU [`decode`](Self::decode) accepts: the common header
/// is kept as received and bytes after the last counted command are kept in `trailing`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RtsPdu<'a> {
    /// The common header as decoded (`frag_length` is recomputed on encode).
    pub header: Header,
    /// The RTS flags.
    pub flags: RtsFlags,
    /// The commands, `NumberOfCommands` of them.
    pub commands: Vec<Command<'a>>,
    /// Bytes inside `frag_length` after the last command (empty in a well-formed PDU).
    pub trailing: &'a [u8],
}

impl<'a> RtsPdu<'a> {
    /// A PDU as senders build them: little-endian, PFC_FIRST_FRAG | PFC_LAST_FRAG, call_id 0.
    pub fn new(flags: u16, commands: Vec<Command<'a>>) -> Self {
        RtsPdu {
            header: Header::new(PacketType::RTS, 0x03, 0),
            flags: RtsFlags(flags),
            commands,
            trailing: &[],
        }
    }

    /// Decodes the first PDU of `buf` with default [`Limits`]; returns it and its length.
    pub fn decode(buf: &'a [u8]) -> Result<(RtsPdu<'a>, usize)> {
        Self::decode_with(buf, &Limits::default())
    }

    /// Decodes the first PDU of `buf`; returns it and the bytes it used.
    pub fn decode_with(buf: &'a [u8], limits: &Limits) -> Result<(RtsPdu<'a>, usize)> {
        let (pdu, used) = Pdu::decode(buf)?;
        match pdu.body {
            PduBody::Rts(rts) => {
                if pdu.auth.is_some() {
                    return Err(Error::Invalid {
                        what: "auth_length",
                        offset: 10,
                        reason: "RTS PDUs carry no verifier (MS-RPCH 2.2.3.6.1)",
                    });
                }
                Ok((Self::from_rts(pdu.header, &rts, limits)?, used))
            }
            other => Err(Error::NotRts(other.ptype().0)),
        }
    }

    /// Decodes the commands of an RTS body that the DCE/RPC layer already split off.
    pub fn from_rts(header: Header, rts: &Rts<'a>, limits: &Limits) -> Result<RtsPdu<'a>> {
        if !header.drep.little_endian() {
            return Err(Error::Invalid {
                what: "packed_drep",
                offset: 4,
                reason: "RTS PDUs are little-endian (MS-RPCH 2.2.3.6.1)",
            });
        }
        let n = rts.number_of_commands as usize;
        if n > limits.max_commands {
            return Err(Error::LimitExceeded {
                what: "RTS NumberOfCommands",
                limit: limits.max_commands,
                actual: n,
            });
        }
        // Every command is at least 4 bytes: refuse a count the body cannot hold before
        // reserving room for it.
        if n * 4 > rts.commands.len() {
            return Err(Error::Truncated {
                what: "RTS commands (NumberOfCommands)",
                offset: RTS_HEADER_LEN,
                needed: n * 4,
                available: rts.commands.len(),
            });
        }
        let mut commands = Vec::with_capacity(n);
        let mut at = 0;
        for _ in 0..n {
            let (cmd, len) = Command::decode(&rts.commands[at..], RTS_HEADER_LEN + at)?;
            commands.push(cmd);
            at += len;
        }
        Ok(RtsPdu {
            header,
            flags: RtsFlags(rts.flags),
            commands,
            trailing: &rts.commands[at..],
        })
    }

    /// Exact number of bytes [`encode`](Self::encode) writes.
    pub fn encoded_len(&self) -> usize {
        RTS_HEADER_LEN
            + self
                .commands
                .iter()
                .map(Command::encoded_len)
                .sum::<usize>()
            + self.trailing.len()
    }

    /// Appends the PDU to `out`; `frag_length` and `NumberOfCommands` come from what is
    /// written. Fails only when the PDU would not fit the 16-bit `frag_length` or count.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let len = self.encoded_len();
        if len > u16::MAX as usize {
            return Err(Error::LimitExceeded {
                what: "encoded RTS frag_length",
                limit: u16::MAX as usize,
                actual: len,
            });
        }
        let count = u16::try_from(self.commands.len()).map_err(|_| Error::LimitExceeded {
            what: "RTS NumberOfCommands",
            limit: u16::MAX as usize,
            actual: self.commands.len(),
        })?;
        let mut body = Vec::with_capacity(len - RTS_HEADER_LEN);
        for c in &self.commands {
            c.encode(&mut body);
        }
        body.extend_from_slice(self.trailing);
        let pdu = Pdu {
            header: self.header,
            body: PduBody::Rts(Rts {
                flags: self.flags.0,
                number_of_commands: count,
                commands: &body,
            }),
            auth: None,
        };
        pdu.encode(out)?;
        Ok(())
    }

    /// Convenience: the encoded bytes in a new vector.
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        let mut v = Vec::with_capacity(self.encoded_len());
        self.encode(&mut v)?;
        Ok(v)
    }

    /// A copy that borrows nothing.
    pub fn into_owned(self) -> RtsPdu<'static> {
        RtsPdu {
            header: self.header,
            flags: self.flags,
            commands: self.commands.into_iter().map(Command::into_owned).collect(),
            // Bytes after the last command are not canonical; an owned copy drops them.
            trailing: &[],
        }
    }

    /// The first command of the given type.
    pub fn find(&self, command_type: u32) -> Option<&Command<'a>> {
        self.commands
            .iter()
            .find(|c| c.command_type() == command_type)
    }
}
