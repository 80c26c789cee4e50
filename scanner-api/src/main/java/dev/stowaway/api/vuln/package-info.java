/**
 * Vulnerability matching SPIs: {@link dev.stowaway.api.vuln.VersionComparator} orders versions the way
 * each ecosystem's own tool does; {@link dev.stowaway.api.vuln.Advisory} is one vulnerability record in
 * the OSV model; {@link dev.stowaway.api.vuln.AdvisorySource} finds records by ecosystem and package.
 */
package dev.stowaway.api.vuln;
