/**
 * The registry image source: pulls manifests and configs over the OCI distribution API and streams
 * layer blobs straight to the layer walker ({@link dev.stowaway.core.image.registry.RegistryImageSource},
 * configured with {@link dev.stowaway.core.image.registry.RegistryOptions} and
 * {@link dev.stowaway.core.image.registry.RegistryCredentials}).
 */
package dev.stowaway.core.image.registry;
