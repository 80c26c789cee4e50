/**
 * The image model: an {@link dev.stowaway.api.image.Image} is one platform's manifest, its
 * {@link dev.stowaway.api.image.ImageConfig} and its {@link dev.stowaway.api.image.Layer}s, base first.
 * All types here are read-only; I/O happens only in {@code open*} methods, never in accessors.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/spec.md">OCI image specification</a>
 */
package dev.stowaway.api.image;
