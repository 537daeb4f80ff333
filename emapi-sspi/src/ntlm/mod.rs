//! NTLM (MS-NLMP): messages, keys and the sealing state.

pub mod avpair;
pub mod flags;
pub mod keys;
pub mod message;
pub mod session;

pub use avpair::{av_id, AvPair, AvPairs};
pub use keys::{
    compute_mic, exported_session_key, lm_hash, nt_hash, ntowf_v2, DirectionalKeys, Key16,
    NtlmCredential,
};
pub use message::{
    Authenticate, Challenge, Negotiate, NtlmMessage, NtlmV2Response, PayloadLayout, Version,
};
pub use session::NtlmSession;
