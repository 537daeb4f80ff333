//! The request and response stubs of each call.

use oxwire_msrpc::ndr::ContextHandle;

use super::ndr_io::{In, NdrBytes, Out};
use crate::error::Result;
use crate::limits::Limits;

/// Longest distinguished name or display name accepted (MS-OXCRPC puts no bound; 64 KiB is
/// far above any directory name and bounds what a hostile stub can make us keep).
const MAX_STRING: usize = 0x10000;

/// Longest push-notification context or callback address accepted (both are `unsigned short`
/// counted).
const MAX_SHORT_ARRAY: usize = 0xFFFF;

/// Auxiliary input of EcDoConnectEx and EcDoRpcExt2 (`rgbAuxIn`, `cbAuxIn`, `pcbAuxOut`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuxIn<'a> {
    /// `rgbAuxIn`: an extended buffer of auxiliary blocks (possibly empty).
    pub rgb_aux_in: NdrBytes<'a>,
    /// `cbAuxIn`.
    pub cb_aux_in: u32,
    /// `pcbAuxOut` on input: the room the client has for `rgbAuxOut`.
    pub cb_aux_out: u32,
}

/// Auxiliary output of EcDoConnectEx (`rgbAuxOut`, `pcbAuxOut`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuxOut<'a> {
    /// `rgbAuxOut`.
    pub rgb_aux_out: NdrBytes<'a>,
    /// `pcbAuxOut` on output.
    pub cb_aux_out: u32,
}

/// EcDoConnectEx (opnum 10) request, and legacy EcDoConnect (opnum 0) without `aux`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectRequest<'a> {
    /// `szUserDN`, with its terminator.
    pub user_dn: NdrBytes<'a>,
    /// `ulFlags`.
    pub flags: u32,
    /// `ulConMod`.
    pub con_mod: u32,
    /// `cbLimit`.
    pub cb_limit: u32,
    /// `ulCpid`.
    pub cpid: u32,
    /// `ulLcidString`.
    pub lcid_string: u32,
    /// `ulLcidSort`.
    pub lcid_sort: u32,
    /// `ulIcxrLink`.
    pub icxr_link: u32,
    /// `usFCanConvertCodePages`.
    pub can_convert_code_pages: u16,
    /// `rgwClientVersion`.
    pub client_version: [u16; 3],
    /// `pulTimeStamp` on input.
    pub timestamp: u32,
    /// The auxiliary input (EcDoConnectEx only).
    pub aux: Option<AuxIn<'a>>,
}

/// EcDoConnectEx (opnum 10) response, and legacy EcDoConnect (opnum 0) without `aux`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectResponse<'a> {
    /// `pcxh`: the session context handle.
    pub cxh: ContextHandle,
    /// `pcmsPollsMax`.
    pub polls_max: u32,
    /// `pcRetry`.
    pub retry: u32,
    /// `pcmsRetryDelay`.
    pub retry_delay: u32,
    /// `picxr`.
    pub icxr: u16,
    /// `szDNPrefix`: referent id and string.
    pub dn_prefix: Option<(u32, NdrBytes<'a>)>,
    /// `szDisplayName`: referent id and string.
    pub display_name: Option<(u32, NdrBytes<'a>)>,
    /// `rgwServerVersion`.
    pub server_version: [u16; 3],
    /// `rgwBestVersion` (the second version triple of the legacy call).
    pub best_version: [u16; 3],
    /// `pulTimeStamp` on output.
    pub timestamp: u32,
    /// The auxiliary output (EcDoConnectEx only).
    pub aux: Option<AuxOut<'a>>,
    /// The return value.
    pub status: u32,
}

/// EcDoRpcExt2 (opnum 11) request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcExt2Request<'a> {
    /// `pcxh`.
    pub cxh: ContextHandle,
    /// `pulFlags` (0x1 no compression, 0x2 no XOR, 0x4 chaining allowed).
    pub flags: u32,
    /// `rgbIn`: the extended buffer of ROP requests.
    pub rgb_in: NdrBytes<'a>,
    /// `cbIn`.
    pub cb_in: u32,
    /// `pcbOut` on input: the room the client has for `rgbOut`.
    pub cb_out: u32,
    /// Auxiliary input.
    pub aux: AuxIn<'a>,
}

/// EcDoRpcExt2 (opnum 11) response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcExt2Response<'a> {
    /// `pcxh`.
    pub cxh: ContextHandle,
    /// `pulFlags` on output.
    pub flags: u32,
    /// `rgbOut`: the extended buffer(s) of ROP responses.
    pub rgb_out: NdrBytes<'a>,
    /// `pcbOut` on output.
    pub cb_out: u32,
    /// `rgbAuxOut`.
    pub rgb_aux_out: NdrBytes<'a>,
    /// `pcbAuxOut` on output.
    pub cb_aux_out: u32,
    /// `pulTransTime`.
    pub trans_time: u32,
    /// The return value.
    pub status: u32,
}

