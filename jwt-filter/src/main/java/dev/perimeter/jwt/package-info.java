/**
 * Token verification without servlets: {@link dev.perimeter.jwt.TokenVerifier} checks a compact
 * JWS completely (structure, header, key, signature, claims and revocation) and returns a
 * {@link dev.perimeter.jwt.VerificationResult} holding either a verified {@link dev.perimeter.jwt.Jwt}
 * or a {@link dev.perimeter.jwt.Rejection}. Expected failures are results, not exceptions.
 */
package dev.perimeter.jwt;
