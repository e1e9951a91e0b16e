package dev.perimeter.jwt.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TargetUriTest {

    @Test
    void schemeHostAndDefaultPortAreNormalized() {
        assertEquals("https://example.com/", TargetUri.normalize("HTTPS://Example.COM:443"));
        assertEquals("http://example.com/a", TargetUri.normalize("http://example.com:80/a"));
        assertEquals("https://example.com:8443/a", TargetUri.normalize("https://example.com:8443/a"));
    }

    @Test
    void percentEncodingsAreUpperCasedAndUnreservedOnesDecoded() {
        assertEquals("https://e.test/~user/a%2Fb/~x", TargetUri.normalize("https://e.test/%7euser/a%2fb/%7Ex"));
        assertEquals("https://e.test/me", TargetUri.normalize("https://e.test/%6De"));
        assertNull(TargetUri.normalize("https://e.test/%zz"));
    }

    @Test
    void dotSegmentsAreRemovedAndQueryAndFragmentIgnored() {
        assertEquals("https://e.test/a/c", TargetUri.normalize("https://e.test/a/b/../c?x=1#f"));
        assertEquals("https://e.test/a/", TargetUri.normalize("https://e.test/a/./"));
        assertEquals("https://e.test/", TargetUri.normalize("https://e.test/../.."));
    }

    @Test
    void onlyAbsoluteHttpUrisWithoutUserInformationAreAccepted() {
        assertNull(TargetUri.normalize("/relative"));
        assertNull(TargetUri.normalize("ftp://e.test/x"));
        assertNull(TargetUri.normalize("https://user@e.test/x"));
        assertNull(TargetUri.normalize("mailto:a@e.test"));
        assertNull(TargetUri.normalize("https://e.test/ spaced"));
    }
}
