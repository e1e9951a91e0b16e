package dev.perimeter.jwt.detection;

import java.util.Locale;

/**
 * What the filter does when one token is used from more distinct client addresses than
 * {@code token-address-limit} within {@code token-address-window}: a stolen token replayed from
 * elsewhere while its owner still uses it.
 */
public enum AddressSpreadAction {
    /** The rule is off: addresses are not tracked at all. */
    OFF,
    /** An {@code ALERT} audit event, once per token and window; the requests are admitted. */
    LOG,
    /** The alert, and the token is revoked by its {@code jti}; the crossing request is refused. */
    REVOKE_TOKEN,
    /** The alert, and every token of its subject issued so far is revoked; the crossing request is refused. */
    REVOKE_SUBJECT;

    /** Reads a {@code token-address-action} value; {@link IllegalArgumentException} names what is accepted. */
    public static AddressSpreadAction parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "off":
                return OFF;
            case "log":
                return LOG;
            case "revoke-token":
                return REVOKE_TOKEN;
            case "revoke-subject":
                return REVOKE_SUBJECT;
            default:
                throw new IllegalArgumentException(
                        "expected off, log, revoke-token or revoke-subject");
        }
    }

    /** Whether the action revokes, so that the request crossing the limit is refused. */
    public boolean revokes() {
        return this == REVOKE_TOKEN || this == REVOKE_SUBJECT;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
