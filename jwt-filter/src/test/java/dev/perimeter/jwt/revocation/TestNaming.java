package dev.perimeter.jwt.revocation;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * A minimal JNDI for tests, standing in for a container's naming service (not for a database):
 * {@code new InitialContext()} finds it through {@code java.naming.factory.initial}, and its
 * lookups answer from {@link #BOUND}.
 */
public final class TestNaming implements InitialContextFactory {

    /** Names and what they are bound to. */
    public static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "lookup": {
                            Object value = BOUND.get(String.valueOf(args[0]));
                            if (value == null) {
                                throw new NameNotFoundException(String.valueOf(args[0]));
                            }
                            return value;
                        }
                        case "close":
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
