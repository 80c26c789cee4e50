/** What depends on the final OS: OSV ecosystems and purl namespaces of OS packages, applied after the layer merge. */
package dev.stowaway.analyzers.os.ecosystem;
