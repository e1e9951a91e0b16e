/**
 * DPoP (RFC 9449): the proof check every entry point runs through the bearer pipeline
 * ({@link dev.perimeter.jwt.dpop.DpopVerifier}), RFC 7638 thumbprints, server nonces and the
 * replay memory shared across nodes through the revocation store.
 */
package dev.perimeter.jwt.dpop;
