package dev.perimeter.jwt.microprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.Jwt;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile JWT injection as an application on Tomcat gets it, over HTTP: Jetty, Weld
 * Servlet, Jersey, and a stand-in for the filter that leaves the verified token in the request
 * attribute. Each request's values come from that request's token.
 */
class ClaimInjectionOverHttpTest {

    private static MicroProfileOnJetty jetty;

    @BeforeAll
    static void start() throws Exception {
        jetty = new MicroProfileOnJetty(RequestScopedClaimsResource.class,
                ApplicationScopedClaimsResource.class, UnscopedTokenResource.class,
                PrincipalResource.class);
    }

    @AfterAll
    static void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void aRequestScopedBeanGetsEveryShapeInTheTypesTheSpecificationNames() throws Exception {
        String token = MpTokens.token("alice", "Echoer", "Tester");
        Jwt jwt = MpTokens.verify(token);
        String iat = Long.toString(jwt.issuedAt().getEpochSecond());
        Map<String, String> values = get("/api/request", token);

        // the principal claim is upn first, as MicroProfile JWT names it
        assertEquals("String:alice@example.com", values.get("jwt.name"));
        assertEquals("String:" + token, values.get("jwt.rawToken"));
        // raw types
        assertEquals("String:" + token, values.get("rawToken"));
        assertEquals("String:https://issuer.test", values.get("iss"));
        assertEquals("String:" + jwt.id(), values.get("jti"));
        assertEquals("String:alice@example.com", values.get("upn"));
        assertEquals("Set:[perimeter-test]", values.get("aud"));
        assertEquals("Set:[Echoer, Tester]", values.get("groups"));
        assertEquals("Long:" + iat, values.get("iat"));
        assertEquals("Long:" + iat, values.get("iatWrapper"));
        assertEquals("Long:" + jwt.expiresAt().getEpochSecond(), values.get("exp"));
        assertEquals("String:customStringValue", values.get("customString"));
        assertEquals("Boolean:true", values.get("customBoolean"));
        assertEquals("Boolean:true", values.get("customBooleanWrapper"));
        assertEquals("Double:3.141592653589793", values.get("customDouble"));
        assertEquals("Double:3.141592653589793", values.get("customDoublePrimitive"));
        // Optional
        assertEquals("Optional(String:alice)", values.get("optSub"));
        assertEquals("Optional(Long:" + MpTokens.AUTH_TIME + ")", values.get("optAuthTime"));
        assertEquals("Optional.empty", values.get("optMissing"));
        assertEquals("Optional(ValueType:OBJECT)", values.get("optCustomObject"));
        // JSON-P
        assertEquals("String:" + token, values.get("jsonRawToken"));
        assertEquals("JsonSTRING:\"https://issuer.test\"", values.get("jsonIss"));
        assertEquals("JsonARRAY:[\"perimeter-test\"]", values.get("jsonAud"));
        assertEquals("JsonARRAY:[\"Echoer\"]", values.get("jsonRoles"));
        assertEquals("JsonNUMBER:" + iat, values.get("jsonIat"));
        assertEquals("JsonNUMBER:" + MpTokens.AUTH_TIME, values.get("jsonAuthTime"));
        assertEquals("JsonSTRING:\"customStringValue\"", values.get("jsonCustomString"));
        assertEquals("JsonNUMBER:123456789", values.get("jsonCustomInteger"));
        assertEquals("JsonNUMBER:3.141592653589793", values.get("jsonCustomDouble"));
        assertEquals("JsonOBJECT:{\"my-service\":{\"groups\":[\"group1\",\"group2\"],"
                + "\"roles\":[\"role-in-my-service\"]}}", values.get("jsonCustomObject"));
        assertEquals("JsonARRAY:[\"value0\",\"value1\",\"value2\"]",
                values.get("jsonCustomStringArray"));
        assertEquals("JsonARRAY:[0,1,2,3]", values.get("jsonCustomIntegerArray"));
        assertEquals("JsonARRAY:[0.1,1.1,2.2]", values.get("jsonCustomDoubleArray"));
        assertEquals("JsonTRUE:true", values.get("jsonCustomBoolean"));
        // ClaimValue
        assertEquals("String:" + token, values.get("cvRawToken"));
        assertEquals("String:raw_token", values.get("cvRawToken.name"));
        assertEquals("Set:[perimeter-test]", values.get("cvAud"));
        assertEquals("Long:" + iat, values.get("cvIat"));
        assertEquals("Optional(String:alice)", values.get("cvOptSub"));
        assertEquals("Optional(Long:" + MpTokens.AUTH_TIME + ")", values.get("cvOptAuthTime"));
        assertEquals("Optional.empty", values.get("cvOptMissing"));
        assertEquals("JsonNUMBER:123456789", values.get("cvCustomInteger"));
        assertEquals("Boolean:true", values.get("cvCustomBoolean"));
        assertEquals("JsonOBJECT:{\"my-service\":{\"groups\":[\"group1\",\"group2\"],"
                + "\"roles\":[\"role-in-my-service\"]}}", values.get("cvCustomObject"));
        assertEquals("Optional(JsonSTRING:\"customStringValue\")", values.get("cvOptJsonCustomString"));
        assertEquals("String:" + jwt.id(), values.get("cvRawJti"));
        // Provider and Instance
        assertEquals("String:" + token, values.get("instanceRawToken"));
        assertEquals("String:https://issuer.test", values.get("providerIss"));
        assertEquals("Set:[perimeter-test]", values.get("providerAud"));
        assertEquals("Long:" + iat, values.get("providerIat"));
        assertEquals("Long:" + iat, values.get("instanceIat"));
        assertEquals("Optional(String:alice)", values.get("providerOptSub"));
        assertEquals("Optional.empty", values.get("instanceOptMissing"));
        assertEquals("JsonNUMBER:123456789", values.get("providerCustomInteger"));
        assertEquals("JsonNUMBER:3.141592653589793", values.get("instanceCustomDouble"));
        assertEquals("String:customStringValue", values.get("providerCvCustomString"));
    }

