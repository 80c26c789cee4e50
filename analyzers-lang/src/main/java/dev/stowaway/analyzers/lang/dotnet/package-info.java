/** .NET: NuGet packages from {@code *.deps.json} and {@code packages.lock.json}. */
package dev.stowaway.analyzers.lang.dotnet;
