//! The request and response bodies of the address book server endpoint (MS-OXCMAPIHTTP
//! 2.2.5): Bind, Unbind, CompareMIds, DNToMId, GetMatches, GetPropList, GetProps,
//! GetSpecialTable, GetTemplateInfo, ModLinkAtt, ModProps, QueryColumns, QueryRows,
//! ResolveNames, ResortRestriction, SeekEntries, UpdateStat, GetMailboxUrl and
//! GetAddressBookUrl.
//!
//! ```
//! use oxwire_moh::addressbook::{decode_request, AddressBookRequest};
//! use oxwire_moh::{Limits, RequestType};
//! use oxwire_nspi::Stat;
//!
//! // Bind request: Flags 0, HasState 0xFF, a STAT with code page 1252 and the 0x409 locales,
//! // no auxiliary buffer.
//! let mut body = vec![0, 0, 0, 0, 0xFF];
//! for v in [0u32, 0, 0, 0, 0, 0, 1252, 0x409, 0x409] {
//!     body.extend_from_slice(&v.to_le_bytes());
//! }
//! body.extend_from_slice(&[0, 0, 0, 0]);
//!
//! let req = decode_request(RequestType::Bind, &body, &Limits::default())?;
//! let AddressBookRequest::Bind(bind) = &req else { unreachable!() };
//! assert_eq!(bind.state.unwrap().code_page, 1252);
//! assert_eq!(req.to_vec()?, body);
//! # Ok::<(), oxwire_moh::Error>(())
//! ```
//!
//! # Design
//! - One module per request type (Bind and Unbind, and the two URL requests, share one).
//!   Each body is a struct whose fields follow the structure table in order; optional parts
//!   are `Option`s behind their presence octet (`HasState`, `HasColumns`, ...), which must be
//!   0x00 or 0xFF so that encoding a decoded body gives its octets back.
//! - A response whose `StatusCode` is not zero carries only the status and the auxiliary
//!   buffer (2.2.2.2); it decodes to [`AddressBookResponse::Failure`] whatever the request
//!   type. The per-type response structs hold what follows a zero `StatusCode`.
//! - The shared structures come from `oxwire-nspi` (STAT, FlatUID, the
//!   `AddressBookPropertyValue` family and `AddressBookPropertyRow`) and the GetMatches
//!   filter from `oxwire-mapi-rop` (MS-OXCDATA 2.12 restrictions with 32-bit counts).
//! - Strings and binaries borrow from the body; counts are checked against the octets left
//!   before anything is reserved, and row sets against [`Limits::max_table_cells`].

mod wire;

mod bind;
mod compare_mids;
mod dn_to_mid;
mod get_matches;
mod get_prop_list;
mod get_props;
mod get_special_table;
mod get_template_info;
mod mod_link_att;
mod mod_props;
mod query_columns;
mod query_rows;
mod resolve_names;
mod resort_restriction;
mod seek_entries;
mod update_stat;
mod urls;

pub use bind::{BindRequest, BindResponse, UnbindRequest, UnbindResponse};
pub use compare_mids::{CompareMIdsRequest, CompareMIdsResponse};
pub use dn_to_mid::{DnToMIdRequest, DnToMIdResponse};
pub use get_matches::{GetMatchesRequest, GetMatchesResponse};
pub use get_prop_list::{GetPropListRequest, GetPropListResponse};
pub use get_props::{GetPropsRequest, GetPropsResponse};
pub use get_special_table::{GetSpecialTableRequest, GetSpecialTableResponse};
pub use get_template_info::{GetTemplateInfoRequest, GetTemplateInfoResponse};
pub use mod_link_att::{ModLinkAttRequest, ModLinkAttResponse};
pub use mod_props::{ModPropsRequest, ModPropsResponse};
pub use query_columns::{QueryColumnsRequest, QueryColumnsResponse};
pub use query_rows::{QueryRowsRequest, QueryRowsResponse};
pub use resolve_names::{ResolveNamesRequest, ResolveNamesResponse};
pub use resort_restriction::{ResortRestrictionRequest, ResortRestrictionResponse};
pub use seek_entries::{SeekEntriesRequest, SeekEntriesResponse};
pub use update_stat::{UpdateStatRequest, UpdateStatResponse};
pub use urls::{
    GetAddressBookUrlRequest, GetAddressBookUrlResponse, GetMailboxUrlRequest,
    GetMailboxUrlResponse,
};
pub use wire::{AnsiString, PropertyNameRef, RowSet, SizedBytes, UnicodeString};

