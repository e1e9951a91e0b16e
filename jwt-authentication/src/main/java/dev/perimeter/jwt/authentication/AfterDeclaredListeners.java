package dev.perimeter.jwt.authentication;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Declared in the module's {@code META-INF/web-fragment.xml}, ordered after the other fragments:
 * a declared listener, so it runs after those of the application's {@code web.xml} on every
 * container. Where the container runs the listener that {@link ContainerAuthentication} added in
 * code before the declared ones (Open Liberty), that one waits, and this one starts the module;
 * elsewhere (Tomcat, Payara) it only says that the declared listeners have run. An application
 * whose {@code web.xml} is {@code metadata-complete} (fragments ignored) on such a container
 * declares it itself, after its own listeners.
 */
public final class AfterDeclaredListeners implements ServletContextListener {

    /** The context-param of the module's fragment: present when the fragment is not ignored. */
    static final String FRAGMENT_PARAMETER = "dev.perimeter.jwt.authentication.fragment";

    /** Whether this listener is declared for {@code context}: its fragment's context-param is there. */
    static boolean declared(ServletContext context) {
        return context.getInitParameter(FRAGMENT_PARAMETER) != null;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ContainerAuthentication.declaredListenersDone(event.getServletContext());
    }
}