    @Test
    void missingClaimsAreNullEmptyOrJsonNullAndPrimitivesTheirDefault() throws Exception {
        Map<String, String> values = get("/api/request", MpTokens.token("bob", "Tester"));

        assertEquals("null", values.get("missingString"));
        assertEquals("null", values.get("missingLong"));
        assertEquals("Long:0", values.get("missingPrimitive"));
        assertEquals("null", values.get("missingSet"));
        assertEquals("Optional.empty", values.get("optMissing"));
        assertEquals("JsonNULL:null", values.get("jsonMissing"));
        assertEquals("null", values.get("jsonStringMissing"));
        assertEquals("Optional.empty", values.get("cvOptMissing"));
        assertEquals("Optional.empty", values.get("instanceOptMissing"));
    }

    @Test
    void anApplicationScopedBeansClaimValuesAndProvidersFollowEachRequestsToken()
            throws Exception {
        String alice = MpTokens.token("alice", "Echoer");
        String bob = MpTokens.token("bob", "Tester", "group1");

        Map<String, String> first = get("/api/application", alice);
        Map<String, String> second = get("/api/application", bob);

        assertSeesToken(first, alice, "alice", "Set:[Echoer]");
        assertSeesToken(second, bob, "bob", "Set:[Tester, group1]");
        assertEquals("String:" + MpTokens.verify(alice).id(), first.get("instanceJti"));
        assertEquals("String:" + MpTokens.verify(bob).id(), second.get("instanceJti"));
    }

