/** Reading JSON lock files and manifests into plain Java values, shared by the language analyzers. */
package dev.stowaway.analyzers.lang.json;
