//! NDR runtime (placeholder being filled).
