package dev.perimeter.jwt.microprofile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.annotation.Annotation;
import java.lang.reflect.Member;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.Claim;

/**
 * MicroProfile JWT's CDI injection on Perimeter, found through {@code META-INF/services}: registers
 * the request's {@code JsonWebToken} and the {@code @Claim} producers, and fails deployment (as
 * MicroProfile JWT 2.1 section 7.1.2 requires) for a {@code @Claim} whose {@code value} and
 * {@code standard} disagree, for a type a claim cannot be injected as, and for a claim value
 * fixed at injection (a raw, {@code Optional} or JSON-P type) in an application- or
 * session-scoped bean, where it would keep the first request's value. {@code ClaimValue},
 * {@code Provider} and {@code Instance} read the current request's token and may go anywhere.
 *
 * <p>Also registers the caller {@code Principal} bean, which a servlet container's CDI (Weld
 * Servlet) lacks and Jakarta EE's has built in (the TCK's {@code PrincipalInjectionEndpoint}
 * injects it): the request's {@code JsonWebToken}; unless the application has a
 * {@code Principal} bean of its own.
 *
 * <p>Registers nothing when the container has its own implementation
 * ({@link ContainerMicroProfileJwt}).
 */
public class MicroProfileJwtExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(MicroProfileJwtExtension.class.getName());

    private final List<String> problems = new ArrayList<>();
    private boolean standingDown;
    private boolean applicationPrincipal;

    void registerBeans(@Observes BeforeBeanDiscovery discovery, BeanManager beanManager) {
        Optional<String> container = containerImplementation();
        if (container.isPresent()) {
            standingDown = true;
            LOG.info("The container has its own MicroProfile JWT (" + container.get()
                    + "): Perimeter's jwt-microprofile registers no JsonWebToken or @Claim beans");
            return;
        }
        String prefix = MicroProfileJwtExtension.class.getName() + ".";
        discovery.addAnnotatedType(CurrentJsonWebToken.class, prefix + "CurrentJsonWebToken");
        discovery.addAnnotatedType(ClaimProducers.class, prefix + "ClaimProducers");
    }

    /** Whether the extension stood down for the container's own implementation. */
    public boolean standingDown() {
        return standingDown;
    }

    void checkClaimInjection(@Observes ProcessInjectionPoint<?, ?> event, BeanManager beanManager) {
        if (standingDown) {
            return;
        }
        InjectionPoint injectionPoint = event.getInjectionPoint();
        Claim claim = ClaimName.in(injectionPoint.getQualifiers());
        if (claim == null) {
            return;
        }
        String where = describe(injectionPoint);
        try {
            ClaimName.of(claim);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage() + " at " + where);
            return;
        }
        ClaimInjection shape = ClaimInjection.of(injectionPoint.getType());
        if (shape == null) {
            problems.add("a claim cannot be injected as " + injectionPoint.getType().getTypeName()
                    + " at " + where + "; use String, Long, Boolean, Double, Set<String>, a JSON-P"
                    + " type, or Optional, ClaimValue, Provider or Instance of one");
            return;
        }
        Bean<?> bean = injectionPoint.getBean();
        if (!shape.fixedAtInjection() || bean == null) {
            return;
        }
        Class<? extends Annotation> scope = bean.getScope();
        if (scope == ApplicationScoped.class || scope == SessionScoped.class) {
            problems.add("a claim injected as " + injectionPoint.getType().getTypeName() + " at "
                    + where + " would keep the first request's value in a @" + scope.getSimpleName()
                    + " bean; inject ClaimValue<...> or Provider<...> instead");
        } else if (scope != RequestScoped.class && beanManager.isNormalScope(scope)) {
            // The specification asks for a warning here. Dependent beans get none: most are
            // JAX-RS resources that live for one request.
            LOG.warning("A claim injected as " + injectionPoint.getType().getTypeName() + " at "
                    + where + " is fixed for the life of a @" + scope.getSimpleName()
                    + " bean; ClaimValue<...> or Provider<...> follow the current request");
        }
    }

    void noticePrincipal(@Observes ProcessBean<?> event) {
        Bean<?> bean = event.getBean();
        if (bean.getTypes().contains(Principal.class)
                && bean.getQualifiers().contains(Default.Literal.INSTANCE)) {
            applicationPrincipal = true;
        }
    }

    void registerPrincipal(@Observes AfterBeanDiscovery discovery) {
        if (standingDown || applicationPrincipal) {
            return;
        }
        discovery.<Principal>addBean()
                .beanClass(ServletRequestPrincipal.class)
                .types(Principal.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
                .scope(RequestScoped.class)
                .produceWith(lookup -> ServletRequestPrincipal.caller(
                        lookup.select(HttpServletRequest.class)));
    }

    void reportProblems(@Observes AfterDeploymentValidation validation) {
        for (String problem : problems) {
            validation.addDeploymentProblem(new DeploymentException(problem));
        }
    }

    private static Optional<String> containerImplementation() {
        Optional<String> found = ContainerMicroProfileJwt.implementation(
                Thread.currentThread().getContextClassLoader());
        return found.isPresent() ? found
                : ContainerMicroProfileJwt.implementation(MicroProfileJwtExtension.class.getClassLoader());
    }

    private static String describe(InjectionPoint injectionPoint) {
        Member member = injectionPoint.getMember();
        return member == null ? String.valueOf(injectionPoint)
                : member.getDeclaringClass().getName() + "." + member.getName();
    }
}
