//! DCE/RPC dissector (being written).
fn main() {}
