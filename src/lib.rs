//! oxwire: the wire protocols between Outlook and Exchange, decoded, encoded and optimized.
//!
//! This facade re-exports each protocol crate under one name and adds the pieces that sit on
//! top of them: [`capture`] reads packet captures and reassembles their TCP streams, and
//! [`dissect`] turns those streams into one record per DCE/RPC PDU (the `dissect` example is
//! its command line).
//!
//! ```
//! use oxwire::msrpc::{Pdu, PduBody};
//!
//! // Dissect the built-in sample capture and look at its first bind.
//! let records = oxwire::dissect::dissect_capture(oxwire::dissect::SAMPLE_CAPTURE, &Default::default())?;
//! let bind = records.iter().find(|r| r.get_str("ptype") == Some("bind")).unwrap();
//! assert_eq!(bind.get_u64("call_id"), Some(1));
//!
//! // The same PDUs, decoded directly: a shutdown PDU has only the common header.
//! let (pdu, _) = Pdu::decode(&[5, 0, 17, 3, 0x10, 0, 0, 0, 16, 0, 0, 0, 9, 0, 0, 0])?;
//! assert!(matches!(pdu.body, PduBody::Shutdown(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use oxwire_emapi_sspi as emapi_sspi;
pub use oxwire_epm as epm;
pub use oxwire_moh as moh;
pub use oxwire_msrpc as msrpc;
pub use oxwire_nspi as nspi;
pub use oxwire_rpch as rpch;

pub mod capture;
pub mod dissect;
