/** Go modules: {@code go.mod} files, and the package naming shared with the binary build-info reader. */
package dev.stowaway.analyzers.lang.golang;
