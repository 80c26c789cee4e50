/**
 * Java analyzers: Maven artifacts in (nested) Java archives, read in streaming mode, and JDK/JRE
 * installations found by their {@code release} file.
 */
package dev.stowaway.analyzers.lang.java;
