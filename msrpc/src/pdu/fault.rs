//! The fault PDU (C706 12.6.4.7, MS-RPCE 2.2.2.6 for the flags byte).

use crate::error::Result;
use crate::reader::{Reader, Writer};

/// A fault: the call failed with a status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault<'a> {
    /// `alloc_hint`.
    pub alloc_hint: u32,
    /// `p_cont_id`.
    pub ctx_id: u16,
    /// `cancel_count`.
    pub cancel_count: u8,
    /// The byte C706 reserves; MS-RPCE uses bit 0x01 to say extended error information follows.
    pub flags: u8,
    /// The fault status (`nca_s_*` / Win32 code).
    pub status: u32,
    /// Four reserved bytes, kept for exact re-encoding. C706 has them; some stacks end the
    /// PDU after `status`, which is kept as `None`.
    pub reserved2: Option<[u8; 4]>,
    /// Any stub data (extended error information).
    pub stub: &'a [u8],
}

impl<'a> Fault<'a> {
    /// MS-RPCE: extended error information is present in the stub.
    pub const FLAG_EXTENDED_ERROR: u8 = 0x01;

    pub(crate) fn decode(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Fault {
            alloc_hint: r.u32("fault.alloc_hint")?,
            ctx_id: r.u16("fault.p_cont_id")?,
            cancel_count: r.u8("fault.cancel_count")?,
            flags: r.u8("fault.reserved")?,
            status: r.u32("fault.status")?,
            reserved2: if r.remaining() >= 4 {
                Some(r.array("fault.reserved2")?)
            } else {
                None
            },
            stub: r.rest(),
        })
    }

    pub(crate) fn encoded_len(&self) -> usize {
        12 + self.reserved2.map_or(0, |_| 4) + self.stub.len()
    }

    pub(crate) fn encode(&self, w: &mut Writer<'_>) {
        w.u32(self.alloc_hint);
        w.u16(self.ctx_id);
        w.u8(self.cancel_count);
        w.u8(self.flags);
        w.u32(self.status);
        if let Some(r) = &self.reserved2 {
            w.bytes(r);
        }
        w.bytes(self.stub);
    }

    /// The C706 / MS-RPCE name of a fault status, when it is one of the well-known codes.
    pub fn status_name(status: u32) -> Option<&'static str> {
        Some(match status {
            0x0000_0005 => "nca_s_fault_access_denied",
            0x0000_06f7 => "nca_s_fault_ndr",
            0x0000_06d8 => "nca_s_fault_cant_perform",
            0x1c00_0001 => "nca_s_fault_int_div_by_zero",
            0x1c00_0002 => "nca_s_fault_addr_error",
            0x1c00_0003 => "nca_s_fault_fp_div_zero",
            0x1c00_0004 => "nca_s_fault_fp_underflow",
            0x1c00_0005 => "nca_s_fault_fp_overflow",
            0x1c00_0006 => "nca_s_fault_invalid_tag",
            0x1c00_0007 => "nca_s_fault_invalid_bound",
            0x1c00_0008 => "nca_rpc_version_mismatch",
            0x1c00_0009 => "nca_unspec_reject",
            0x1c00_000a => "nca_s_bad_actid",
            0x1c00_000b => "nca_who_are_you_failed",
            0x1c00_000c => "nca_manager_not_entered",
            0x1c00_000d => "nca_s_fault_cancel",
            0x1c00_000e => "nca_s_fault_ill_inst",
            0x1c00_000f => "nca_s_fault_fp_error",
            0x1c00_0010 => "nca_s_fault_int_overflow",
            0x1c00_0012 => "nca_s_fault_unspec",
            0x1c00_0013 => "nca_s_fault_remote_comm_failure",
            0x1c00_0014 => "nca_s_fault_pipe_empty",
            0x1c00_0015 => "nca_s_fault_pipe_closed",
            0x1c00_0016 => "nca_s_fault_pipe_order",
            0x1c00_0017 => "nca_s_fault_pipe_discipline",
            0x1c00_0018 => "nca_s_fault_pipe_comm_error",
            0x1c00_0019 => "nca_s_fault_pipe_memory",
            0x1c00_001a => "nca_s_fault_context_mismatch",
            0x1c00_001b => "nca_s_fault_remote_no_memory",
            0x1c00_001c => "nca_invalid_pres_context_id",
            0x1c00_001d => "nca_unsupported_authn_level",
            0x1c00_001f => "nca_invalid_checksum",
            0x1c00_0020 => "nca_invalid_crc",
            0x1c00_0021 => "nca_s_fault_user_defined",
            0x1c00_0022 => "nca_s_fault_tx_open_failed",
            0x1c00_0023 => "nca_s_fault_codeset_conv_error",
            0x1c00_0024 => "nca_s_fault_object_not_found",
            0x1c00_0025 => "nca_s_fault_no_client_stub",
            0x1c01_0002 => "nca_op_rng_error",
            0x1c01_0003 => "nca_unk_if",
            0x1c01_0006 => "nca_wrong_boot_time",
            0x1c01_0009 => "nca_s_you_crashed",
            0x1c01_000b => "nca_proto_error",
            0x1c01_0013 => "nca_out_args_too_big",
            0x1c01_0014 => "nca_server_too_busy",
            0x1c01_0017 => "nca_unsupported_type",
            0x0000_0721 => "nca_s_fault_sec_pkg_error",
            _ => return None,
        })
    }
}
