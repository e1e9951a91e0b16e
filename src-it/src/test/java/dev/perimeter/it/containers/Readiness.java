package dev.perimeter.it.containers;

/** When a deployed example counts as ready. */
public final class Readiness {

    /**
     * The path polled until it answers 200: the example's health, which says 200 once the filter
     * has started, holds its keys and has read its revocation store (before that, protected
     * requests get 503). One place to change what readiness means.
     */
    public static final String PATH = "/health";

    private Readiness() {
    }
}
