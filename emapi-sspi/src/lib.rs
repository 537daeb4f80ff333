//! Encrypted MAPI: the authentication messages of DCE/RPC (NTLMSSP, SPNEGO, Kerberos), key
//! derivation from what an observer can know (a password, an NT hash, a keytab, a session key
//! handed over by a domain member), and sealing, unsealing, signing and verifying of PDUs.
//!
//! Nothing here does I/O: feed it PDUs in the order they were seen and it hands back the
//! plaintext stubs.
//!
//! ```
//! use oxwire_emapi_sspi::ntlm::{NtlmSession, Key16, flags};
//! use oxwire_emapi_sspi::Direction;
//!
//! // MS-NLMP 4.2.4.4: sealing "Plaintext" with the NTLMv2 example's session key.
//! let key = Key16([0x55; 16]);
//! let neg = flags::KEY_EXCH | flags::NEG_128 | flags::EXTENDED_SESSIONSECURITY | flags::SEAL
//!     | flags::SIGN;
//! let mut sender = NtlmSession::new(&key, neg).unwrap();
//! let plain: Vec<u8> = "Plaintext".encode_utf16().flat_map(u16::to_le_bytes).collect();
//! let mut data = plain.clone();
//! sender.encrypt(Direction::ToServer, &mut data);
//! let sig = sender.sign(Direction::ToServer, &[&plain]);
//! assert_eq!(data[..4], [0x54, 0xe5, 0x01, 0x65]);
//! assert_eq!(sig[4..12], [0x7f, 0xb3, 0x8e, 0xc5, 0xc5, 0x5d, 0x49, 0x76]);
//!
//! // The receiver, knowing the same key, gets the plaintext back and checks the signature.
//! let mut receiver = NtlmSession::new(&key, neg).unwrap();
//! receiver.decrypt(Direction::ToServer, &mut data);
//! assert_eq!(data, plain);
//! receiver.verify(Direction::ToServer, &[&data], &sig).unwrap();
//! ```
//!
//! # Design notes
//!
//! * **Both ends at once.** An in-path observer sees both directions of a connection, so a
//!   security context here holds the client's and the server's keys, handles and sequence
//!   numbers together and is told which way each PDU travels.
//! * **Order matters.** RC4 handles and sequence numbers continue from PDU to PDU; PDUs must be
//!   handed in per direction in wire order, fragments before reassembly.
//! * **Typed failures.** A signature that does not verify, or a response that does not match
//!   the credentials, is an error of its own kind: never plaintext made of garbage.
//! * **Keys are wiped.** Key material lives in types that zeroize on drop.
//! * **Own ASN.1 reader.** SPNEGO and Kerberos messages are read by a small DER reader of this
//!   crate rather than a general ASN.1 crate: only a handful of structures are needed, and
//!   a reader written to this crate's rules (no panics, no allocation from unchecked lengths,
//!   offsets in errors) is shorter than adapting one.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod crypto;
mod error;
mod wire;

pub mod der;
pub mod kerberos;
pub mod keysource;
pub mod keytab;
pub mod ntlm;
pub mod rpc;
pub mod spnego;

pub use crypto::Rc4;
pub use error::{Error, Result};
pub use keysource::{KerberosKey, KeySource, Keyring, NtlmExchange, NtlmKey};
pub use keytab::{Keytab, KeytabEntry};
pub use rpc::{check_verification_trailer, Processed, Resealer, RpcSecurity};

/// Which way a message travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// From the client (initiator) to the server (acceptor).
    ToServer,
    /// From the server to the client.
    ToClient,
}

impl Direction {
    /// The other direction.
    pub fn reverse(self) -> Direction {
        match self {
            Direction::ToServer => Direction::ToClient,
            Direction::ToClient => Direction::ToServer,
        }
    }
}

/// Bounds applied before anything is allocated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest authentication token (NTLM message, SPNEGO or Kerberos token). Default 64 KiB,
    /// the most an `auth_length` can describe.
    pub max_token_len: usize,
    /// Most AV_PAIRs in one list. Default 64.
    pub max_av_pairs: usize,
    /// Deepest DER nesting. Default 32.
    pub max_der_depth: usize,
    /// Most entries read from one keytab. Default 4096.
    pub max_keytab_entries: usize,
    /// Most security contexts tracked per connection. Default 16.
    pub max_contexts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_token_len: 0xffff,
            max_av_pairs: 64,
            max_der_depth: 32,
            max_keytab_entries: 4096,
            max_contexts: 16,
        }
    }
}
