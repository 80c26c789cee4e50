/**
 * What a scan finds: {@link dev.stowaway.api.model.Package}s with their
 * {@link dev.stowaway.api.model.Location}, the sealed {@link dev.stowaway.api.model.Finding} family,
 * the detected {@link dev.stowaway.api.model.OsRelease}, and per-file
 * {@link dev.stowaway.api.model.AnalysisIssue}s (problems recorded instead of thrown). All types are
 * immutable records, safe to share between threads.
 */
package dev.stowaway.api.model;
