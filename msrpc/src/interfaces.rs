//! Names of interfaces commonly seen next to Outlook and Exchange, for display.

use crate::uuid::Uuid;

/// Endpoint mapper, e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0 (C706 appendix O).
pub const EPM: Uuid = Uuid::from_literal("e1af8308-5d1f-11c9-91a4-08002b14a0fa");
/// EMSMDB, a4f1db00-ca47-1067-b31f-00dd010662da v0.81 (MS-OXCRPC).
pub const EMSMDB: Uuid = Uuid::from_literal("a4f1db00-ca47-1067-b31f-00dd010662da");
/// AsyncEMSMDB, 5261574a-4572-206e-b268-6b199213b4e4 v0.1 (MS-OXCRPC).
pub const ASYNC_EMSMDB: Uuid = Uuid::from_literal("5261574a-4572-206e-b268-6b199213b4e4");
/// NSPI, f5cc5a18-4264-101a-8c59-08002b2f8426 v56 (MS-NSPI).
pub const NSPI: Uuid = Uuid::from_literal("f5cc5a18-4264-101a-8c59-08002b2f8426");
/// Address book referral, 1544f5e0-613c-11d1-93df-00c04fd7bd09 v1 (MS-OXABREF).
pub const RFR: Uuid = Uuid::from_literal("1544f5e0-613c-11d1-93df-00c04fd7bd09");

const TABLE: &[(Uuid, &str)] = &[
    (EPM, "EPM"),
    (EMSMDB, "EMSMDB"),
    (ASYNC_EMSMDB, "AsyncEMSMDB"),
    (NSPI, "NSPI"),
    (RFR, "RFR"),
    (
        Uuid::from_literal("12345778-1234-abcd-ef00-0123456789ab"),
        "LSARPC",
    ),
    (
        Uuid::from_literal("12345778-1234-abcd-ef00-0123456789ac"),
        "SAMR",
    ),
    (
        Uuid::from_literal("12345678-1234-abcd-ef00-01234567cffb"),
        "NETLOGON",
    ),
    (
        Uuid::from_literal("367abb81-9844-35f1-ad32-98f038001003"),
        "SVCCTL",
    ),
    (
        Uuid::from_literal("e3514235-4b06-11d1-ab04-00c04fc2dcd2"),
        "DRSUAPI",
    ),
    (
        Uuid::from_literal("000001a0-0000-0000-c000-000000000046"),
        "ISystemActivator",
    ),
    (
        Uuid::from_literal("00000143-0000-0000-c000-000000000046"),
        "IRemUnknown2",
    ),
    (
        Uuid::from_literal("99fcfec4-5260-101b-bbcb-00aa0021347a"),
        "IOXIDResolver",
    ),
    (
        Uuid::from_literal("4b324fc8-1670-01d3-1278-5a47bf6ee188"),
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
