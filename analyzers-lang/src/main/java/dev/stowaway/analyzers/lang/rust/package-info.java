/** Rust: {@code Cargo.lock} files, and the crate naming shared with the cargo-auditable reader. */
package dev.stowaway.analyzers.lang.rust;
