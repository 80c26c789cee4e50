package dev.stowaway.core;

import dev.stowaway.api.report.LayerInfo;

/**
 * Progress events of a scan, for UIs and logs (the library itself never prints). Methods may be called
 * from several threads at once; implementations must be thread-safe and quick. All methods default to
 * doing nothing.
 */
public interface ScanListener {

  /** A listener that ignores everything. */
  ScanListener NONE = new ScanListener() {};

  /**
   * A layer is about to be read.
   *
   * @param layer the layer
   * @param layerCount how many layers the image has
   */
  default void layerStarted(LayerInfo layer, int layerCount) {}

  /**
   * A layer has been read and analysed.
   *
   * @param layer the layer
   * @param layerCount how many layers the image has
   * @param entries how many tar entries it had
   */
  default void layerFinished(LayerInfo layer, int layerCount, long entries) {}
}
