package dev.perimeter.jwt;

/**
 * How a {@link TokenVerifier}'s cache of verified tokens has served since it was built.
 *
 * @param hits    lookups answered from the cache (the signature was not checked again)
 * @param misses  lookups that found no live entry and verified the token in full; with
 *                {@code cache-size} 0 nothing is looked up and both stay 0
 * @param entries tokens kept now
 */
public record CacheStatistics(long hits, long misses, int entries) {

    /** Hits among all lookups, from 0 to 1; 0 before the first lookup. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
