//! The DCE/RPC endpoint mapper (interface `e1af8308-5d1f-11c9-91a4-08002b14a0fa` v3.0,
//! C706 appendix O with the MS-RPCE 2.2.1.2 extensions), sans-io.
//!
//! * [`calls`]: request and response stubs of all seven operations (ept_insert, ept_delete,
//!   ept_lookup, ept_map, ept_lookup_handle_free, ept_inq_object, ept_mgmt_delete) in
//!   NDR20 and NDR64, decoded without copying and re-encoded byte for byte.
//! * [`Tower`] and [`Floor`]: the protocol tower octet encoding of C706 appendix L, every
//!   floor kind Windows sends, unknown floors kept as they were.
//! * [`StringBinding`]: `ncacn_ip_tcp:10.0.0.5[1032]` and friends, to and from towers.
//! * [`PortRewriter`]: replaces the TCP port of chosen interfaces in ept_map / ept_lookup
//!   responses and bind_acks, and reports the original ports.
//!
//! ```
//! use oxwire_epm::calls::{EptMapResponse, Stub};
//! use oxwire_epm::{Interfaces, PortRewriter, StringBinding, Tower, Twr};
//! use oxwire_msrpc::interfaces::NSPI;
//! use oxwire_msrpc::ndr::NdrSyntax;
//! use oxwire_msrpc::SyntaxId;
//!
//! // An ept_map response announcing NSPI on 10.0.0.5 port 1032.
//! let nspi = SyntaxId::new(NSPI, 56, 0);
//! let binding: StringBinding = "ncacn_ip_tcp:10.0.0.5[1032]".parse()?;
//! let tower = Tower::from_binding(nspi, None, &binding)?;
//! let stub = EptMapResponse::new(vec![Twr::from_tower(&tower)?], 0).encode(NdrSyntax::Ndr20, true)?;
//!
//! // Steer NSPI to port 7840 and remember where it really listens.
//! let rw = PortRewriter::new(Interfaces::Only(vec![NSPI]), 7840);
//! let out = rw.rewrite_map_response(&stub, NdrSyntax::Ndr20, true)?;
//! assert_eq!((out.mappings[0].original, out.mappings[0].rewritten), (1032, 7840));
//!
//! let rewritten = EptMapResponse::decode(out.bytes.as_deref().unwrap(), NdrSyntax::Ndr20, true)?;
//! let twr = rewritten.towers[0].value.as_ref().unwrap();
//! let seen = twr.tower()?.to_binding(None).unwrap();
//! assert_eq!(seen.to_string(), "ncacn_ip_tcp:10.0.0.5[7840]");
//! # Ok::<(), oxwire_epm::Error>(())
//! ```
//!
//! # Design notes
//!
//! * **Towers stay octets until asked.** A `twr_t` holds the tower's octets; [`Twr::tower`]
//!   decodes them. A tower this crate does not understand is still carried and re-encoded
//!   unchanged, which is what a proxy needs.
//! * **Referent ids are kept.** Pointers ([`types::Ptr`]) remember the id they arrived with,
//!   so decode-then-encode is exact even for peers that number ids unusually (impacket
//!   sends ids 1 and 2 in ept_map because Windows 2003 demanded it).
//! * **NDR64.** Counts and referent ids are 8 octets and structures containing them are
//!   8-aligned. `twr_t` and `ept_entry_t` end with a conformant or varying array, so they
//!   have no NDR64 trailing pad (MS-RPCE 2.2.5.3.4.1 pads only after the last field that
//!   is neither conformant nor varying).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod binding;
pub mod calls;
mod error;
pub mod floor;
mod limits;
pub mod rewrite;
mod tower;
pub mod types;

pub use binding::StringBinding;
pub use calls::{Call, Stub};
pub use error::{Error, Result};
pub use floor::{Floor, FloorValue};
pub use limits::Limits;
pub use rewrite::{Interfaces, PortMapping, PortRewriter, Rewritten};
pub use tower::Tower;
pub use types::{Annotation, EptEntry, Ptr, RpcIfId, Twr};

/// The endpoint mapper interface, e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0.
pub const INTERFACE: oxwire_msrpc::SyntaxId =
    oxwire_msrpc::SyntaxId::new(oxwire_msrpc::interfaces::EPM, 3, 0);

/// The well-known endpoint mapper port for ncacn_ip_tcp and ncadg_ip_udp.
pub const PORT: u16 = 135;

/// `ept_s_not_registered` (0x16c9a0d6): no (more) entries match.
pub const EPT_S_NOT_REGISTERED: u32 = 0x16c9_a0d6;