    @Test
    void concurrentRequestsWithDifferentTokensEachSeeTheirOwnInTheApplicationScopedBean()
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String subject = "caller" + i;
                String token = MpTokens.token(subject);
                outcomes.add(callers.submit(() -> {
                    Map<String, String> values = get("/api/application", token);
                    return values.get("sub") + " " + values.get("rawToken").equals("String:" + token)
                            + " " + values.get("providerRawToken").equals("String:" + token);
                }));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                assertEquals("String:caller" + i + " true true",
                        outcomes.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anAnonymousRequestSeesTheEmptyTokenAndNoClaims() throws Exception {
        get("/api/application", MpTokens.token("carol")); // the bean exists, with a token seen
        Map<String, String> values = get("/api/application", null);

        assertEquals("null", values.get("jwt.name"));
        assertEquals("null", values.get("jwt.rawToken"));
        assertEquals("null", values.get("jwt.claimNames"));
        assertEquals("null", values.get("sub"));
        assertEquals("null", values.get("rawToken"));
        assertEquals("null", values.get("providerRawToken"));
        assertEquals("null", values.get("groups"));
        assertEquals("Optional.empty", values.get("optUpn"));
        assertEquals("null", values.get("customInteger"));
    }

    @Test
    void anAnonymousRequestToARequestScopedBeanInjectsNothingFromAnEarlierToken()
            throws Exception {
        get("/api/request", MpTokens.token("dave"));
        Map<String, String> values = get("/api/request", null);

        assertEquals("null", values.get("jwt.name"));
        assertEquals("null", values.get("rawToken"));
        assertEquals("null", values.get("aud"));
        assertEquals("Long:0", values.get("iat"));
        assertEquals("Optional.empty", values.get("optSub"));
        assertEquals("JsonNULL:null", values.get("jsonCustomBoolean"));
        assertEquals("null", values.get("cvRawToken"));
        assertEquals("null", values.get("instanceRawToken"));
    }

    @Test
    void anUnscopedResourceIsMadeForEachRequestSoItsRawClaimsAreEachRequests() throws Exception {
        Map<String, String> first = get("/api/unscoped", MpTokens.token("ivan"));
        Map<String, String> second = get("/api/unscoped", MpTokens.token("judy"));
        Map<String, String> anonymous = get("/api/unscoped", null);

        assertEquals("Boolean:false", first.get("empty"));
        assertEquals("String:ivan", first.get("subject"));
        assertEquals("String:judy", second.get("subject"));
        assertEquals("Boolean:true", anonymous.get("empty"));
        assertEquals("null", anonymous.get("subject"));
    }

    @Test
    void theInjectedPrincipalIsTheTokenNamedAsJaxRsNamesTheCaller() throws Exception {
        Map<String, String> authenticated = get("/api/principal", MpTokens.token("kim"));
        Map<String, String> anonymous = get("/api/principal", null);

        assertEquals("String:kim@example.com", authenticated.get("name"));
        assertEquals("Boolean:true", authenticated.get("sameNameAsJaxRs"));
        assertEquals("null", anonymous.get("name"));
    }

    private static void assertSeesToken(Map<String, String> values, String token, String subject,
            String groups) {
        assertEquals("String:" + subject + "@example.com", values.get("jwt.name"));
        assertEquals("String:" + token, values.get("jwt.rawToken"));
        assertEquals("String:" + subject, values.get("sub"));
        assertEquals("String:" + token, values.get("rawToken"));
        assertEquals("String:" + token, values.get("providerRawToken"));
        assertEquals(groups, values.get("groups"));
        assertEquals("Long:" + MpTokens.verify(token).issuedAt().getEpochSecond(),
                values.get("providerIat"));
        assertEquals("Optional(String:" + subject + "@example.com)", values.get("optUpn"));
        assertEquals("Optional.empty", values.get("optMissing"));
        assertEquals("JsonNUMBER:123456789", values.get("customInteger"));
    }

    private static Map<String, String> get(String path, String token) throws Exception {
        HttpResponse<String> response = jetty.get(path, token);
        assertEquals(200, response.statusCode(), response.body());
        return Rendered.parse(response.body());
    }
}
