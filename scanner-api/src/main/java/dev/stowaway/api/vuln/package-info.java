/**
 * Vulnerability matching SPIs: {@link dev.stowaway.api.vuln.VersionComparator} orders versions the way
 * each ecosystem's own tool does.
 */
package dev.stowaway.api.vuln;
