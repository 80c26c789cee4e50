/**
 * A small JSON reader on jackson-core's streaming parser (no data binding): parses a bounded byte
 * array into plain Java values and offers typed accessors whose errors name the file and field.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259, JSON</a>
 */
package dev.stowaway.core.json;
