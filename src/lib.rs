//! oxwire facade.
pub mod capture;
pub mod dissect;
