/**
 * Writing a {@link dev.stowaway.api.report.ScanResult} out: the versioned JSON contract
 * ({@link dev.stowaway.core.report.JsonReporter}) and a table for people
 * ({@link dev.stowaway.core.report.TableReporter}).
 */
package dev.stowaway.core.report;
