package dev.perimeter.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;

/** Amazon Corretto Crypto Provider, for the benchmark rows that use it. */
final class Native {

    private Native() {
    }

    /** The provider, after checking that its native library loaded. */
    static Provider provider() {
        AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
        provider.assertHealthy();
        return provider;
    }
}
