//! RPC over HTTP v2 (MS-RPCH), sans-io: RTS PDUs, the HTTP channels that carry them, and the
//! virtual connection state machines of the client, the inbound and outbound proxies and the
//! server.
//!
//! ```
//! use oxwire_rpch::{named::ConnA3, PduKind, RtsPdu};
//!
//! // CONN/A3 as impacket's test suite carries it: the OUT channel's 120 s connection timeout.
//! let bytes = [
//!     5, 0, 20, 3, 0x10, 0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0,
//!     0, 0, 1, 0, 2, 0, 0, 0, 0xc0, 0xd4, 1, 0,
//! ];
//! let (pdu, used) = RtsPdu::decode(&bytes)?;
//! assert_eq!(used, bytes.len());
//! assert_eq!(PduKind::candidates(&pdu), [PduKind::ConnA3]);
//! assert_eq!(ConnA3::from_pdu(&pdu).unwrap().connection_timeout, 120_000);
//! assert_eq!(pdu.to_vec()?, bytes);
//! # Ok::<(), oxwire_rpch::Error>(())
//! ```
//!
//! # Design notes
//!
//! * **Layers.** [`command`] and [`rts`] decode and build single PDUs, [`named`] gives every
//!   PDU of MS-RPCH 2.2.4 a typed struct, [`http`] frames the HTTP requests and responses of
//!   the IN and OUT channels, [`vc`] runs a virtual connection per role, and [`passive`]
//!   follows a captured connection from both channels without taking part.
//! * **Engine shape.** The state machines take input through `handle_*(&mut self, now, ..)`
//!   and give output through `poll_output()`, drained until it returns `Output::Timeout` or
//!   `Output::Idle`; time is an input, so runs are deterministic and replayable.
//! * **Inner stream.** Above this crate the layers see the same ordered DCE/RPC PDU stream as
//!   over ncacn_ip_tcp: RTS PDUs are consumed here, every other PDU is passed up whole.
//! * **Relay.** Neither proxy gathers data PDUs: once a header is read and the receiving
//!   peer's window takes the whole PDU, its bytes go on as they arrive, coalesced into one
//!   transmit per input, and a read handed over with `handle_data_owned` that holds only such
//!   bytes leaves as the same buffer. Only RTS PDUs and data waiting for window are gathered
//!   whole. A proxy acknowledges what it passed on, not what it received, so a peer that
//!   stops reading stops the sender within the proxy's window. A host that gives written
//!   transmits back with `reuse` lets the proxy run without allocating.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod command;
mod error;
pub mod http;
mod limits;
pub mod named;
pub mod passive;
pub mod rts;
pub mod vc;

pub use command::{Ack, ClientAddress, Command, Cookie, Destination};
pub use error::{Error, Result};
pub use limits::Limits;
pub use named::PduKind;
pub use rts::{RtsFlags, RtsPdu};
