package dev.perimeter.jwt.issuers;

import java.util.Collection;

/**
 * Where the issuers trusted at run time are listed: a file ({@link FileIssuerSource}, which
 * {@code issuers-file} names), a database table, a tenant registry. {@link RuntimeIssuers} calls
 * {@link #load()} once at start, where a failure fails the start, and then every
 * {@code issuers-refresh} seconds on a background thread: when the answer differs from the last
 * one, the issuers it dropped are removed and those it gained are added; when it fails, the
 * failure is logged and the issuers in force stay as they are. Never called on the request path.
 */
@FunctionalInterface
public interface IssuerSource {

    /**
     * The issuers trusted now, each once.
     *
     * @throws Exception when they cannot be read; its message is logged, so it must not hold
     *                   credentials
     */
    Collection<TrustedIssuer> load() throws Exception;

    /** What this source reads, for the summary line; no credentials. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
