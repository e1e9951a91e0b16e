package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ConversationScoped;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessSyntheticAnnotatedType;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The portable extension behind jwt-cdi, found through {@code META-INF/services}; the jar has no
 * {@code beans.xml} and the application edits none. It
 * <ul>
 * <li>registers Perimeter's beans and its interceptor (enabled by {@code @Priority});</li>
 * <li>binds the interceptor to every bean class whose class hierarchy carries
 *     {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}, {@link Authenticated} or
 *     {@link StepUp}, on the class or on a method;</li>
 * <li>leaves Enterprise Beans alone, whose container enforces these annotations itself;</li>
 * <li>fails deployment for two annotations of the family on one class or method, for annotations
 *     on an interface (never enforced there), and for the token or a claim injected directly
 *     into a bean that outlives a request.</li>
 * </ul>
 */
public class PerimeterExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(PerimeterExtension.class.getName());

    private static final List<Class<?>> BEANS = List.of(MethodConstraints.class, CurrentJwt.class,
            RequestJwt.class, TokenProducers.class, ClaimProducers.class, SecurityInterceptor.class,
            PerimeterMonitor.class);
    private static final String SERVLET_REQUEST = "jakarta.servlet.http.HttpServletRequest";
    private static final String SERVLET_REQUEST_JWT = "dev.perimeter.jwt.cdi.ServletRequestJwt";
    private static final Set<String> ENTERPRISE_BEANS = Set.of("jakarta.ejb.Stateless",
            "jakarta.ejb.Stateful", "jakarta.ejb.Singleton", "jakarta.ejb.MessageDriven");
    private static final Set<Class<? extends Annotation>> LONG_LIVED_SCOPES = Set.of(
            ApplicationScoped.class, SessionScoped.class, ConversationScoped.class,
            Singleton.class);

    private final List<String> problems = new ArrayList<>();
    private int protectedClasses;

    void registerBeans(@Observes BeforeBeanDiscovery event, BeanManager manager) {
        List<Class<?>> beans = new ArrayList<>(BEANS);
        if (isLoadable(SERVLET_REQUEST)) {
            beans.add(servletRequestJwt());
        }
        for (Class<?> bean : beans) {
            event.addAnnotatedType(manager.createAnnotatedType(bean), bean.getName());
        }
    }

    <T> void bindSecuredTypes(@Observes ProcessAnnotatedType<T> event) {
        Class<T> type = event.getAnnotatedType().getJavaClass();
        if (isOwnBean(type)) {
            if (!(event instanceof ProcessSyntheticAnnotatedType)) {
                event.veto(); // the jar was also scanned as a bean archive: keep one registration
            }
            return;
        }
        if (type.isInterface() || type.isAnnotation()) {
            return;
        }
        refuseInterfaceAnnotations(type);
        if (!mentionsFamily(type)) {
            return;
        }
        if (isEnterpriseBean(type)) {
            LOG.fine(() -> "Perimeter: " + type.getName()
                    + " is an Enterprise Bean; its container enforces its security annotations");
            return;
        }
        if (validate(type)) {
            event.configureAnnotatedType().add(Secured.Literal.INSTANCE);
            protectedClasses++;
        }
    }

    void refuseLongLivedTokenInjection(@Observes ProcessBean<?> event) {
        Class<? extends Annotation> scope = event.getBean().getScope();
        if (!LONG_LIVED_SCOPES.contains(scope)) {
            return;
        }
        for (InjectionPoint point : event.getBean().getInjectionPoints()) {
            if (readsTokenOnce(point)) {
                problems.add("Perimeter: " + point + " in a @" + scope.getSimpleName()
                        + " bean would keep the first caller's token for every later caller;"
                        + " inject CurrentJwt, or Instance<…> and call get() per use");
            }
        }
    }

    void reportProblems(@Observes AfterBeanDiscovery event) {
        for (String problem : problems) {
            event.addDefinitionError(new DefinitionException(problem));
        }
    }

    void summarize(@Observes AfterDeploymentValidation event) {
        LOG.info("Perimeter: security annotations enforced on " + protectedClasses
                + " bean class(es)");
    }

    /** A token or claim injected by value: read once, when the bean is created. */
    private static boolean readsTokenOnce(InjectionPoint point) {
        Type type = point.getType();
        if (type instanceof ParameterizedType) {
            Type raw = ((ParameterizedType) type).getRawType();
            if (raw == Instance.class || raw == Provider.class) {
                return false;
            }
        }
        for (Annotation qualifier : point.getQualifiers()) {
            if (qualifier instanceof Claim) {
                return true;
            }
        }
        if (type == Jwt.class) {
            return true;
        }
        return type instanceof ParameterizedType
                && ((ParameterizedType) type).getRawType() == Optional.class
                && ((ParameterizedType) type).getActualTypeArguments()[0] == Jwt.class;
    }

    /**
     * By the Jakarta Annotations rules an interface never contributes security annotations, while
     * some frameworks honour them there; rather than leave a method silently open, deployment
     * fails and names the interface.
     */
    private void refuseInterfaceAnnotations(Class<?> type) {
        try {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Class<?> face : c.getInterfaces()) {
                    refuseOnInterface(type, face);
                }
            }
        } catch (LinkageError e) {
            // as in mentionsFamily: such a class cannot become a bean anyway
        }
    }

    private void refuseOnInterface(Class<?> type, Class<?> face) {
        if (MethodConstraints.mentionsFamily(face)) {
            problems.add("Perimeter: " + face.getName() + ", implemented by " + type.getName()
                    + ", carries @RolesAllowed, @PermitAll, @DenyAll or @Authenticated, which"
                    + " are not enforced on interfaces; annotate the class or its methods");
        }
        for (Class<?> parent : face.getInterfaces()) {
            refuseOnInterface(type, parent);
        }
    }

    private boolean validate(Class<?> type) {
        boolean valid = true;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                MethodConstraints.declaredOn(c);
                MethodConstraints.stepUpOn(c);
                for (Method method : c.getDeclaredMethods()) {
                    MethodConstraints.declaredOn(method);
                    MethodConstraints.stepUpOn(method);
                }
            } catch (IllegalStateException e) {
                problems.add("Perimeter: " + e.getMessage());
                valid = false;
            }
        }
        return valid;
    }

    private static boolean mentionsFamily(Class<?> type) {
        try {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                if (MethodConstraints.mentionsFamily(c)) {
                    return true;
                }
            }
            return false;
        } catch (LinkageError e) {
            return false; // a class whose methods name missing classes cannot become a bean anyway
        }
    }

    private static boolean isEnterpriseBean(Class<?> type) {
        for (Annotation annotation : type.getAnnotations()) {
            if (ENTERPRISE_BEANS.contains(annotation.annotationType().getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOwnBean(Class<?> type) {
        // by name: the class literal of ServletRequestJwt is not touched without the Servlet API
        return BEANS.contains(type) || type.getName().equals(SERVLET_REQUEST_JWT);
    }

    private static Class<?> servletRequestJwt() {
        return ServletRequestJwt.class;
    }

    private static boolean isLoadable(String className) {
        try {
            Class.forName(className, false, PerimeterExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
