//! NTLM message integrity and confidentiality (MS-NLMP 3.4): per-direction sequence numbers
//! and RC4 handles that continue from one message to the next.

use super::flags;
use super::keys::{DirectionalKeys, Key16};
use crate::crypto::{ct_eq, hmac_md5, Rc4};
use crate::error::{Error, Result};
use crate::Direction;

/// Length of an NTLMSSP_MESSAGE_SIGNATURE.
pub const SIGNATURE_LEN: usize = 16;

struct Handle {
    key: [u8; 16],
    key_len: usize,
    rc4: Rc4,
    used: u64,
}

impl Handle {
    fn new(key: &[u8; 16], key_len: usize) -> Result<Handle> {
        Ok(Handle {
            key: *key,
            key_len,
            rc4: Rc4::new(&key[..key_len])?,
            used: 0,
        })
    }

    fn apply(&mut self, data: &mut [u8]) {
        self.rc4.apply(data);
        self.used += data.len() as u64;
    }

    /// An independent copy at the same keystream position.
    fn fork(&self) -> Result<Handle> {
        let mut h = Handle::new(&self.key, self.key_len)?;
        let mut skip = [0u8; 256];
        let mut left = self.used;
        while left > 0 {
            let n = left.min(256) as usize;
            h.apply(&mut skip[..n]);
            left -= n as u64;
        }
        Ok(h)
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.key.zeroize();
    }
}

struct Side {
    sign_key: [u8; 16],
    seq: u32,
}

impl Drop for Side {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.sign_key.zeroize();
    }
}

/// The security state of an established NTLM context, seen from both ends at once.
///
/// With extended session security each direction has its own signing key, sealing handle and
/// sequence number. Without it (NTLMv1 sealing) the two ends share one RC4 handle, which
/// then runs through the messages of both directions in the order they are processed.
pub struct NtlmSession {
    flags: u32,
    client: Side,
    server: Side,
    client_handle: Handle,
    /// `None` when both directions share the client handle.
    server_handle: Option<Handle>,
}

impl std::fmt::Debug for NtlmSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NtlmSession")
            .field("flags", &format_args!("{:#010x}", self.flags))
            .field("client_seq", &self.client.seq)
            .field("server_seq", &self.server.seq)
            .finish_non_exhaustive()
    }
}

impl NtlmSession {
    /// A session from the exported session key and the negotiated flags (those of the
    /// AUTHENTICATE message).
    pub fn new(exported: &Key16, neg_flags: u32) -> Result<NtlmSession> {
        let k = DirectionalKeys::derive(exported, neg_flags);
        let ess = neg_flags & flags::EXTENDED_SESSIONSECURITY != 0;
        Ok(NtlmSession {
            flags: neg_flags,
            client: Side {
                sign_key: k.client_sign,
                seq: 0,
            },
            server: Side {
                sign_key: k.server_sign,
                seq: 0,
            },
            client_handle: Handle::new(&k.client_seal, k.seal_len)?,
            server_handle: if ess {
                Some(Handle::new(&k.server_seal, k.seal_len)?)
            } else {
                None
            },
        })
    }

    /// The negotiated flags.
    pub fn flags(&self) -> u32 {
        self.flags
    }

    /// Extended session security was negotiated.
    pub fn extended(&self) -> bool {
        self.flags & flags::EXTENDED_SESSIONSECURITY != 0
    }

    /// The sequence number the next message in `dir` will carry.
    pub fn next_seq(&self, dir: Direction) -> u32 {
        self.side(dir).seq
    }

    /// An independent copy in the same state: the starting point for re-sealing with a
    /// sequence of one's own after calls have been injected or removed.
    pub fn fork(&self) -> Result<NtlmSession> {
        Ok(NtlmSession {
            flags: self.flags,
            client: Side {
                sign_key: self.client.sign_key,
                seq: self.client.seq,
            },
            server: Side {
                sign_key: self.server.sign_key,
                seq: self.server.seq,
            },
            client_handle: self.client_handle.fork()?,
            server_handle: match &self.server_handle {
                Some(h) => Some(h.fork()?),
                None => None,
            },
        })
    }

    fn side(&self, dir: Direction) -> &Side {
        match dir {
            Direction::ToServer => &self.client,
            Direction::ToClient => &self.server,
        }
    }

    fn parts(&mut self, dir: Direction) -> (&mut Side, &mut Handle) {
        match dir {
            Direction::ToServer => (&mut self.client, &mut self.client_handle),
            Direction::ToClient => match &mut self.server_handle {
                Some(h) => (&mut self.server, h),
                None => (&mut self.server, &mut self.client_handle),
            },
        }
    }

