/**
 * Exact version ordering for every versioning scheme Stowaway matches advisories in (dpkg, rpm,
 * apk-tools, Maven, PEP 440, SemVer, Go modules, RubyGems, NuGet, Packagist), the {@link
 * dev.stowaway.core.version.VersionComparators} registry that finds them, and the mapping from OSV
 * ecosystem names to scheme names, and {@link dev.stowaway.core.version.AffectedRanges}, which decides
 * whether a version lies in an OSV range.
 */
package dev.stowaway.core.version;
