//! oxwire facade.
