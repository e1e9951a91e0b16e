/**
 * Verification keys: PEM keys, JSON Web Key Sets and HMAC secrets, each bound to exactly one
 * {@link dev.perimeter.jwt.keys.JwsAlgorithm}, collected in an immutable
 * {@link dev.perimeter.jwt.keys.KeySet} that a {@link dev.perimeter.jwt.keys.KeySource} publishes
 * to the request path.
 */
package dev.perimeter.jwt.keys;
