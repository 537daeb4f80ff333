//! The verification trailer (MS-RPCE 2.2.2.13): commands a client appends to a request stub so
//! the server can check, under the protection of the security provider, parts of the PDU that
//! are not otherwise signed.

use crate::error::{Error, Result};
use crate::reader::Reader;
use crate::uuid::SyntaxId;

/// The 8-byte signature that starts the trailer.
pub const SIGNATURE: [u8; 8] = [0x8a, 0xe3, 0x13, 0x71, 0x02, 0xf4, 0x36, 0x71];

/// Command bit: this is the last command.
pub const COMMAND_END: u16 = 0x4000;
/// Command bit: the receiver must understand this command or fail the call.
pub const MUST_PROCESS: u16 = 0x8000;

/// One command of the trailer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VtCommand<'a> {
    /// SEC_VT_COMMAND_BITMASK_1: client feature bits (0x1 = CLIENT_SUPPORT_HEADER_SIGNING).
    Bitmask1 {
        /// The bits.
        bits: u32,
        /// MUST_PROCESS was set.
        must_process: bool,
    },
    /// SEC_VT_COMMAND_PCONTEXT: the interface and transfer syntax of the call's context.
    PContext {
        /// The interface.
        interface: SyntaxId,
        /// The transfer syntax.
        transfer_syntax: SyntaxId,
        /// MUST_PROCESS was set.
        must_process: bool,
    },
    /// SEC_VT_COMMAND_HEADER2: a copy of the request header fields.
    Header2 {
        /// PTYPE.
        ptype: u8,
        /// The packed data representation.
        drep: [u8; 4],
        /// call_id.
        call_id: u32,
        /// p_cont_id.
        ctx_id: u16,
        /// opnum.
        opnum: u16,
        /// MUST_PROCESS was set.
        must_process: bool,
    },
    /// A command this implementation does not know, kept raw.
    Unknown {
        /// The command word without the END bit.
        command: u16,
        /// Its value.
        value: &'a [u8],
    },
}

/// A decoded verification trailer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationTrailer<'a> {
    /// Offset of the signature within the stub.
    pub offset: usize,
    /// The commands in order.
    pub commands: Vec<VtCommand<'a>>,
}

impl<'a> VerificationTrailer<'a> {
    /// Finds and decodes the trailer at the end of a (reassembled, unsealed) request stub.
    ///
    /// The trailer starts on a 4-byte boundary and its last command carries the END bit and
    /// ends the stub; `Ok(None)` means no such trailer is present.
    pub fn find(stub: &'a [u8], little_endian: bool) -> Result<Option<Self>> {
        if stub.len() < SIGNATURE.len() {
            return Ok(None);
        }
        let mut at = (stub.len() - SIGNATURE.len()) & !3;
        loop {
            if stub[at..].starts_with(&SIGNATURE) {
                if let Ok(t) = Self::decode_at(stub, at, little_endian) {
                    return Ok(Some(t));
                }
            }
            if at < 4 {
                return Ok(None);
            }
            at -= 4;
        }
    }

    /// Decodes a trailer known to start at `offset` of `stub` and to run to its end.
    pub fn decode_at(stub: &'a [u8], offset: usize, little_endian: bool) -> Result<Self> {
        let mut r = Reader::with_base(stub.get(offset..).unwrap_or(&[]), little_endian, offset);
        let sig = r.array::<8>("verification_trailer.signature")?;
        if sig != SIGNATURE {
            return Err(Error::Invalid {
                what: "verification_trailer.signature",
                offset,
                reason: "signature mismatch",
            });
        }
        let mut commands = Vec::new();
        loop {
            let word = r.u16("sec_vt.command")?;
            let len = r.u16("sec_vt.length")? as usize;
            let mut v = r.sub(len, "sec_vt.value")?;
            let must_process = word & MUST_PROCESS != 0;
            let cmd = match word & 0x3fff {
                1 if len == 4 => VtCommand::Bitmask1 {
                    bits: v.u32("sec_vt_bitmask_1.bits")?,
                    must_process,
                },
                2 if len == 40 => VtCommand::PContext {
                    interface: SyntaxId::read(&mut v, "sec_vt_pcontext.interface")?,
                    transfer_syntax: SyntaxId::read(&mut v, "sec_vt_pcontext.transfer_syntax")?,
                    must_process,
                },
                3 if len == 16 => {
                    let ptype = v.u8("sec_vt_header2.ptype")?;
                    v.take(3, "sec_vt_header2.reserved")?;
                    VtCommand::Header2 {
                        ptype,
                        drep: v.array("sec_vt_header2.drep")?,
                        call_id: v.u32("sec_vt_header2.call_id")?,
                        ctx_id: v.u16("sec_vt_header2.p_cont_id")?,
                        opnum: v.u16("sec_vt_header2.opnum")?,
                        must_process,
                    }
                }
                1..=3 => {
                    return Err(Error::Invalid {
                        what: "sec_vt.length",
                        offset: r.offset(),
                        reason: "wrong length for the command",
                    })
                }
                _ => VtCommand::Unknown {
                    command: word & !COMMAND_END,
                    value: v.rest(),
                },
            };
            commands.push(cmd);
            if word & COMMAND_END != 0 {
                break;
            }
        }
        if !r.is_empty() {
            return Err(Error::Invalid {
                what: "verification_trailer",
                offset: r.offset(),
                reason: "bytes follow the END command",
            });
        }
        Ok(VerificationTrailer { offset, commands })
    }
}
