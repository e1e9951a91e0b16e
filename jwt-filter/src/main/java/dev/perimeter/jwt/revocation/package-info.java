/**
 * Revoked tokens ({@code jti} denylist) and per-subject cutoffs, read by the request path from a
 * local {@link dev.perimeter.jwt.revocation.RevocationMirror} with no I/O and no lock.
 *
 * <p>{@link dev.perimeter.jwt.revocation.RevocationStore} is the API;
 * {@link dev.perimeter.jwt.revocation.MemoryRevocationStore} keeps everything in this JVM,
 * {@link dev.perimeter.jwt.revocation.JdbcRevocationStore} shares revocations through a database
 * (and, as its {@link dev.perimeter.jwt.revocation.ReplayStore}, the DPoP proofs seen),
 * and other modules add stores through
 * {@link dev.perimeter.jwt.revocation.RevocationStoreProvider}.
 * {@link dev.perimeter.jwt.revocation.RevocationStores} builds the store that the
 * {@code revocation} parameter names.
 */
package dev.perimeter.jwt.revocation;
