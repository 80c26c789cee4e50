/**
 * Building images in memory and writing them in the formats Stowaway reads, for tests, examples and
 * demo images (in the spirit of go-containerregistry's {@code random} and {@code mutate}).
 */
package dev.stowaway.core.image.build;
