package dev.perimeter.jwt.authentication;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.JwtPrincipal;
import dev.perimeter.jwt.bearer.BearerAuthenticator;
import dev.perimeter.jwt.bearer.BearerDecision;
import dev.perimeter.jwt.dpop.DpopVerifier;
import dev.perimeter.jwt.metadata.ResourceMetadata;
import dev.perimeter.jwt.metrics.RequestOutcome;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.AddressSpreadRule;
import dev.perimeter.jwt.servlet.ChallengeWriter;
import dev.perimeter.jwt.servlet.RequestMonitor;
import dev.perimeter.jwt.servlet.ResourceMetadataEndpoint;
import dev.perimeter.jwt.servlet.ServletBearerRequest;
import dev.perimeter.jwt.servlet.ServletConfiguration;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Perimeter as a Jakarta Authentication {@link ServerAuthModule}: the container calls it on every
 * request, it runs the shared bearer pipeline ({@code perimeter.authenticator()}) and hands the
 * container the caller (the {@code principal-claim}) and the token's roles as groups; the
 * container then authorizes by its own constraints. A request without a token goes on
 * unauthenticated where no role is needed ({@code isMandatory} false) and is answered 401 where
 * one is; so does one whose cookie token is refused where no role is needed (a browser sends a
 * stale cookie by itself), while a refused token in the header is answered everywhere; every refusal is written as the filter writes it (its status, {@code WWW-Authenticate}
 * and JSON body, never through {@code sendError}), counted and audited like the filter's, and the
 * address-spread rule runs on valid tokens as in the filter. Stateless: nothing is kept in an
 * HTTP session.
 */
public final class PerimeterAuthModule implements ServerAuthModule {

    /** {@code getAuthType()} of requests this module authenticated. */
    public static final String AUTH_TYPE = "BEARER";

    /** The MessageInfo map key by which the container says whether the resource needs a caller. */
    static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    private static final String AUTH_TYPE_KEY = "jakarta.servlet.http.authType";
    private static final String REGISTER_SESSION_KEY = "jakarta.servlet.http.registerSession";
    /** Role names with a meaning of their own in constraints; a token cannot claim them. */
    private static final String ALL_ROLES = "*";
    private static final String ANY_AUTHENTICATED_USER = "**";

    private static final Logger LOG = Logger.getLogger(PerimeterAuthModule.class.getName());

    private volatile Perimeter perimeter;
    private volatile RequestMonitor monitor;
    private volatile AddressSpreadRule spreadRule;
    private volatile CallbackHandler handler;

    /** A module on the Perimeter that {@link ContainerAuthentication} started (and closes). */
    public PerimeterAuthModule(Perimeter perimeter) {
        use(Objects.requireNonNull(perimeter, "perimeter"));
    }

    /**
     * For a container that instantiates the module itself (Tomcat's {@code
     * conf/jaspic-providers.xml}): {@link #initialize} starts a Perimeter from system properties,
     * environment and the provider's {@code perimeter.jwt.*} properties. It runs as long as the
     * provider does.
     */
    public PerimeterAuthModule() {
    }

    private void use(Perimeter started) {
        this.monitor = new RequestMonitor(started);
        this.spreadRule = new AddressSpreadRule(started, monitor);
        this.perimeter = started;
    }

    /** What this module runs; null before {@link #initialize} for a module built without one. */
    public Perimeter perimeter() {
        return perimeter;
    }

    /** The monitor that counts and audits this module's decisions. */
    RequestMonitor monitor() {
        return monitor;
    }

