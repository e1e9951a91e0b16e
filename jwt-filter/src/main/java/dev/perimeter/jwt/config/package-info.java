/**
 * The immutable, fully validated {@link dev.perimeter.jwt.config.JwtConfig}, built from the named
 * parameters of {@link dev.perimeter.jwt.config.Parameters} (documented in
 * {@code docs/configuration.md}) or in code; every problem is a
 * {@link dev.perimeter.jwt.config.ConfigException} naming the parameter.
 */
package dev.perimeter.jwt.config;
