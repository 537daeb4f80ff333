//! [`Limits`]: bounds checked before any size read from the wire is used.

/// Bounds on buffer sizes, with defaults taken from MS-OXCRPC.
///
/// Every size field (RPC_HEADER_EXT `Size` and `SizeActual`, NDR conformance of `rgbIn`,
/// `rgbOut`, `rgbAuxIn`, `rgbAuxOut`) is checked against the bytes present and against these
/// bounds before it is used to slice or allocate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest decoded (`SizeActual`) payload of one RPC_HEADER_EXT. Default 0x8000 (32 KiB),
    /// the per-payload bound of MS-OXCRPC 3.1.4.2.1.1; at most 0xFFFF since the field is 16 bits.
    pub max_payload: usize,
    /// Largest `rgbIn` / `rgbOut` buffer and largest sum of the decoded payloads of one chain.
    /// Default 0x40000, the `pcbOut` range of EcDoRpcExt2.
    pub max_rop_buffer: usize,
    /// Largest `rgbAuxIn` / `rgbAuxOut` buffer. Default 0x1008, the `pcbAuxOut` range.
    /// Decoded auxiliary payloads are bounded by [`max_payload`](Self::max_payload).
    pub max_aux_buffer: usize,
    /// Most RPC_HEADER_EXT headers accepted in one chain. Default 64: a 0x40000 `rgbOut`
    /// holds at most eight full 32 KiB payloads, so real chains stay far below.
    pub max_chain: usize,
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Limits = Limits {
        max_payload: 0x8000,
        max_rop_buffer: 0x40000,
        max_aux_buffer: 0x1008,
        max_chain: 64,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
