/**
 * Revoked tokens ({@code jti} denylist) and per-subject cutoffs. A
 * {@link dev.perimeter.jwt.revocation.RevocationStore} answers lookups from local memory only;
 * this version has {@link dev.perimeter.jwt.revocation.MemoryRevocationStore}.
 */
package dev.perimeter.jwt.revocation;
