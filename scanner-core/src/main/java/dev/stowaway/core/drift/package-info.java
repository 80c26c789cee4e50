/**
 * Runtime drift: compares a root filesystem (a running container's root, an exported container) with
 * the final file view of the image it was started from, file by file (type, size, mode, owner, content
 * hash, link target; never times) and package by package, and reports each difference as a finding.
 * Start with {@link dev.stowaway.core.drift.DriftDetector}.
 */
package dev.stowaway.core.drift;
