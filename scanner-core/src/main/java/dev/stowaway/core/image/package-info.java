/**
 * Image sources: OCI image layout directories ({@code oci:}), OCI archives ({@code oci-archive:})
 * and {@code docker save} archives ({@code docker-archive:}), and root filesystem directories
 * ({@code rootfs:}, {@link dev.stowaway.core.image.RootfsImageSource}, streamed as one synthetic layer), opened through
 * {@link dev.stowaway.core.image.ImageSources}; and the verified layer reader
 * {@link dev.stowaway.core.image.LayerStreams}, which detects compression from magic bytes and
 * checks blob digests and diffIDs while streaming. Archives are read in place, never extracted.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/spec.md">OCI image specification</a>
 */
package dev.stowaway.core.image;
