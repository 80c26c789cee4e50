package dev.stowaway.core.cache;

import java.io.IOException;

/**
 * Storage for cached layer results: opaque byte entries under hexadecimal keys. The scanner computes the
 * keys (a SHA-256 over the layer's diffID, the cache schema, the analyzer's id, version and settings, and
 * the scan limits) and encodes, checks and decodes the entries itself, so an implementation only has to
 * store bytes: a folder ({@link FileLayerCache}), a map in memory, a shared key-value store.
 *
 * <p>Implementations must be thread-safe: the layers of a scan are looked up and stored from several
 * threads at once. A reader must never see a half-written entry. Losing entries is always allowed (a
 * miss only costs a walk of the layer); returning bytes that were stored under another key is not.
 */
public interface LayerCache {

  /**
   * Looks an entry up.
   *
   * @param key 64 lowercase hexadecimal characters; not null
   * @return the entry's bytes, or null if there is none
   * @throws IOException if the storage fails; the scanner treats it as a miss
   */
  byte[] get(String key) throws IOException;

  /**
   * Stores an entry, replacing any entry under the same key.
   *
   * @param key 64 lowercase hexadecimal characters; not null
   * @param entry the bytes; not null; not modified and not kept by the caller afterwards
   * @throws IOException if the storage fails; the scanner ignores it (the scan result does not depend on it)
   */
  void put(String key, byte[] entry) throws IOException;
}
