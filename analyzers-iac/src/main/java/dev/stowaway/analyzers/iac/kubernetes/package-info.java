/**
 * Kubernetes manifest checks: Pod Security Standards and hardening rules over pod templates
 * ({@link dev.stowaway.analyzers.iac.kubernetes.ManifestScanner}). Uses snakeyaml-engine's node API.
 */
package dev.stowaway.analyzers.iac.kubernetes;
