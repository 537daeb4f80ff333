//! Rule ROPs (MS-OXCROPS 2.2.11; MS-OXORULE).

use super::macros::{request, wire_struct};
use super::wire::Bytes16;
use crate::prop::TaggedValues;

wire_struct! {
    /// RuleData (MS-OXORULE 2.2.1.3.2): RuleDataFlags and the rule's property values.
    RuleData { rule_data_flags: u8, property_values: TaggedValues }
}
super::wire::counted_list!(
    /// RulesData with a u16 RulesCount.
    RulesDataList,
    RuleData,
    u16,
    3,
    "RulesCount"
);
request! {
    /// RopModifyRules request (0x41).
    RopModifyRulesRequest { modify_rules_flag: u8, rules_data: RulesDataList }
}
request! {
    /// RopGetRulesTable request (0x3F).
    RopGetRulesTableRequest out { table_flags: u8 }
}
request! {
    /// RopUpdateDeferredActionMessages request (0x57).
    RopUpdateDeferredActionMessagesRequest { server_entry_id: Bytes16, client_entry_id: Bytes16 }
}
