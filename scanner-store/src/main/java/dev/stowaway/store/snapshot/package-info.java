/**
 * The snapshot store: {@link dev.stowaway.store.snapshot.SnapshotStore} records every scan (image,
 * digests, versions, package inventory with layers, findings with their suppression state) in an embedded
 * SQLite file, for history, diffs and re-matching stored inventories against new advisories.
 */
package dev.stowaway.store.snapshot;
