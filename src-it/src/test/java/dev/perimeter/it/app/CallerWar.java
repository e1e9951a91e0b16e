package dev.perimeter.it.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A small application that is not the example, for a module registered outside the WAR: a
 * {@code web.xml} with the constraints, roles and 403 page of docs/container-mode.md and
 * {@link CallerServlet} on every other path; no {@code JwtFilter}, no
 * {@code perimeter.jwt.authentication} switch, and in {@code WEB-INF/lib} only the jars given.
 */
public final class CallerWar {

    /** Needs no token and has no constraint: the path polled for readiness. */
    public static final String OPEN_PATH = "/open/ready";

    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
              <servlet>
                <servlet-name>caller</servlet-name>
                <servlet-class>dev.perimeter.it.app.CallerServlet</servlet-class>
              </servlet>
              <servlet-mapping>
                <servlet-name>caller</servlet-name>
                <url-pattern>/</url-pattern>
              </servlet-mapping>
              <servlet>
                <servlet-name>perimeter-forbidden</servlet-name>
                <servlet-class>dev.perimeter.jwt.authentication.InsufficientScopeServlet</servlet-class>
              </servlet>
              <servlet-mapping>
                <servlet-name>perimeter-forbidden</servlet-name>
                <url-pattern>/perimeter-forbidden</url-pattern>
              </servlet-mapping>
              <error-page>
                <error-code>403</error-code>
                <location>/perimeter-forbidden</location>
              </error-page>
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>api</web-resource-name>
                  <url-pattern>/api/*</url-pattern>
                  <http-method-omission>OPTIONS</http-method-omission>
                </web-resource-collection>
                <auth-constraint><role-name>**</role-name></auth-constraint>
              </security-constraint>
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>admin</web-resource-name>
                  <url-pattern>/admin/*</url-pattern>
                  <http-method-omission>OPTIONS</http-method-omission>
                </web-resource-collection>
                <auth-constraint><role-name>admin</role-name></auth-constraint>
              </security-constraint>
              <security-role><role-name>admin</role-name></security-role>
            </web-app>
            """;

    private CallerWar() {
    }

    /**
     * Writes the WAR to {@code file}: its web.xml, the compiled {@link CallerServlet} and
     * {@code libraries} in {@code WEB-INF/lib}.
     */
    public static Path write(Path file, List<Path> libraries) {
        String servlet = CallerServlet.class.getName().replace('.', '/') + ".class";
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file); JarOutputStream war = new JarOutputStream(out);
                    InputStream compiled = CallerWar.class.getClassLoader().getResourceAsStream(servlet)) {
                if (compiled == null) {
                    throw new IllegalStateException("no " + servlet + " on the test class path");
                }
                war.putNextEntry(new JarEntry("WEB-INF/web.xml"));
                war.write(WEB_XML.getBytes(StandardCharsets.UTF_8));
                war.closeEntry();
                war.putNextEntry(new JarEntry("WEB-INF/classes/" + servlet));
                compiled.transferTo(war);
                war.closeEntry();
                for (Path jar : libraries) {
                    war.putNextEntry(new JarEntry("WEB-INF/lib/" + jar.getFileName()));
                    Files.copy(jar, war);
                    war.closeEntry();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
