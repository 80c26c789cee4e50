/**
 * The walk model: what an analyzer sees of a tar entry ({@link dev.stowaway.api.walk.LayerEntry}) and
 * how it says which entries it wants ({@link dev.stowaway.api.walk.EntrySelector}), so the walker can
 * skip everything no analyzer asked for without reading it.
 */
package dev.stowaway.api.walk;
