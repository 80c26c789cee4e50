/**
 * A streaming ZIP reader shared by the analyzers of ZIP-based package formats (Java archives, Python
 * eggs): reads local headers front to back, nested archives straight from their parent's entry stream,
 * within an entry and byte budget.
 */
package dev.stowaway.analyzers.lang.zip;
