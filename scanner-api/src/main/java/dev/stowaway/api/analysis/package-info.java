/**
 * The analyzer SPI. An {@link dev.stowaway.api.analysis.Analyzer} is a stateless singleton found with
 * {@link java.util.ServiceLoader}; the core walks each layer once and hands it the entries its
 * {@link dev.stowaway.api.walk.EntrySelector} selects, with an
 * {@link dev.stowaway.api.analysis.AnalysisContext} to report what it found.
 */
package dev.stowaway.api.analysis;
