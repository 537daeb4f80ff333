//! Control ROPs (MS-OXCROPS 2.2.15 and 2.2.2): RopRelease, RopBackoff, RopBufferTooSmall.

use super::macros::{request, wire_struct};
use super::reader::{Put, Reader};
use super::wire::{len_u16, len_u8, read_vec, Wire};
use super::{LogonKinds, Result, RopRequest};

request! {
    /// RopRelease request (0x01). It has no response.
    RopReleaseRequest {}
}

wire_struct! {
    /// BackoffRop: the ROP to delay and for how long (milliseconds).
    BackoffRop { rop_id_backoff: u8, duration: u32 }
}

/// RopBackoff response (0xF9): LogonId, Duration, BackoffRopCount, BackoffRopData,
/// AdditionalDataSize, AdditionalData.
#[derive(Clone, Debug, PartialEq)]
pub struct RopBackoffResponse {
    /// LogonId.
    pub logon_id: u8,
    /// Duration (milliseconds) for the whole logon.
    pub duration: u32,
    /// BackoffRopData.
    pub backoff_rops: Vec<BackoffRop>,
    /// AdditionalData.
    pub additional_data: Vec<u8>,
}

impl Wire for RopBackoffResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let logon_id = r.u8("LogonId")?;
        let duration = r.u32("Duration")?;
        let n = r.u8("BackoffRopCount")? as usize;
        let backoff_rops = read_vec(r, n, 5, "BackoffRopCount")?;
        let m = r.u16("AdditionalDataSize")? as usize;
        Ok(RopBackoffResponse {
            logon_id,
            duration,
            backoff_rops,
            additional_data: r.take(m, "AdditionalData")?.to_vec(),
        })
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u8(self.logon_id);
        out.put_u32(self.duration);
        out.put_u8(len_u8(self.backoff_rops.len(), "BackoffRopCount")?);
        super::wire::write_all(&self.backoff_rops, out)?;
        out.put_u16(len_u16(self.additional_data.len(), "AdditionalDataSize")?);
        out.extend_from_slice(&self.additional_data);
        Ok(())
    }
}

/// RequestBuffers of a RopBufferTooSmall response: the request ROPs the server did not
/// process, one after another without a RopSize (MS-OXCROPS 2.2.15.1).
#[derive(Clone, Debug, PartialEq)]
pub enum RequestBuffers {
    /// The bytes read as a whole number of request ROPs.
    Decoded(Vec<RopRequest>),
    /// The bytes as sent, when they do not read as request ROPs to the last octet.
    Raw(Vec<u8>),
}

/// RopBufferTooSmall response (0xFF): SizeNeeded, then the request ROPs the server did not
/// process (RequestBuffers), to the end of the RopsList.
#[derive(Clone, Debug, PartialEq)]
pub struct RopBufferTooSmallResponse {
    /// SizeNeeded.
    pub size_needed: u16,
    /// RequestBuffers.
    pub request_buffers: RequestBuffers,
}

impl RopBufferTooSmallResponse {
    /// Reads the response; `logons` shapes the request ROPs whose layout depends on the
    /// logon kind.
    pub fn read_with(r: &mut Reader<'_>, logons: &LogonKinds) -> Result<Self> {
        let size_needed = r.u16("SizeNeeded")?;
        let base = r.offset();
        let rest = r.rest();
        let mut q = Reader::with_base(rest, base);
        let mut rops = Vec::new();
        let request_buffers = loop {
            if q.is_empty() {
                break RequestBuffers::Decoded(rops);
            }
            match RopRequest::read(&mut q, logons) {
                Ok(x) => rops.push(x),
                Err(_) => break RequestBuffers::Raw(rest.to_vec()),
            }
        };
        Ok(RopBufferTooSmallResponse {
            size_needed,
            request_buffers,
        })
    }
}

impl Wire for RopBufferTooSmallResponse {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Self::read_with(r, &LogonKinds::default())
    }
    fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.put_u16(self.size_needed);
        match &self.request_buffers {
            RequestBuffers::Decoded(rops) => {
                for x in rops {
                    x.write(out)?;
                }
            }
            RequestBuffers::Raw(b) => out.extend_from_slice(b),
        }
        Ok(())
    }
}
