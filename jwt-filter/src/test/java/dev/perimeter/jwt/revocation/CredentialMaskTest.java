package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CredentialMaskTest {

    @Test
    void passwordsInUserInformationAreMasked() {
        assertEquals("jdbc:postgresql://app:****@db:5432/x",
                CredentialMask.mask("jdbc:postgresql://app:s3cret@db:5432/x"));
        assertEquals("redis://:****@cache:6379/2", CredentialMask.mask("redis://:s3cret@cache:6379/2"));
        assertEquals("redis://user:****@cache", CredentialMask.mask("redis://user:p@ss:word@cache"));
    }

    @Test
    void userInformationWithoutAColonIsMaskedWholeSinceRedisReadsItAsAPassword() {
        assertEquals("redis://****@cache:6379", CredentialMask.mask("redis://s3cret@cache:6379"));
    }

    @Test
    void passwordParametersAreMaskedInQueriesAndSemicolonLists() {
        assertEquals("jdbc:postgresql://db/x?user=app&password=****&ssl=true",
                CredentialMask.mask("jdbc:postgresql://db/x?user=app&password=s3cret&ssl=true"));
        assertEquals("jdbc:h2:file:/data/db;USER=sa;PASSWORD=****;AUTO_SERVER=TRUE",
                CredentialMask.mask("jdbc:h2:file:/data/db;USER=sa;PASSWORD=s3cret;AUTO_SERVER=TRUE"));
        assertEquals("jdbc:sqlserver://db;user=app;pwd=****",
                CredentialMask.mask("jdbc:sqlserver://db;user=app;pwd=s3cret"));
        assertEquals("x?sslpassword=****", CredentialMask.mask("x?sslpassword=s3cret"));
    }

    @Test
    void oraclesUserSlashPasswordIsMasked() {
        assertEquals("jdbc:oracle:thin:scott/****@db:1521/orcl",
                CredentialMask.mask("jdbc:oracle:thin:scott/tiger@db:1521/orcl"));
    }

    @Test
    void textWithoutCredentialsIsUnchanged() {
        assertEquals("jdbc:h2:file:./data/perimeter", CredentialMask.mask("jdbc:h2:file:./data/perimeter"));
        assertEquals("redis://127.0.0.1:6379/0", CredentialMask.mask("redis://127.0.0.1:6379/0"));
        assertEquals("memory", CredentialMask.mask("memory"));
        assertNull(CredentialMask.mask(null));
    }
}
