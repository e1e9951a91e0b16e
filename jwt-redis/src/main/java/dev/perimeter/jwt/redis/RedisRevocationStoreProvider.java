package dev.perimeter.jwt.redis;

import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.revocation.RevocationStoreProvider;

/**
 * Makes {@code revocation=redis://host:port[/db]} (and {@code rediss://} for TLS) work when this
 * module is on the class path; registered in {@code META-INF/services}.
 */
public final class RedisRevocationStoreProvider implements RevocationStoreProvider {

    @Override
    public boolean supports(String spec) {
        return spec.startsWith("redis://") || spec.startsWith("rediss://");
    }

    @Override
    public RevocationStore create(String spec, RevocationSettings settings) {
        return RedisRevocationStore.builder(spec, settings).build();
    }
}
