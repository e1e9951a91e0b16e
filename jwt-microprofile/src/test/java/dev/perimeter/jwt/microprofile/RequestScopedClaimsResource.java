package dev.perimeter.jwt.microprofile;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claim;
import org.eclipse.microprofile.jwt.ClaimValue;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Every injection shape of MicroProfile JWT 2.1 in a request-scoped JAX-RS resource. */
@Path("/request")
@RequestScoped
public class RequestScopedClaimsResource {

    @Inject
    JsonWebToken jwt;

    // Raw types
    @Inject @Claim("raw_token") String rawToken;
    @Inject @Claim(standard = Claims.iss) String iss;
    @Inject @Claim("jti") String jti;
    @Inject @Claim("upn") String upn;
    @Inject @Claim("aud") Set<String> aud;
    @Inject @Claim("groups") Set<String> groups;
    @Inject @Claim("iat") long iat;
    @Inject @Claim("iat") Long iatWrapper;
    @Inject @Claim(value = "exp", standard = Claims.exp) long exp;
    @Inject @Claim("customString") String customString;
    @Inject @Claim("customBoolean") boolean customBoolean;
    @Inject @Claim("customBoolean") Boolean customBooleanWrapper;
    @Inject @Claim("customDouble") Double customDouble;
    @Inject @Claim("customDouble") double customDoublePrimitive;
    @Inject @Claim("custom-missing") String missingString;
    @Inject @Claim("custom-missing") Long missingLong;
    @Inject @Claim("custom-missing") long missingPrimitive;
    @Inject @Claim("custom-missing") Set<String> missingSet;

    // Optional
    @Inject @Claim("sub") Optional<String> optSub;
    @Inject @Claim("auth_time") Optional<Long> optAuthTime;
    @Inject @Claim("custom-missing") Optional<Long> optMissing;
    @Inject @Claim("customObject") Optional<JsonObject> optCustomObject;

    // JSON-P
    @Inject @Claim("raw_token") JsonString jsonRawToken;
    @Inject @Claim(standard = Claims.iss) JsonString jsonIss;
    @Inject @Claim("aud") JsonArray jsonAud;
    @Inject @Claim("roles") JsonArray jsonRoles;
    @Inject @Claim("iat") JsonNumber jsonIat;
    @Inject @Claim("auth_time") JsonNumber jsonAuthTime;
    @Inject @Claim("customString") JsonString jsonCustomString;
    @Inject @Claim("customInteger") JsonNumber jsonCustomInteger;
    @Inject @Claim("customDouble") JsonNumber jsonCustomDouble;
    @Inject @Claim("customObject") JsonObject jsonCustomObject;
    @Inject @Claim("customStringArray") JsonArray jsonCustomStringArray;
    @Inject @Claim("customIntegerArray") JsonArray jsonCustomIntegerArray;
    @Inject @Claim("customDoubleArray") JsonArray jsonCustomDoubleArray;
    @Inject @Claim("customBoolean") JsonValue jsonCustomBoolean;
    @Inject @Claim("custom-missing") JsonValue jsonMissing;
    @Inject @Claim("custom-missing") JsonString jsonStringMissing;

    // ClaimValue
    @Inject @Claim(standard = Claims.raw_token) ClaimValue<String> cvRawToken;
    @Inject @Claim("aud") ClaimValue<Set<String>> cvAud;
    @Inject @Claim(standard = Claims.iat) ClaimValue<Long> cvIat;
    @Inject @Claim("sub") ClaimValue<Optional<String>> cvOptSub;
    @Inject @Claim("auth_time") ClaimValue<Optional<Long>> cvOptAuthTime;
    @Inject @Claim("custom-missing") ClaimValue<Optional<Long>> cvOptMissing;
    @Inject @Claim("customInteger") ClaimValue<JsonNumber> cvCustomInteger;
    @Inject @Claim("customBoolean") ClaimValue<Boolean> cvCustomBoolean;
    @Inject @Claim("customObject") ClaimValue<JsonObject> cvCustomObject;
    @Inject @Claim("customString") ClaimValue<Optional<JsonString>> cvOptJsonCustomString;
    @SuppressWarnings("rawtypes")
    @Inject @Claim("jti") ClaimValue cvRawJti;

