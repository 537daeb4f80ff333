//! Framing benchmark (being written).
fn main() {}
