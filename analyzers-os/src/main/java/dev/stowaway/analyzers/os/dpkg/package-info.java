/** Debian packages from the dpkg database (status, distroless status.d) with file ownership. */
package dev.stowaway.analyzers.os.dpkg;