/// Legacy EcDoRpc (opnum 2) request: one XOR-obfuscated ROP buffer, no RPC_HEADER_EXT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcRequest<'a> {
    /// The session context handle.
    pub cxh: ContextHandle,
    /// The ROP request buffer (conformant varying; `max_count` is the client's room).
    pub rgb: NdrBytes<'a>,
    /// Length of the ROP buffer.
    pub cb: u16,
    /// Largest response the client accepts.
    pub cb_max: u16,
}

/// Legacy EcDoRpc (opnum 2) response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcResponse<'a> {
    /// The session context handle.
    pub cxh: ContextHandle,
    /// The ROP response buffer.
    pub rgb: NdrBytes<'a>,
    /// Length of the ROP buffer.
    pub cb: u16,
    /// The return value.
    pub status: u32,
}

/// EcRRegisterPushNotification (opnum 4) request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPushRequest<'a> {
    /// `pcxh`.
    pub cxh: ContextHandle,
    /// `iRpc`.
    pub rpc: u32,
    /// `rgbContext`.
    pub context: NdrBytes<'a>,
    /// `cbContext`.
    pub cb_context: u16,
    /// `grbitAdviseBits`.
    pub advise_bits: u32,
    /// `rgbCallbackAddress` (a SOCKADDR).
    pub callback_address: NdrBytes<'a>,
    /// `cbCallbackAddress`.
    pub cb_callback_address: u16,
}

/// EcRRegisterPushNotification (opnum 4) response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPushResponse {
    /// `pcxh`.
    pub cxh: ContextHandle,
    /// `hNotification`.
    pub notification: u32,
    /// The return value.
    pub status: u32,
}

impl<'a> AuxIn<'a> {
    fn read(i: &mut In<'a>, limits: &Limits) -> Result<Self> {
        Ok(AuxIn {
            rgb_aux_in: i.conformant(limits.max_aux_buffer, "rgbAuxIn")?,
            cb_aux_in: i.u32()?,
            cb_aux_out: i.u32()?,
        })
    }
    fn write(&self, o: &mut Out<'_>) {
        o.conformant(&self.rgb_aux_in);
        o.u32(self.cb_aux_in);
        o.u32(self.cb_aux_out);
    }
}

impl<'a> ConnectRequest<'a> {
    pub(crate) fn read(i: &mut In<'a>, ex: bool, limits: &Limits) -> Result<Self> {
        Ok(ConnectRequest {
            user_dn: i.varying(MAX_STRING, "szUserDN")?,
            flags: i.u32()?,
            con_mod: i.u32()?,
            cb_limit: i.u32()?,
            cpid: i.u32()?,
            lcid_string: i.u32()?,
            lcid_sort: i.u32()?,
            icxr_link: i.u32()?,
            can_convert_code_pages: i.u16()?,
            client_version: i.u16x3()?,
            timestamp: i.u32()?,
            aux: if ex {
                Some(AuxIn::read(i, limits)?)
            } else {
                None
            },
        })
    }
    pub(crate) fn write(&self, o: &mut Out<'_>) -> Result<()> {
        o.varying(&self.user_dn, "szUserDN")?;
        for v in [
            self.flags,
            self.con_mod,
            self.cb_limit,
            self.cpid,
            self.lcid_string,
            self.lcid_sort,
            self.icxr_link,
        ] {
            o.u32(v);
        }
        o.u16(self.can_convert_code_pages);
        o.u16x3(&self.client_version);
        o.u32(self.timestamp);
        if let Some(a) = &self.aux {
            a.write(o);
        }
        Ok(())
    }
}

impl<'a> ConnectResponse<'a> {
    pub(crate) fn read(i: &mut In<'a>, ex: bool, limits: &Limits) -> Result<Self> {
        Ok(ConnectResponse {
            cxh: i.cxh()?,
            polls_max: i.u32()?,
            retry: i.u32()?,
            retry_delay: i.u32()?,
            icxr: i.u16()?,
            dn_prefix: i.unique_string(MAX_STRING, "szDNPrefix")?,
            display_name: i.unique_string(MAX_STRING, "szDisplayName")?,
            server_version: i.u16x3()?,
            best_version: i.u16x3()?,
            timestamp: i.u32()?,
            aux: if ex {
                Some(AuxOut {
                    rgb_aux_out: i.varying(limits.max_aux_buffer, "rgbAuxOut")?,
                    cb_aux_out: i.u32()?,
                })
            } else {
                None
            },
            status: i.u32()?,
        })
    }
    pub(crate) fn write(&self, o: &mut Out<'_>) -> Result<()> {
        o.cxh(&self.cxh);
        o.u32(self.polls_max);
        o.u32(self.retry);
        o.u32(self.retry_delay);
        o.u16(self.icxr);
        o.unique_string(&self.dn_prefix, "szDNPrefix")?;
        o.unique_string(&self.display_name, "szDisplayName")?;
        o.u16x3(&self.server_version);
        o.u16x3(&self.best_version);
        o.u32(self.timestamp);
        if let Some(a) = &self.aux {
            o.varying(&a.rgb_aux_out, "rgbAuxOut")?;
            o.u32(a.cb_aux_out);
        }
        o.u32(self.status);
        Ok(())
    }
}

