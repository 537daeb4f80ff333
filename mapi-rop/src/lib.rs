//! EMSMDB (MS-OXCRPC) calls, their extended buffers and the MAPI remote operations (ROPs,
//! MS-OXCROPS) they carry, sans-io.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
