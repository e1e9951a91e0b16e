/**
 * Issuers trusted at run time, for an application that serves many tenants: a
 * {@link dev.perimeter.jwt.issuers.RuntimeIssuers} registry whose immutable snapshot the request
 * path reads without locks, fed from code or by an {@link dev.perimeter.jwt.issuers.IssuerSource}
 * (the file of {@code issuers-file} by default) polled in the background. Each issuer has a key
 * source of its own, so its keys vouch for its tokens only.
 */
package dev.perimeter.jwt.issuers;