use crate::aux_buffer::AuxiliaryBuffer;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::reader::{put_u32, Reader};
use crate::request_type::RequestType;

/// The short response body of a failed request (`StatusCode` not zero, 2.2.2.2): the status
/// and the auxiliary buffer, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureResponse<'a> {
    /// `StatusCode`: never zero here.
    pub status_code: u32,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub auxiliary_buffer: AuxiliaryBuffer<'a>,
}

fn check_body(body: &[u8], limits: &Limits) -> Result<()> {
    if body.len() > limits.max_body {
        return Err(Error::LimitExceeded {
            what: "address book body",
            offset: 0,
            value: body.len() as u64,
            limit: limits.max_body as u64,
        });
    }
    Ok(())
}

fn not_address_book() -> Error {
    Error::Header {
        name: "X-RequestType",
        reason: "not a request type of the address book endpoint",
    }
}

macro_rules! address_book_bodies {
    ($($rt:ident => $req:ident, $resp:ident;)*) => {
        /// A decoded address book request body, one variant per request type.
        #[derive(Debug, Clone, PartialEq)]
        pub enum AddressBookRequest<'a> {
            $(
                #[doc = concat!("The ", stringify!($rt), " request body.")]
                $rt($req<'a>),
            )*
        }

        /// A decoded address book response body.
        #[derive(Debug, Clone, PartialEq)]
        pub enum AddressBookResponse<'a> {
            $(
                #[doc = concat!("The ", stringify!($rt), " response body (StatusCode 0).")]
                $rt($resp<'a>),
            )*
            /// A non-zero `StatusCode`: the short body, for any request type.
            Failure(RequestType, FailureResponse<'a>),
        }

        /// Decodes the request body of request type `t`; the whole body must be used.
        pub fn decode_request<'a>(
            t: RequestType,
            body: &'a [u8],
            limits: &Limits,
        ) -> Result<AddressBookRequest<'a>> {
            check_body(body, limits)?;
            let mut r = Reader::new(body);
            let req = match t {
                $(RequestType::$rt => AddressBookRequest::$rt($req::read(&mut r, limits)?),)*
                _ => return Err(not_address_book()),
            };
            r.finish("address book request body")?;
            Ok(req)
        }

        /// Decodes the response body of request type `t`; the whole body must be used.
        pub fn decode_response<'a>(
            t: RequestType,
            body: &'a [u8],
            limits: &Limits,
        ) -> Result<AddressBookResponse<'a>> {
            check_body(body, limits)?;
            if !matches!(t, $(RequestType::$rt)|*) {
                return Err(not_address_book());
            }
            let mut r = Reader::new(body);
            let status_code = r.u32("StatusCode")?;
            let resp = if status_code != 0 {
                AddressBookResponse::Failure(t, FailureResponse {
                    status_code,
                    auxiliary_buffer: AuxiliaryBuffer::read(&mut r, limits)?,
                })
            } else {
                match t {
                    $(RequestType::$rt => AddressBookResponse::$rt($resp::read(&mut r, limits)?),)*
                    _ => return Err(not_address_book()),
                }
            };
            r.finish("address book response body")?;
            Ok(resp)
        }

        impl<'a> AddressBookRequest<'a> {
            /// The request type whose body this is.
            pub fn request_type(&self) -> RequestType {
                match self {
                    $(AddressBookRequest::$rt(_) => RequestType::$rt,)*
                }
            }

            /// The auxiliary buffer that ends the body.
            pub fn auxiliary_buffer(&self) -> &AuxiliaryBuffer<'a> {
                match self {
                    $(AddressBookRequest::$rt(b) => &b.auxiliary_buffer,)*
                }
            }

            /// Appends the body.
            pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                match self {
                    $(AddressBookRequest::$rt(b) => b.write(out),)*
                }
            }
        }

        impl<'a> AddressBookResponse<'a> {
            /// The request type whose response this is.
            pub fn request_type(&self) -> RequestType {
                match self {
                    $(AddressBookResponse::$rt(_) => RequestType::$rt,)*
                    AddressBookResponse::Failure(t, _) => *t,
                }
            }

            /// `StatusCode`: zero except for [`AddressBookResponse::Failure`].
            pub fn status_code(&self) -> u32 {
                match self {
                    AddressBookResponse::Failure(_, f) => f.status_code,
                    _ => 0,
                }
            }

            /// `ErrorCode`, when the body has one (`StatusCode` zero).
            pub fn error_code(&self) -> Option<u32> {
                match self {
                    $(AddressBookResponse::$rt(b) => Some(b.error_code),)*
                    AddressBookResponse::Failure(..) => None,
                }
            }

            /// The auxiliary buffer that ends the body.
            pub fn auxiliary_buffer(&self) -> &AuxiliaryBuffer<'a> {
                match self {
                    $(AddressBookResponse::$rt(b) => &b.auxiliary_buffer,)*
                    AddressBookResponse::Failure(_, f) => &f.auxiliary_buffer,
                }
            }

            /// Appends the body, `StatusCode` first.
            pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                match self {
                    $(AddressBookResponse::$rt(b) => {
                        put_u32(out, 0);
                        b.write(out)
                    })*
                    AddressBookResponse::Failure(t, f) => {
                        if f.status_code == 0 || t.endpoint() != Some(crate::Endpoint::AddressBook) {
                            // Zero would make the peer read the full response shape.
                            return Err(Error::Invalid {
                                what: "StatusCode of a failure response",
                                offset: out.len(),
                                value: f.status_code.into(),
                            });
                        }
                        put_u32(out, f.status_code);
                        f.auxiliary_buffer.write(out)
                    }
                }
            }
        }
    };
}

