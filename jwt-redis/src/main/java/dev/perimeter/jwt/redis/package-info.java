/**
 * A revocation store on Redis, with Lettuce: {@code revocation=redis://host:port[/db]}.
 * {@link dev.perimeter.jwt.redis.RedisRevocationStore} keeps a key per revoked {@code jti} with
 * the token's remaining lifetime as TTL, a key per subject cutoff, and a publish/subscribe
 * channel through which every node learns of a revocation at once, and a key per DPoP proof
 * seen ({@link dev.perimeter.jwt.redis.RedisRevocationStore#replayStore()}, one {@code SET NX}
 * each);
 * {@link dev.perimeter.jwt.redis.RedisRevocationStoreProvider} lets the filter's configuration
 * find it.
 */
package dev.perimeter.jwt.redis;
