/** rpm packages from the rpm database in its SQLite, BerkeleyDB hash and NDB formats. */
package dev.stowaway.analyzers.os.rpm;
