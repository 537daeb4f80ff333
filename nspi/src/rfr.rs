//! The Referral interface of MS-OXABREF (`1544f5e0-613c-11d1-93df-00c04fd7bd09` v1.0): the
//! client asks which server to use for NSPI.

use oxwire_msrpc::ndr::{NdrSyntax, Unique};

use crate::error::{Error, Result};
use crate::strings::AnsiStr;
use crate::stub::{finish, params, reader, writer};

/// Method names by opnum.
pub const OPNUM_NAMES: [&str; 2] = ["RfrGetNewDSA", "RfrGetFQDNFromServerDN"];

/// The name of an opnum.
pub fn opnum_name(opnum: u16) -> Option<&'static str> {
    OPNUM_NAMES.get(usize::from(opnum)).copied()
}

params! {
    /// RfrGetNewDSA request (opnum 0).
    GetNewDsaRequest<'a> {
        /// `ulFlags`.
        flags: u32,
        /// `pUserDN`.
        user_dn: AnsiStr<'a>,
        /// `ppszUnused`: a unique pointer to a unique string pointer.
        unused: Unique<Unique<AnsiStr<'a>>>,
        /// `ppszServer`: a unique pointer to a unique string pointer.
        server: Unique<Unique<AnsiStr<'a>>>,
    }
}
params! {
    /// RfrGetNewDSA response.
    GetNewDsaResponse<'a> {
        /// `ppszUnused`.
        unused: Unique<Unique<AnsiStr<'a>>>,
        /// `ppszServer`: the NSPI server's name.
        server: Unique<Unique<AnsiStr<'a>>>,
        /// Return value.
        result: i32,
    }
}
params! {
    /// RfrGetFQDNFromServerDN request (opnum 1).
    GetFqdnRequest<'a> {
        /// `ulFlags`.
        flags: u32,
        /// `cbMailboxServerDN`.
        cb: u32,
        /// `szMailboxServerDN`.
        server_dn: AnsiStr<'a>,
    }
}
params! {
    /// RfrGetFQDNFromServerDN response.
    GetFqdnResponse<'a> {
        /// `ppszServerFQDN`.
        fqdn: Unique<AnsiStr<'a>>,
        /// Return value.
        result: i32,
    }
}

/// A Referral request stub.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Request<'a> {
    /// Opnum 0.
    GetNewDsa(GetNewDsaRequest<'a>),
    /// Opnum 1.
    GetFqdn(GetFqdnRequest<'a>),
}

/// A Referral response stub.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Response<'a> {
    /// Opnum 0.
    GetNewDsa(GetNewDsaResponse<'a>),
    /// Opnum 1.
    GetFqdn(GetFqdnResponse<'a>),
}

fn call(opnum: u16) -> Result<&'static str> {
    opnum_name(opnum).ok_or(Error::UnknownOpnum {
        opnum,
        interface: "rfr",
    })
}

impl<'a> Request<'a> {
    /// Decodes the stub of opnum `opnum`; every octet must be used.
    pub fn decode(opnum: u16, stub: &'a [u8], syntax: NdrSyntax, le: bool) -> Result<Self> {
        let name = call(opnum)?;
        let mut r = reader(stub, syntax, le);
        let e = |source| Error::Ndr {
            call: name,
            dir: "request",
            source,
        };
        let v = if opnum == 0 {
            Request::GetNewDsa(GetNewDsaRequest::read(&mut r).map_err(e)?)
        } else {
            Request::GetFqdn(GetFqdnRequest::read(&mut r).map_err(e)?)
        };
        finish(&r, name, "request")?;
        Ok(v)
    }

    /// The opnum.
    pub fn opnum(&self) -> u16 {
        match self {
            Request::GetNewDsa(_) => 0,
            Request::GetFqdn(_) => 1,
        }
    }

    /// Encodes the stub.
    pub fn encode(&self, syntax: NdrSyntax, le: bool) -> Result<Vec<u8>> {
        let mut w = writer(syntax, le);
        match self {
            Request::GetNewDsa(v) => v.write(&mut w),
            Request::GetFqdn(v) => v.write(&mut w),
        }
        .map_err(|source| Error::Ndr {
            call: OPNUM_NAMES[usize::from(self.opnum())],
            dir: "request",
            source,
        })?;
        Ok(w.into_bytes())
    }
}

impl<'a> Response<'a> {
    /// Decodes the stub of opnum `opnum`; every octet must be used.
    pub fn decode(opnum: u16, stub: &'a [u8], syntax: NdrSyntax, le: bool) -> Result<Self> {
        let name = call(opnum)?;
        let mut r = reader(stub, syntax, le);
        let e = |source| Error::Ndr {
            call: name,
            dir: "response",
            source,
        };
        let v = if opnum == 0 {
            Response::GetNewDsa(GetNewDsaResponse::read(&mut r).map_err(e)?)
        } else {
            Response::GetFqdn(GetFqdnResponse::read(&mut r).map_err(e)?)
        };
        finish(&r, name, "response")?;
        Ok(v)
    }

    /// The opnum.
    pub fn opnum(&self) -> u16 {
        match self {
            Response::GetNewDsa(_) => 0,
            Response::GetFqdn(_) => 1,
        }
    }

    /// Encodes the stub.
    pub fn encode(&self, syntax: NdrSyntax, le: bool) -> Result<Vec<u8>> {
        let mut w = writer(syntax, le);
        match self {
            Response::GetNewDsa(v) => v.write(&mut w),
            Response::GetFqdn(v) => v.write(&mut w),
        }
        .map_err(|source| Error::Ndr {
            call: OPNUM_NAMES[usize::from(self.opnum())],
            dir: "response",
            source,
        })?;
        Ok(w.into_bytes())
    }
}
