//! EMSMDB (MS-OXCRPC) calls, their extended buffers and the MAPI remote operations (ROPs,
//! MS-OXCROPS) they carry, sans-io.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod limits;
pub mod lz77;
pub mod xor;

pub use error::{Error, Result};
pub use limits::Limits;
