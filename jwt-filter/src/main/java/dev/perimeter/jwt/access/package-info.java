/**
 * Which requests need a token and which roles: {@link dev.perimeter.jwt.access.PathPattern} for
 * {@code public-paths} and {@link dev.perimeter.jwt.access.AccessRule} for {@code rules}, matched
 * by an entry point on its own notion of a path.
 */
package dev.perimeter.jwt.access;
