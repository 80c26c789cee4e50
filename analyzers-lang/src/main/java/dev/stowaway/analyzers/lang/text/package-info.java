/** Reading line-oriented files under the scan's {@link dev.stowaway.api.analysis.ScanLimits}. */
package dev.stowaway.analyzers.lang.text;
