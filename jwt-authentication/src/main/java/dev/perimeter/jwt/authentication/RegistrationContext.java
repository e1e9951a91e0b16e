package dev.perimeter.jwt.authentication;

import jakarta.servlet.ServletContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The application's context as the module's listener hands it to
 * {@code AuthConfigFactory.registerServerAuthModule} and {@code removeServerAuthModule}: the
 * same context, except that it answers {@code getVirtualServerName()} with the name the
 * initializer read. Both factories build the registration's id from it, and Payara refuses the
 * question to a listener added in code ("Not allowed to call this jakarta.servlet.ServletContext
 * method from a ServletContextListener that was neither declared … nor annotated").
 */
final class RegistrationContext {

    private RegistrationContext() {
    }

    /** {@code context}, answering {@code getVirtualServerName()} with {@code virtualServerName}. */
    static ServletContext of(ServletContext context, String virtualServerName) {
        return (ServletContext) Proxy.newProxyInstance(RegistrationContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getVirtualServerName") && method.getParameterCount() == 0) {
                        return virtualServerName;
                    }
                    return invoke(context, method, arguments);
                });
    }

    private static Object invoke(ServletContext context, Method method, Object[] arguments)
            throws Throwable {
        try {
            return method.invoke(context, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
