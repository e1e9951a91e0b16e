package dev.perimeter.example.users;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses logins that come too often after failures, by two counts over the same
 * {@link Limits#window()}:
 * <ul>
 * <li>per user name and address: after {@link Limits#perUser()} failures, that name from that
 *     address waits until the oldest of them is that old; a success clears the count;</li>
 * <li>per address, across names: after {@link Limits#perAddress()} failures, every login from
 *     that address waits alike (password spraying: one password tried on many names). A success
 *     does not clear this count, or an attacker with one account of its own could reset it.</li>
 * </ul>
 * Known and unknown names are counted alike. The counts live in this node's memory: per node,
 * forgotten on restart, and bounded ({@link Limits#maxTracked()} entries per count); a full table
 * forgets its least recently used entry rather than refuse new ones.
 */
public final class LoginThrottle {

    /**
     * The throttle's limits.
     *
     * @param perUser    failures of a name from an address within {@code window} before it waits
     * @param perAddress failures from an address, whatever the name, before it waits
     * @param window     how long a failure counts
     * @param maxTracked entries each count keeps at most
     */
    public record Limits(int perUser, int perAddress, Duration window, int maxTracked) {

        /** 5 per name and address, 20 per address, within 15 minutes; 100,000 entries each. */
        public static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15), 100_000);

        /** These limits with another {@code perAddress}. */
        public Limits withPerAddress(int perAddress) {
            return new Limits(perUser, perAddress, window, maxTracked);
        }
    }

    /** Which count refused the login. */
    public enum Scope {
        /** The name from the address failed too often. */
        USER_AND_ADDRESS,
        /** The address failed too often, across names. */
        ADDRESS
    }

    /** A login that must wait {@code retryAfter}, refused by the {@code scope} count. */
    public record Wait(Scope scope, Duration retryAfter) {
    }

    private final FailureWindows pairs;
    private final FailureWindows addresses;

    /** @param clock the clock that failures are counted by */
    public LoginThrottle(Limits limits, Clock clock) {
        this.pairs = new FailureWindows(limits.perUser(), limits.window(), limits.maxTracked(), clock);
        this.addresses = new FailureWindows(limits.perAddress(), limits.window(), limits.maxTracked(),
                clock);
    }

    /** With the {@link Limits#DEFAULT} limits. */
    public LoginThrottle(Clock clock) {
        this(Limits.DEFAULT, clock);
    }

    /** How long a login of {@code username} from {@code address} must wait, or empty. */
    public Optional<Wait> retryAfter(String username, String address) {
        Optional<Duration> addressWait = addresses.retryAfter(address);
        if (addressWait.isPresent()) {
            return Optional.of(new Wait(Scope.ADDRESS, addressWait.get()));
        }
        return pairs.retryAfter(key(username, address))
                .map(wait -> new Wait(Scope.USER_AND_ADDRESS, wait));
    }

    /** Counts a failed login of {@code username} from {@code address}. */
    public void failed(String username, String address) {
        pairs.failed(key(username, address));
        addresses.failed(address);
    }

    /** Forgets the name's failures from the address after a successful login. */
    public void succeeded(String username, String address) {
        pairs.clear(key(username, address));
    }

    /** Name and address pairs tracked now. */
    int trackedPairs() {
        return pairs.size();
    }

    private static String key(String username, String address) {
        return username.toLowerCase(Locale.ROOT) + '\n' + address;
    }
}
