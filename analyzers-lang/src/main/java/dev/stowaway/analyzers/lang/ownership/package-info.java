/** Linking language packages to the OS packages that installed their files. */
package dev.stowaway.analyzers.lang.ownership;