    /**
     * Keeps the handler. The policies are ignored: containers pass null for a module registered
     * in code, and initialize once for all requests, so whether a caller is needed is read per
     * request from the MessageInfo map.
     */
    @Override
    public synchronized void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy,
            CallbackHandler handler, @SuppressWarnings("rawtypes") Map options) throws AuthException {
        this.handler = handler;
        if (perimeter != null) {
            return;
        }
        Map<String, String> properties = new HashMap<>();
        if (options != null) {
            for (Object key : options.keySet()) {
                Object value = options.get(key);
                if (key instanceof String && value instanceof String) {
                    properties.put((String) key, (String) value);
                }
            }
        }
        try {
            Perimeter started = Perimeter.start(ServletConfiguration.readProperties(properties));
            use(started);
            LOG.info("Perimeter JWT authentication module protects this application: "
                    + started.summary());
        } catch (RuntimeException e) {
            LOG.severe(e.getMessage());
            AuthException failure = new AuthException(e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return new Class<?>[] {HttpServletRequest.class, HttpServletResponse.class};
    }

    @Override
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject,
            Subject serviceSubject) throws AuthException {
        HttpServletRequest request = (HttpServletRequest) messageInfo.getRequestMessage();
        HttpServletResponse response = (HttpServletResponse) messageInfo.getResponseMessage();
        try {
            return validate(messageInfo, request, response, clientSubject);
        } catch (IOException | UnsupportedCallbackException | RuntimeException e) {
            // The container's fault or ours, never the caller's: answer 503 as for any server
            // fault rather than let the container turn an AuthException into a bare 500.
            LOG.log(Level.WARNING, "Perimeter: authenticating a request failed; answered 503", e);
            return refuse(response, BearerChallenge.unavailable("the server cannot check tokens now"));
        }
    }

    private AuthStatus validate(MessageInfo messageInfo, HttpServletRequest request,
            HttpServletResponse response, Subject client)
            throws IOException, UnsupportedCallbackException {
        ServletBearerRequest view = new ServletBearerRequest(request);
        ResourceMetadata metadata = perimeter.config().resourceMetadata();
        if (metadata != null && metadata.isServedAt(pathWithinApplication(request))
                && !BearerAuthenticator.isCorsPreflight(view)) {
            return serveMetadata(metadata, request, response);
        }
        BearerDecision decision = perimeter.authenticator().authenticate(view);
        boolean preflight = decision.outcome() == RequestOutcome.PASSED;
        boolean noToken = decision.outcome() == RequestOutcome.NO_TOKEN;
        // The browser sends its cookie by itself, also after the token in it expired or was
        // revoked: where no caller is needed (the login page, the refresh endpoint) a refused
        // cookie token is set aside like the filter's public paths do, not held against the
        // request. A token in the header was sent on purpose and is refused everywhere.
        boolean staleCookie = decision.isRefused() && decision.fromCookie();
        if (preflight || ((noToken || staleCookie) && !isMandatory(messageInfo))) {
            // On as the unauthenticated caller: the container's constraints decide.
            monitor.passed();
            handler.handle(new Callback[] {new CallerPrincipalCallback(client, (Principal) null)});
            return AuthStatus.SUCCESS;
        }
        monitor.decided(request, decision);
        if (decision.isRefused()) {
            return refuse(response, decision.challenge());
        }
        Jwt jwt = decision.jwt();
        if (spreadRule.refuses(request, jwt, decision.token())) {
            return refuse(response, perimeter.authenticator().challenges().revoked());
        }
        // Caller and groups in one handle call: Tomcat builds its principal, with its roles,
        // only from a CallerPrincipalCallback handled together with the groups. The groups are
        // the token's alone: Payara's handler adds the groups of a default-realm user of the
        // caller's name, and a null GroupPrincipalCallback (the specification's "no groups",
        // additive callbacks after it) clears those before the token's are added. Tomcat takes
        // the last callback's groups.
        handler.handle(new Callback[] {
            new CallerPrincipalCallback(client, new JwtPrincipal(jwt)),
            new GroupPrincipalCallback(client, null),
            new GroupPrincipalCallback(client, groups(jwt))});
        @SuppressWarnings("unchecked")
        Map<String, Object> map = messageInfo.getMap();
        map.put(AUTH_TYPE_KEY, AUTH_TYPE);
        map.put(REGISTER_SESSION_KEY, "false");
        // jwt-cdi adopts the token from here, as it does the filter's: it never verifies twice.
        request.setAttribute(Jwt.REQUEST_ATTRIBUTE, jwt);
        if (decision.dpopNonce() != null) {
            response.setHeader(DpopVerifier.NONCE_HEADER, decision.dpopNonce());
        }
        monitor.admitted();
        return AuthStatus.SUCCESS;
    }

    /**
     * Answers the RFC 9728 document without a token, whatever the container's constraints say of
     * its path: {@code SEND_SUCCESS} tells the container the exchange is complete, so no servlet
     * runs. The response is closed, as {@link #refuse} does, so that no error page replaces it.
     */
    private AuthStatus serveMetadata(ResourceMetadata metadata, HttpServletRequest request,
            HttpServletResponse response) {
        monitor.passed();
        try {
            if (!response.isCommitted()) {
                ResourceMetadataEndpoint.answer(metadata, request.getMethod(), response);
                response.getOutputStream().close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Perimeter: the resource metadata could not be written", e);
        }
        return AuthStatus.SEND_SUCCESS;
    }

    /** Servlet path plus path info, as the filter matches paths. */
    private static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    private static boolean isMandatory(MessageInfo messageInfo) {
        Object value = messageInfo.getMap().get(IS_MANDATORY);
        return value != null && Boolean.parseBoolean(value.toString());
    }

    private static String[] groups(Jwt jwt) {
        return jwt.roles().stream()
                .filter(role -> !ALL_ROLES.equals(role) && !ANY_AUTHENTICATED_USER.equals(role))
                .toArray(String[]::new);
    }

    /**
     * Writes the answer itself (never sendError: error pages must not replace it) and closes the
     * response: WildFly (Undertow) calls {@code sendError} with the status after a
     * {@code SEND_FAILURE} unless the exchange is complete, and its error page would replace the
     * body (the headers stay).
     */
    private static AuthStatus refuse(HttpServletResponse response, BearerChallenge answer) {
        try {
            if (!response.isCommitted()) {
                ChallengeWriter.write(response, answer);
                response.getOutputStream().close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Perimeter: the refusal could not be written", e);
        }
        return AuthStatus.SEND_FAILURE;
    }

    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
        return AuthStatus.SEND_SUCCESS;
    }

    /** Removes the caller and groups: this module keeps nothing else. */
    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
        if (subject != null) {
            subject.getPrincipals().clear();
        }
    }
}
