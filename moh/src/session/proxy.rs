//! The passive proxy role.
