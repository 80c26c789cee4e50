/**
 * Merges per-layer results base-first, after the fact: whiteouts and opaque directories remove lower
 * layers' results, a file re-added above a whiteout is back, packages are attributed to the layer that
 * introduced them, and secrets in deleted files stay in the result marked as removed. See
 * {@link dev.stowaway.core.merge.LayerMerger}.
 */
package dev.stowaway.core.merge;
