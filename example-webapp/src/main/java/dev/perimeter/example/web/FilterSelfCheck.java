package dev.perimeter.example.web;

import dev.perimeter.example.ExampleApp;
import dev.perimeter.example.users.User;
import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.VerificationResult;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Checks once, at start-up, that the filter accepts a token this application issues. It may not:
 * {@code perimeter.jwt.issuer}, {@code audience} or {@code jwks} given by the operator replace
 * what the application supplies. That can be intended (only an identity provider's tokens are
 * wanted), so it is a warning, not a failure.
 */
final class FilterSelfCheck {

    private static final Logger LOG = Logger.getLogger(FilterSelfCheck.class.getName());
    private static final String PROBE_SUBJECT = "perimeter-example-self-check";

    private FilterSelfCheck() {
    }

    /** Issues a probe token (never sent anywhere) and has the filter's verifier check it. */
    static boolean run(ExampleApp app) {
        VerificationResult result;
        try {
            result = app.revocations().verifier().verify(
                    app.issuer().issue(new User(PROBE_SUBJECT, "", Set.of())).token());
        } catch (IllegalStateException e) {
            LOG.warning("Perimeter example: cannot check the filter at start-up: " + e.getMessage());
            return false;
        }
        if (result.isValid() || result.rejection() == Rejection.REVOKED
                || result.rejection().isServerFault()) {
            return true; // accepted, or cannot tell yet (the revocation store still syncing)
        }
        LOG.warning("Perimeter example: the filter refuses the tokens this application issues ("
                + result.description() + "); check the perimeter.jwt.issuer, audience, algorithms"
                + " and jwks settings, which replace the application's");
        return false;
    }
}
