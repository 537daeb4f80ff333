//! Names of interfaces commonly seen next to Outlook and Exchange, for display.

use crate::uuid::Uuid;

const fn u(a: u32, b: u16, c: u16, d: [u8; 8]) -> Uuid {
    Uuid::from_fields(a, b, c, d)
}

/// Endpoint mapper, e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0 (C706 appendix O).
pub const EPM: Uuid = u(
    0xe1af8308,
    0x5d1f,
    0x11c9,
    [0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa],
);
/// EMSMDB, a4f1db00-ca47-1067-b31f-00dd010662da v0.81 (MS-OXCRPC).
pub const EMSMDB: Uuid = u(
    0xa4f1db00,
    0xca47,
    0x1067,
    [0xb3, 0x1f, 0x00, 0xdd, 0x01, 0x06, 0x62, 0xda],
);
/// AsyncEMSMDB, 5261574a-4572-206e-b268-6b199213b4e4 v0.1 (MS-OXCRPC).
pub const ASYNC_EMSMDB: Uuid = u(
    0x5261574a,
    0x4572,
    0x206e,
    [0xb2, 0x68, 0x6b, 0x19, 0x92, 0x13, 0xb4, 0xe4],
);
/// NSPI, f5cc5a18-4264-101a-8c59-08002b2f8426 v56 (MS-NSPI).
pub const NSPI: Uuid = u(
    0xf5cc5a18,
    0x4264,
    0x101a,
    [0x8c, 0x59, 0x08, 0x00, 0x2b, 0x2f, 0x84, 0x26],
);
/// Address book referral, 1544f5e0-613c-11d1-93df-00c04fd7bd09 v1 (MS-OXABREF).
pub const RFR: Uuid = u(
    0x1544f5e0,
    0x613c,
    0x11d1,
    [0x93, 0xdf, 0x00, 0xc0, 0x4f, 0xd7, 0xbd, 0x09],
);

const TABLE: &[(Uuid, &str)] = &[
    (EPM, "EPM"),
    (EMSMDB, "EMSMDB"),
    (ASYNC_EMSMDB, "AsyncEMSMDB"),
    (NSPI, "NSPI"),
    (RFR, "RFR"),
    (
        u(
            0x12345778,
            0x1234,
            0xabcd,
            [0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab],
        ),
        "LSARPC",
    ),
    (
        u(
            0x12345778,
            0x1234,
            0xabcd,
            [0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xac],
        ),
        "SAMR",
    ),
    (
        u(
            0x12345678,
            0x1234,
            0xabcd,
            [0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0xcf, 0xfb],
        ),
        "NETLOGON",
    ),
    (
        u(
            0x367abb81,
            0x9844,
            0x35f1,
            [0xad, 0x32, 0x98, 0xf0, 0x38, 0x00, 0x10, 0x03],
        ),
        "SVCCTL",
    ),
    (
        u(
            0xe3514235,
            0x4b06,
            0x11d1,
            [0xab, 0x04, 0x00, 0xc0, 0x4f, 0xc2, 0xdc, 0xd2],
        ),
        "DRSUAPI",
    ),
    (
        u(
            0x000001a0,
            0x0000,
            0x0000,
            [0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46],
        ),
        "ISystemActivator",
    ),
    (
        u(
            0x00000143,
            0x0000,
            0x0000,
            [0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46],
        ),
        "IRemUnknown2",
    ),
    (
        u(
            0x99fcfec4,
            0x5260,
            0x101b,
            [0xbb, 0xcb, 0x00, 0xaa, 0x00, 0x21, 0x34, 0x7a],
        ),
        "IOXIDResolver",
    ),
    (
        u(
            0x4b324fc8,
            0x1670,
            0x01d3,
            [0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88],
        ),
        "SRVSVC",
    ),
];

/// A short name for a well-known interface UUID.
pub fn name(uuid: &Uuid) -> Option<&'static str> {
    TABLE.iter().find(|(u, _)| u == uuid).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        assert_eq!(super::name(&super::EMSMDB), Some("EMSMDB"));
        assert_eq!(
            super::EMSMDB.to_string(),
            "a4f1db00-ca47-1067-b31f-00dd010662da"
        );
        assert_eq!(
            super::NSPI.to_string(),
            "f5cc5a18-4264-101a-8c59-08002b2f8426"
        );
        assert_eq!(
            super::EPM.to_string(),
            "e1af8308-5d1f-11c9-91a4-08002b14a0fa"
        );
        assert_eq!(
            super::ASYNC_EMSMDB.to_string(),
            "5261574a-4572-206e-b268-6b199213b4e4"
        );
        assert_eq!(
            super::RFR.to_string(),
            "1544f5e0-613c-11d1-93df-00c04fd7bd09"
        );
    }
}
