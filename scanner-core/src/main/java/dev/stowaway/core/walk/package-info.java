/**
 * The streaming layer walker: one pass over each layer's tar stream, entries offered only to the
 * analyzers whose selectors match, whiteouts and links recorded for the merge, nothing written to
 * disk. See {@link dev.stowaway.core.walk.LayerWalker}.
 */
package dev.stowaway.core.walk;
