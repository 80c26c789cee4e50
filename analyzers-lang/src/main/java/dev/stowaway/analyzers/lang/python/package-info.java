/** Python analyzers: installed distributions found by their core metadata files. */
package dev.stowaway.analyzers.lang.python;
