/** OS detection from os-release and the older distro release files. */
package dev.stowaway.analyzers.os.release;
