package dev.perimeter.example;

import dev.perimeter.example.keys.SigningKeys;
import dev.perimeter.example.tokens.AccessTokenIssuer;
import dev.perimeter.example.tokens.Revocations;
import dev.perimeter.example.tokens.Sessions;
import dev.perimeter.example.users.UserStore;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.time.Instant;

/**
 * What the application's servlets share, built by {@link ExampleListener} and kept as a servlet
 * context attribute: the settings, the signing keys, the users and the sessions.
 *
 * @param settings    the settings in force
 * @param keys        the signer and the published keys
 * @param issuer      issues the access tokens
 * @param users       the users, for the admin view
 * @param sessions    login, refresh, logout, revocation, and the sessions of a user
 * @param revocations the way to the filter's verifier and store
 * @param clock       the clock of everything above
 * @param startedAt   when the application started and wrote the key set that the filter reads
 *                    (once, as it starts right after)
 */
public record ExampleApp(ExampleSettings settings, SigningKeys keys, AccessTokenIssuer issuer,
        UserStore users, Sessions sessions, Revocations revocations, Clock clock,
        Instant startedAt) {

    /** The attribute under which the listener keeps the application. */
    public static final String ATTRIBUTE = ExampleApp.class.getName();

    /** The application of {@code context}. */
    public static ExampleApp of(ServletContext context) {
        Object app = context.getAttribute(ATTRIBUTE);
        if (!(app instanceof ExampleApp)) {
            throw new IllegalStateException("the example application did not start;"
                    + " is " + ExampleListener.class.getName() + " declared in web.xml?");
        }
        return (ExampleApp) app;
    }
}
