/**
 * {@link dev.perimeter.jwt.runtime.Perimeter}: the running parts started from one
 * {@link dev.perimeter.jwt.config.JwtConfig}, which every entry point uses and closes.
 */
package dev.perimeter.jwt.runtime;
