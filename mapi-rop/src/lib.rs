//! EMSMDB (MS-OXCRPC) calls, their extended buffers and the MAPI remote operations (ROPs,
//! MS-OXCROPS) they carry, sans-io.
//!
//! An EcDoRpcExt2 call carries its ROPs in `rgbIn` / `rgbOut`: one or more RPC_HEADER_EXT
//! headers ([`ext_buffer`]), each payload possibly compressed with plain LZ77 ([`lz77`]) and
//! XORed with 0xA5 ([`xor`]); `rgbAuxIn` / `rgbAuxOut` carry auxiliary blocks ([`aux_block`])
//! the same way. [`emsmdb`] reads and writes the NDR stubs of every EMSMDB and AsyncEMSMDB
//! call, [`ext_buffer::plain_payloads`] turns a buffer into the plain ROP buffers.
//!
//! ```
//! use oxwire_mapi_rop::emsmdb::{self, Interface, NdrBytes, Request, RpcExt2Request, AuxIn, Stub};
//! use oxwire_mapi_rop::ext_buffer::{self, Flags};
//! use oxwire_mapi_rop::Limits;
//!
//! // A client packs a ROP buffer (RopSize 7, one RopRelease, a handle table of one entry)...
//! let rops = [0x07, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00];
//! let mut rgb_in = Vec::new();
//! ext_buffer::encode_payload(&rops, Flags::XOR_MAGIC | Flags::LAST, &mut rgb_in)?;
//! let call = Stub {
//!     call: Request::RpcExt2(RpcExt2Request {
//!         cxh: Default::default(),
//!         flags: 0,
//!         cb_in: rgb_in.len() as u32,
//!         rgb_in: NdrBytes::conformant(rgb_in),
//!         cb_out: 0x40000,
//!         aux: AuxIn { rgb_aux_in: NdrBytes::conformant(&[][..]), cb_aux_in: 0, cb_aux_out: 0x1008 },
//!     }),
//!     padding: Vec::new(),
//!     trailing: Default::default(),
//! };
//! let stub = emsmdb::encode_request(&call, true)?;
//!
//! // ...and the other side reads the NDR stub and gets the ROP buffer back.
//! let limits = Limits::default();
//! let seen = emsmdb::decode_request(Interface::Emsmdb, 11, &stub, true, &limits)?;
//! let Request::RpcExt2(r) = &seen.call else { unreachable!() };
//! assert_eq!(ext_buffer::plain_payloads(&r.rgb_in.data, &limits)?, vec![rops.to_vec()]);
//! assert_eq!(emsmdb::encode_request(&seen, true)?, stub);
//! # Ok::<(), oxwire_mapi_rop::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod aux_block;
pub mod emsmdb;
mod error;
pub mod ext_buffer;
pub mod fxics;
mod limits;
pub mod lz77;
pub mod prop;
pub mod rop;
pub mod session;
pub mod xor;

pub use error::{Error, Result};
pub use limits::Limits;
