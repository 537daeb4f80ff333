//! FastTransfer streams (MS-OXCFXICS 2.2.4).
