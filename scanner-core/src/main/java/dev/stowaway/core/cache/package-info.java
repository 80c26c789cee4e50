/**
 * The layer cache: per-layer scan results stored by diffID, so that a layer already analysed (in this
 * image or another that shares it) is never read again. {@link dev.stowaway.core.cache.LayerCache} is the
 * storage contract, {@link dev.stowaway.core.cache.FileLayerCache} the folder implementation the CLI uses,
 * and {@link dev.stowaway.core.cache.CachingLayerAnalysis} decides per layer what can come from the cache
 * and what must be walked.
 */
package dev.stowaway.core.cache;
