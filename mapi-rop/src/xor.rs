//! XorMagic obfuscation (MS-OXCRPC 3.1.7.3): every octet XORed with 0xA5.
//!
//! ```
//! let mut b = *b"\x43\x00\xfe";
//! oxwire_mapi_rop::xor::xor_magic(&mut b);
//! assert_eq!(b, [0xe6, 0xa5, 0x5b]);
//! ```

/// The obfuscation byte.
pub const XOR_MAGIC: u8 = 0xA5;

/// Applies (and, being an involution, undoes) the XorMagic obfuscation in place.
pub fn xor_magic(buf: &mut [u8]) {
    // Eight octets at a time: the compiler turns this into wide XORs.
    let mut chunks = buf.chunks_exact_mut(8);
    for c in &mut chunks {
        for b in c {
            *b ^= XOR_MAGIC;
        }
    }
    for b in chunks.into_remainder() {
        *b ^= XOR_MAGIC;
    }
}
