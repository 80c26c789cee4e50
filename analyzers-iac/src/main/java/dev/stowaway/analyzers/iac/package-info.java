/**
 * Misconfiguration checks for container builds: Dockerfiles and Kubernetes manifests before the build
 * ({@link dev.stowaway.analyzers.iac.IacScanner}), the image config, history and filesystem after it, and
 * compliance summaries (CIS Docker Benchmark section 4, Kubernetes Pod Security Standards).
 */
package dev.stowaway.analyzers.iac;
