package dev.perimeter.it.containers;

/** When a deployed example counts as ready. */
public final class Readiness {

    /**
     * The path polled until it answers 200: the example's public JWKS, which the application
     * serves once its listener, the filter and its servlets have started. One place to switch to
     * a health endpoint.
     */
    public static final String PATH = "/.well-known/jwks.json";

    private Readiness() {
    }
}