    // Provider and Instance
    @Inject @Claim("raw_token") Instance<String> instanceRawToken;
    @Inject @Claim("iss") Provider<String> providerIss;
    @Inject @Claim("aud") Provider<Set<String>> providerAud;
    @Inject @Claim("iat") Provider<Long> providerIat;
    @Inject @Claim("iat") Instance<Long> instanceIat;
    @Inject @Claim("sub") Provider<Optional<String>> providerOptSub;
    @Inject @Claim("custom-missing") Instance<Optional<Long>> instanceOptMissing;
    @Inject @Claim("customInteger") Provider<JsonNumber> providerCustomInteger;
    @Inject @Claim("customDouble") Instance<JsonNumber> instanceCustomDouble;
    @Inject @Claim("customString") Provider<ClaimValue<String>> providerCvCustomString;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String describe() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("jwt.name", jwt.getName());
        values.put("jwt.rawToken", jwt.getRawToken());
        values.put("rawToken", rawToken);
        values.put("iss", iss);
        values.put("jti", jti);
        values.put("upn", upn);
        values.put("aud", aud);
        values.put("groups", groups);
        values.put("iat", iat);
        values.put("iatWrapper", iatWrapper);
        values.put("exp", exp);
        values.put("customString", customString);
        values.put("customBoolean", customBoolean);
        values.put("customBooleanWrapper", customBooleanWrapper);
        values.put("customDouble", customDouble);
        values.put("customDoublePrimitive", customDoublePrimitive);
        values.put("missingString", missingString);
        values.put("missingLong", missingLong);
        values.put("missingPrimitive", missingPrimitive);
        values.put("missingSet", missingSet);
        values.put("optSub", optSub);
        values.put("optAuthTime", optAuthTime);
        values.put("optMissing", optMissing);
        values.put("optCustomObject", optCustomObject.map(o -> o.getValueType()));
        values.put("jsonRawToken", jsonRawToken == null ? null : jsonRawToken.getString());
        values.put("jsonIss", jsonIss);
        values.put("jsonAud", jsonAud);
        values.put("jsonRoles", jsonRoles);
        values.put("jsonIat", jsonIat);
        values.put("jsonAuthTime", jsonAuthTime);
        values.put("jsonCustomString", jsonCustomString);
        values.put("jsonCustomInteger", jsonCustomInteger);
        values.put("jsonCustomDouble", jsonCustomDouble);
        values.put("jsonCustomObject", jsonCustomObject);
        values.put("jsonCustomStringArray", jsonCustomStringArray);
        values.put("jsonCustomIntegerArray", jsonCustomIntegerArray);
        values.put("jsonCustomDoubleArray", jsonCustomDoubleArray);
        values.put("jsonCustomBoolean", jsonCustomBoolean);
        values.put("jsonMissing", jsonMissing);
        values.put("jsonStringMissing", jsonStringMissing);
        values.put("cvRawToken", cvRawToken.getValue());
        values.put("cvRawToken.name", cvRawToken.getName());
        values.put("cvAud", cvAud.getValue());
        values.put("cvIat", cvIat.getValue());
        values.put("cvOptSub", cvOptSub.getValue());
        values.put("cvOptAuthTime", cvOptAuthTime.getValue());
        values.put("cvOptMissing", cvOptMissing.getValue());
        values.put("cvCustomInteger", cvCustomInteger.getValue());
        values.put("cvCustomBoolean", cvCustomBoolean.getValue());
        values.put("cvCustomObject", cvCustomObject.getValue());
        values.put("cvOptJsonCustomString", cvOptJsonCustomString.getValue());
        values.put("cvRawJti", cvRawJti.getValue());
        values.put("instanceRawToken", instanceRawToken.get());
        values.put("providerIss", providerIss.get());
        values.put("providerAud", providerAud.get());
        values.put("providerIat", providerIat.get());
        values.put("instanceIat", instanceIat.get());
        values.put("providerOptSub", providerOptSub.get());
        values.put("instanceOptMissing", instanceOptMissing.get());
        values.put("providerCustomInteger", providerCustomInteger.get());
        values.put("instanceCustomDouble", instanceCustomDouble.get());
        values.put("providerCvCustomString", providerCvCustomString.get().getValue());
        return Rendered.lines(values);
    }
}
