/** npm analyzers: installed package.json files and package-lock.json lock files. */
package dev.stowaway.analyzers.lang.npm;
