/**
 * An example of a third-party analyzer plug-in: a jar that depends on {@code scanner-api} only, lists its
 * analyzer in {@code META-INF/services/dev.stowaway.api.analysis.Analyzer}, and is picked up by the scanner
 * when it is on the class path.
 */
package dev.stowaway.examples.plugin;
