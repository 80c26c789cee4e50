package dev.stowaway.api.image;

import java.time.Instant;

/**
 * One entry of an image config's {@code history}: the build step that produced a layer, or a
 * config-only step when {@link #emptyLayer()} is true.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param created when the step ran, or null when the config does not say
 * @param createdBy the command of the step (Dockerfile instruction as recorded), or null
 * @param comment a free-text comment, or null
 * @param emptyLayer true when the step changed only the config and produced no layer
 */
public record HistoryEntry(Instant created, String createdBy, String comment, boolean emptyLayer) {}
