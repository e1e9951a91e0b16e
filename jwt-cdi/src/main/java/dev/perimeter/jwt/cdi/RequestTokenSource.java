package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.audit.AuditEvent;
import java.util.Optional;

/** Where the verified token of the current request may be found; asked only in a request. */
interface RequestTokenSource {

    /** The token of the current request, if this source knows one. */
    Optional<Jwt> token();

    /** Adds the current request's client address, method and path to {@code event}, if known. */
    default void describe(AuditEvent.Builder event) {
    }
}
