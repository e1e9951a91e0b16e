/**
 * Sender-constrained tokens: what a token's {@code cnf} claim binds it to
 * ({@link dev.perimeter.jwt.binding.TokenBinding}) and the certificate thumbprint of RFC 8705
 * ({@link dev.perimeter.jwt.binding.CertificateBinding}). The bearer pipeline checks both.
 */
package dev.perimeter.jwt.binding;