address_book_bodies! {
    Bind => BindRequest, BindResponse;
    Unbind => UnbindRequest, UnbindResponse;
    CompareMIds => CompareMIdsRequest, CompareMIdsResponse;
    DnToMId => DnToMIdRequest, DnToMIdResponse;
    GetMatches => GetMatchesRequest, GetMatchesResponse;
    GetPropList => GetPropListRequest, GetPropListResponse;
    GetProps => GetPropsRequest, GetPropsResponse;
    GetSpecialTable => GetSpecialTableRequest, GetSpecialTableResponse;
    GetTemplateInfo => GetTemplateInfoRequest, GetTemplateInfoResponse;
    ModLinkAtt => ModLinkAttRequest, ModLinkAttResponse;
    ModProps => ModPropsRequest, ModPropsResponse;
    QueryColumns => QueryColumnsRequest, QueryColumnsResponse;
    QueryRows => QueryRowsRequest, QueryRowsResponse;
    ResolveNames => ResolveNamesRequest, ResolveNamesResponse;
    ResortRestriction => ResortRestrictionRequest, ResortRestrictionResponse;
    SeekEntries => SeekEntriesRequest, SeekEntriesResponse;
    UpdateStat => UpdateStatRequest, UpdateStatResponse;
    GetMailboxUrl => GetMailboxUrlRequest, GetMailboxUrlResponse;
    GetAddressBookUrl => GetAddressBookUrlRequest, GetAddressBookUrlResponse;
}

impl AddressBookRequest<'_> {
    /// The encoded body.
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }
}

impl AddressBookResponse<'_> {
    /// The encoded body.
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }
}
