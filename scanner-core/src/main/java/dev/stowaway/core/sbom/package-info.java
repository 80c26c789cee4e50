/**
 * Reading SBOMs from other tools: {@link dev.stowaway.core.sbom.SbomReader} turns CycloneDX and SPDX JSON
 * documents into a package inventory that can be matched like an image scan.
 */
package dev.stowaway.core.sbom;
