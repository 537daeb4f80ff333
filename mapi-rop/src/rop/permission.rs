//! Permission ROPs (MS-OXCROPS 2.2.10; MS-OXCPERM).

use super::macros::{request, wire_struct};
use crate::prop::TaggedValues;

wire_struct! {
    /// PermissionData: PermissionDataFlags (ROW_ADD 0x01, ROW_MODIFY 0x02, ROW_REMOVE 0x04)
    /// and the row's property values.
    PermissionData { permission_data_flags: u8, property_values: TaggedValues }
}
super::wire::counted_list!(
    /// PermissionsData with a u16 ModifyCount.
    PermissionsDataList,
    PermissionData,
    u16,
    3,
    "ModifyCount"
);
request! {
    /// RopModifyPermissions request (0x40).
    RopModifyPermissionsRequest { modify_flags: u8, permissions_data: PermissionsDataList }
}
request! {
    /// RopGetPermissionsTable request (0x3E).
    RopGetPermissionsTableRequest out { table_flags: u8 }
}
