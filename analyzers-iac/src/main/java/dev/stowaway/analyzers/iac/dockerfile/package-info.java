/**
 * Dockerfile parsing ({@link dev.stowaway.analyzers.iac.dockerfile.DockerfileParser}) and the Dockerfile
 * rule table ({@link dev.stowaway.analyzers.iac.dockerfile.DockerfileRules}). Depends on scanner-api only.
 */
package dev.stowaway.analyzers.iac.dockerfile;
