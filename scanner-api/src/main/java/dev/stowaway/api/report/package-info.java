/**
 * The result of a scan, {@link dev.stowaway.api.report.ScanResult}: pure data that reporters write out
 * and policies judge.
 */
package dev.stowaway.api.report;
