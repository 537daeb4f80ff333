//! oxwire facade.
pub mod capture;
