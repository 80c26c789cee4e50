/**
 * Comparing two scan results of (usually) one image: {@link dev.stowaway.core.diff.ScanDiff} lists new,
 * fixed and unchanged findings, packages added, removed and changed, and the layer that introduced each
 * new finding.
 */
package dev.stowaway.core.diff;
