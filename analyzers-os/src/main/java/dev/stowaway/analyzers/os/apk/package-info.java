/** Alpine, Wolfi and Chainguard packages from the apk installed database. */
package dev.stowaway.analyzers.os.apk;