    /// Encrypts `data` in place with the handle of `dir` (the first half of SEAL()).
    pub fn encrypt(&mut self, dir: Direction, data: &mut [u8]) {
        self.parts(dir).1.apply(data);
    }

    /// Decrypts `data` in place (RC4 is its own inverse).
    pub fn decrypt(&mut self, dir: Direction, data: &mut [u8]) {
        self.parts(dir).1.apply(data);
    }

    /// Makes the signature over `parts` (concatenated) with the next sequence number of `dir`,
    /// and advances it (MAC(), MS-NLMP 3.4.4).
    pub fn sign(&mut self, dir: Direction, parts: &[&[u8]]) -> [u8; SIGNATURE_LEN] {
        let flags = self.flags;
        let (side, handle) = self.parts(dir);
        let seq = side.seq;
        side.seq = side.seq.wrapping_add(1);
        let mut sig = [0u8; SIGNATURE_LEN];
        sig[0] = 1;
        if flags & flags::EXTENDED_SESSIONSECURITY != 0 {
            let mut all: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
            let seq_le = seq.to_le_bytes();
            all.push(&seq_le);
            all.extend_from_slice(parts);
            let mac = hmac_md5(&side.sign_key, &all);
            let mut cks = [0u8; 8];
            cks.copy_from_slice(&mac[..8]);
            if flags & flags::KEY_EXCH != 0 {
                handle.apply(&mut cks);
            }
            sig[4..12].copy_from_slice(&cks);
            sig[12..].copy_from_slice(&seq_le);
        } else {
            let mut h = crc32fast::Hasher::new();
            for p in parts {
                h.update(p);
            }
            let mut rest = [0u8; 12];
            rest[4..8].copy_from_slice(&h.finalize().to_le_bytes());
            handle.apply(&mut rest);
            let s = u32::from_le_bytes([rest[8], rest[9], rest[10], rest[11]]) ^ seq;
            rest[8..].copy_from_slice(&s.to_le_bytes());
            sig[4..].copy_from_slice(&rest);
        }
        sig
    }

    /// Makes a SPNEGO mechListMIC over `parts`: it takes the next sequence number of `dir` but
    /// leaves that direction's RC4 handle where it was, so the first message the application
    /// signs uses the same keystream (MS-SPNG 3.3.5.1, "NTLM RC4 Key State for MechListMIC and
    /// First Signed Message").
    pub fn sign_mech_list_mic(
        &mut self,
        dir: Direction,
        parts: &[&[u8]],
    ) -> Result<[u8; SIGNATURE_LEN]> {
        let saved = self.parts(dir).1.fork()?;
        let sig = self.sign(dir, parts);
        *self.parts(dir).1 = saved;
        Ok(sig)
    }

    /// Checks a signature over `parts` against the next sequence number of `dir`, advancing
    /// it. A wrong checksum is [`Error::IntegrityCheckFailed`]; a sequence number other than
    /// the expected one is [`Error::SequenceMismatch`].
    pub fn verify(&mut self, dir: Direction, parts: &[&[u8]], signature: &[u8]) -> Result<()> {
        if signature.len() < SIGNATURE_LEN {
            return Err(Error::Truncated {
                what: "NTLMSSP_MESSAGE_SIGNATURE",
                offset: 0,
                needed: SIGNATURE_LEN,
                available: signature.len(),
            });
        }
        if signature[..4] != [1, 0, 0, 0] {
            return Err(Error::Invalid {
                what: "NTLMSSP_MESSAGE_SIGNATURE.Version",
                offset: 0,
                reason: "must be 1",
            });
        }
        let expected_seq = self.side(dir).seq;
        let ess = self.extended();
        let ours = self.sign(dir, parts);
        if ess {
            let got =
                u32::from_le_bytes([signature[12], signature[13], signature[14], signature[15]]);
            if got != expected_seq {
                return Err(Error::SequenceMismatch {
                    expected: expected_seq as u64,
                    got: got as u64,
                });
            }
            if !ct_eq(&ours[4..12], &signature[4..12]) {
                return Err(Error::IntegrityCheckFailed {
                    what: "NTLM signature checksum",
                });
            }
        } else if !ct_eq(&ours[8..16], &signature[8..16]) {
            return Err(Error::IntegrityCheckFailed {
                what: "NTLM signature checksum or sequence number",
            });
        }
        Ok(())
    }
}
