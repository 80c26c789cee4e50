/**
 * Policies as code: the {@code stowaway.toml} gate ({@link dev.stowaway.core.policy.Policy}), exceptions
 * that suppress findings ({@link dev.stowaway.core.policy.ExceptionRule}), VEX documents
 * ({@link dev.stowaway.core.policy.VexDocument}) and the CI exit status
 * ({@link dev.stowaway.core.policy.PolicyGate}). Everything here is pure: parsing takes text, evaluation
 * takes a {@link dev.stowaway.api.report.ScanResult} and a date, nothing does I/O except
 * {@code load(Path)} methods.
 */
package dev.stowaway.core.policy;
