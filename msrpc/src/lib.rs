//! Connection-oriented DCE/RPC (C706 chapter 12 with the MS-RPCE extensions), sans-io.
//!
//! Bytes in, typed PDUs out, and back: [`Pdu::decode`] borrows from its input and
//! [`Pdu::encode`] reproduces it byte for byte. [`Framer`] cuts a byte stream into PDUs,
//! [`Reassembler`] joins fragments per call, [`Association`] remembers which interface each
//! presentation context carries and which request each response answers, and [`ndr`] is the
//! NDR20/NDR64 runtime the interface crates build on. Nothing here does I/O.
//!
//! ```
//! use oxwire_msrpc::{Pdu, PduBody};
//!
//! // A bind_nak from a server that supports only DCE/RPC 5.0.
//! let bytes = [
//!     5, 0, 13, 3, 0x10, 0, 0, 0, 0x18, 0, 0, 0, 7, 0, 0, 0,
//!     4, 0, 1, 5, 0, 0, 0, 0,
//! ];
//! let (pdu, used) = Pdu::decode(&bytes).unwrap();
//! assert_eq!(used, bytes.len());
//! assert_eq!(pdu.header.call_id, 7);
//! match &pdu.body {
//!     PduBody::BindNak(nak) => {
//!         assert_eq!(nak.reject_reason, 4);
//!         assert_eq!(nak.versions, Some(vec![(5, 0)]));
//!     }
//!     _ => unreachable!(),
//! }
//! assert_eq!(pdu.to_vec().unwrap(), bytes);
//! ```
//!
//! # Design notes
//!
//! * **Views, not copies.** Stubs, auth values, padding and any bytes a structure does not
//!   explain stay borrowed slices of the input. That is what makes re-encoding exact and lets a
//!   proxy forward what it did not change.
//! * **Lengths are derived on encode.** `frag_length`, `auth_length` and `auth_pad_length` are
//!   computed from the parts written, so an edited stub cannot leave a stale length behind.
//! * **Both byte orders.** The data representation in each header decides how that PDU's
//!   integers and UUIDs are read and written.
//! * **Limits first.** Every count is checked against the bytes present and against
//!   [`Limits`] before anything is allocated.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod association;
pub mod auth;
mod error;
pub mod fragment;
pub mod framer;
pub mod header;
pub mod interfaces;
mod limits;
pub mod ndr;
pub mod pdu;
mod reader;
pub mod reassembly;
pub mod uuid;
pub mod verification;

pub use association::{Association, CallInfo, Direction, PresentationContext};
pub use auth::{Auth, SecTrailer};
pub use error::{Error, Result};
pub use fragment::{fragments, CallTemplate};
pub use framer::{split_pdus, Framer};
pub use header::{DataRep, Header, PacketType, PfcFlags, Status};
pub use limits::Limits;
pub use pdu::{Pdu, PduBody};
pub use reader::{Reader, Writer};
pub use reassembly::{Reassembled, Reassembler};
pub use uuid::{SyntaxId, Uuid, NDR20, NDR64};
pub use verification::{VerificationTrailer, VtCommand};
