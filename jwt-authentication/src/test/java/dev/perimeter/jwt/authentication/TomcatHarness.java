package dev.perimeter.jwt.authentication;

import dev.perimeter.jwt.servlet.JwtFilter;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * An embedded Tomcat 10.1 in this JVM with applications declared as a web.xml would: context
 * params, security constraints ({@code /api/*} any authenticated caller, {@code /admin/*} role
 * {@code admin}), a servlet with a programmatic {@code @ServletSecurity} ({@code /reports/*},
 * role {@code admin}), the 403 error page, and an echo servlet that reports what the container
 * says about the caller.
 */
final class TomcatHarness implements AutoCloseable {

    static final String FORBIDDEN_PAGE = "/perimeter-forbidden";

    private final Tomcat tomcat = new Tomcat();
    private final HttpClient client = HttpClient.newHttpClient();
    private final Path baseDir;

    TomcatHarness() throws Exception {
        baseDir = Files.createTempDirectory("perimeter-tomcat");
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        tomcat.start();
    }

    /** An application in container mode (the context-param switch) with {@code parameters}. */
    Context containerApp(String path, Map<String, String> parameters) {
        Context context = newContext(path, parameters);
        context.addParameter("perimeter.jwt.authentication", "container");
        context.addServletContainerInitializer(new ContainerAuthentication(), null);
        constrain(context);
        return start(context);
    }

    /** An application protected by the servlet filter, configured by init-params. */
    Context filterApp(String path, Map<String, String> initParameters) {
        Context context = newContext(path, Map.of());
        addFilter(context, initParameters);
        return start(context);
    }

    Context newContext(String path, Map<String, String> contextParameters) {
        // Configured first, then added to the running host, which starts it: a deployment.
        Context context = new StandardContext();
        context.setName(path);
        context.setPath(path);
        context.addLifecycleListener(new Tomcat.FixContextListener());
        contextParameters.forEach((name, value) -> context.addParameter("perimeter.jwt." + name, value));
        Tomcat.addServlet(context, "echo", new EchoServlet());
        context.addServletMappingDecoded("/*", "echo");
        return context;
    }

    /** The constraints, the programmatic servlet security and the error page. */
    static void constrain(Context context) {
        context.addSecurityRole("admin");
        context.addSecurityRole("user");
        context.addConstraint(constraint("/api/*", "**"));
        context.addConstraint(constraint("/admin/*", "admin"));
        // As a servlet annotated @ServletSecurity(@HttpConstraint(rolesAllowed = "admin")) is.
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServletRegistration.Dynamic reports = servletContext.addServlet("reports", new EchoServlet());
            reports.addMapping("/reports/*");
            reports.setServletSecurity(new ServletSecurityElement(
                    new HttpConstraintElement(jakarta.servlet.annotation.ServletSecurity.TransportGuarantee.NONE, "admin")));
        }, null);
        Tomcat.addServlet(context, "perimeter-forbidden", new InsufficientScopeServlet());
        context.addServletMappingDecoded(FORBIDDEN_PAGE, "perimeter-forbidden");
        ErrorPage forbidden = new ErrorPage();
        forbidden.setErrorCode(403);
        forbidden.setLocation(FORBIDDEN_PAGE);
        context.addErrorPage(forbidden);
    }

    static void addFilter(Context context, Map<String, String> initParameters) {
        FilterDef def = new FilterDef();
        def.setFilterName("perimeter");
        def.setFilterClass(JwtFilter.class.getName());
        initParameters.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("perimeter");
        map.addURLPatternDecoded("/*");
        context.addFilterMap(map);
    }

    static SecurityConstraint constraint(String pattern, String role) {
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole(role);
        SecurityCollection collection = new SecurityCollection();
        collection.addPatternDecoded(pattern);
        constraint.addCollection(collection);
        return constraint;
    }

    /** Starts a context added after the server started (as a deployment does). */
    Context start(Context context) {
        try {
            tomcat.getHost().addChild(context);
        } catch (IllegalStateException e) {
            // a failed start leaves the context FAILED; the tests look at its state
        }
        return context;
    }

    /** Undeploys: stops and removes the context. */
    void undeploy(Context context) {
        tomcat.getHost().removeChild(context); // stops and destroys it
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, headers);
    }

    HttpResponse<String> send(String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getWithBearer(String path, String token) throws IOException, InterruptedException {
        return get(path, "Authorization", "Bearer " + token);
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (var files = Files.walk(baseDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    /** Reports what the container says about the caller. */
    static final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            java.security.Principal principal = request.getUserPrincipal();
            response.getWriter().print("user=" + (principal == null ? null : principal.getName())
                    + " remote=" + request.getRemoteUser()
                    + " type=" + request.getAuthType()
                    + " admin=" + request.isUserInRole("admin")
                    + " role-user=" + request.isUserInRole("user")
                    + " principal=" + (principal == null ? null : principal.getClass().getSimpleName())
                    + " jwt=" + (request.getAttribute(dev.perimeter.jwt.Jwt.REQUEST_ATTRIBUTE) != null));
        }
    }
}
