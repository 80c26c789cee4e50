/**
 * Executables: Go build info and cargo-auditable dependency lists read from ELF, PE and Mach-O files in
 * one streaming pass.
 */
package dev.stowaway.analyzers.lang.binary;
