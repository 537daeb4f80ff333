//! Connection-oriented DCE/RPC (C706 chapter 12 with the MS-RPCE extensions), sans-io.
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
//! match pdu.body {
//!     PduBody::BindNak(nak) => assert_eq!(nak.reject_reason, 4),
//!     _ => unreachable!(),
//! }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod ndr;
