/**
 * Reading text formats from images safely: line-oriented files under
 * {@link dev.stowaway.api.analysis.ScanLimits#maxLinesPerFile()}, TOML documents with every tomlj error as an
 * issue.
 */
package dev.stowaway.analyzers.lang.text;
