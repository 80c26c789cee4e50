/** PHP: Composer's {@code composer.lock} and {@code vendor/composer/installed.json}. */
package dev.stowaway.analyzers.lang.php;
