/** Ruby: installed gem specifications and {@code Gemfile.lock}. */
package dev.stowaway.analyzers.lang.ruby;