impl<'a> RpcExt2Request<'a> {
    pub(crate) fn read(i: &mut In<'a>, limits: &Limits) -> Result<Self> {
        Ok(RpcExt2Request {
            cxh: i.cxh()?,
            flags: i.u32()?,
            rgb_in: i.conformant(limits.max_rop_buffer, "rgbIn")?,
            cb_in: i.u32()?,
            cb_out: i.u32()?,
            aux: AuxIn::read(i, limits)?,
        })
    }
    pub(crate) fn write(&self, o: &mut Out<'_>) -> Result<()> {
        o.cxh(&self.cxh);
        o.u32(self.flags);
        o.conformant(&self.rgb_in);
        o.u32(self.cb_in);
        o.u32(self.cb_out);
        self.aux.write(o);
        Ok(())
    }
}

impl<'a> RpcExt2Response<'a> {
    pub(crate) fn read(i: &mut In<'a>, limits: &Limits) -> Result<Self> {
        Ok(RpcExt2Response {
            cxh: i.cxh()?,
            flags: i.u32()?,
            rgb_out: i.varying(limits.max_rop_buffer, "rgbOut")?,
            cb_out: i.u32()?,
            rgb_aux_out: i.varying(limits.max_aux_buffer, "rgbAuxOut")?,
            cb_aux_out: i.u32()?,
            trans_time: i.u32()?,
            status: i.u32()?,
        })
    }
    pub(crate) fn write(&self, o: &mut Out<'_>) -> Result<()> {
        o.cxh(&self.cxh);
        o.u32(self.flags);
        o.varying(&self.rgb_out, "rgbOut")?;
        o.u32(self.cb_out);
        o.varying(&self.rgb_aux_out, "rgbAuxOut")?;
        o.u32(self.cb_aux_out);
        o.u32(self.trans_time);
        o.u32(self.status);
        Ok(())
    }
}

impl<'a> RpcRequest<'a> {
    pub(crate) fn read(i: &mut In<'a>, limits: &Limits) -> Result<Self> {
        Ok(RpcRequest {
            cxh: i.cxh()?,
            rgb: i.varying(limits.max_rop_buffer, "ROP request buffer")?,
            cb: i.u16()?,
            cb_max: i.u16()?,
        })
    }
    pub(crate) fn write(&self, o: &mut Out<'_>) -> Result<()> {
        o.cxh(&self.cxh);
        o.varying(&self.rgb, "ROP request buffer")?;
        o.u16(self.cb);
        o.u16(self.cb_max);
        Ok(())
    }
}

impl<'a> RpcResponse<'a> {
    pub(crate) fn read(i: &mut In<'a>, limits: &Limits) -> Result<Self> {
        Ok(RpcResponse {
            cxh: i.cxh()?,
            rgb: i.varying(limits.max_rop_buffer, "ROP response buffer")?,
            cb: i.u16()?,
            status: i.u32()?,
        })
    }
    pub(crate) fn write(&self, o: &mut Out<'_>) -> Result<()> {
        o.cxh(&self.cxh);
        o.varying(&self.rgb, "ROP response buffer")?;
        o.u16(self.cb);
        o.u32(self.status);
        Ok(())
    }
}

impl<'a> RegisterPushRequest<'a> {
    pub(crate) fn read(i: &mut In<'a>) -> Result<Self> {
        Ok(RegisterPushRequest {
            cxh: i.cxh()?,
            rpc: i.u32()?,
            context: i.conformant(MAX_SHORT_ARRAY, "rgbContext")?,
            cb_context: i.u16()?,
            advise_bits: i.u32()?,
            callback_address: i.conformant(MAX_SHORT_ARRAY, "rgbCallbackAddress")?,
            cb_callback_address: i.u16()?,
        })
    }
    pub(crate) fn write(&self, o: &mut Out<'_>) -> Result<()> {
        o.cxh(&self.cxh);
        o.u32(self.rpc);
        o.conformant(&self.context);
        o.u16(self.cb_context);
        o.u32(self.advise_bits);
        o.conformant(&self.callback_address);
        o.u16(self.cb_callback_address);
        Ok(())
    }
}

impl RegisterPushResponse {
    pub(crate) fn read(i: &mut In<'_>) -> Result<Self> {
        Ok(RegisterPushResponse {
            cxh: i.cxh()?,
            notification: i.u32()?,
            status: i.u32()?,
        })
    }
    pub(crate) fn write(&self, o: &mut Out<'_>) -> Result<()> {
        o.cxh(&self.cxh);
        o.u32(self.notification);
        o.u32(self.status);
        Ok(())
    }
}
