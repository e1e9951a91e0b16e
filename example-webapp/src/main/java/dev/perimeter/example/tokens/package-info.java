/**
 * Tokens: access tokens issued with java-jwt, rotating refresh tokens with reuse detection, and
 * {@link dev.perimeter.example.tokens.Sessions}, which ties login, refresh, logout and revocation
 * together and revokes through the filter's own store.
 */
package dev.perimeter.example.tokens;
