package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.access.StepUpRequirement;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the constraint of a method by the rules of Jakarta Annotations (JSR-250, "general
 * guidelines for inheritance of annotations"), treating {@code @RolesAllowed},
 * {@code @PermitAll}, {@code @DenyAll} and {@link Authenticated} as one family:
 * <ol>
 * <li>an annotation on the method itself decides;</li>
 * <li>else the annotation on the class that declares the method decides, so a superclass's
 *     annotation covers the methods it declares and that are not overridden;</li>
 * <li>else nothing applies. Annotations on overridden methods and on interfaces are ignored.</li>
 * </ol>
 * {@link StepUp} is resolved the same way, on its own, and added to the constraint found
 * ({@link MethodConstraint#withStepUp}).
 * Results are computed once per method.
 */
@ApplicationScoped
class MethodConstraints {

    /** The family, in the order used in messages. */
    static final List<Class<? extends Annotation>> FAMILY =
            List.of(RolesAllowed.class, PermitAll.class, DenyAll.class, Authenticated.class);

    private final Map<Method, MethodConstraint> cache = new ConcurrentHashMap<>();

    /** The constraint of a method, as invoked (its declaring class is the one that counts). */
    MethodConstraint of(Method method) {
        return cache.computeIfAbsent(method, MethodConstraints::resolve);
    }

    /** The constraint of a method by the rules above, uncached. */
    static MethodConstraint resolve(Method method) {
        StepUpRequirement stepUp = stepUpOn(method);
        if (stepUp == null) {
            stepUp = stepUpOn(method.getDeclaringClass());
        }
        MethodConstraint own = declaredOn(method);
        if (own == null) {
            own = declaredOn(method.getDeclaringClass());
        }
        return (own != null ? own : MethodConstraint.NONE).withStepUp(stepUp);
    }

    /**
     * The step-up stated directly on a class or method, or null.
     *
     * @throws IllegalStateException when its {@code acr} values cannot be named in a challenge,
     *         or it demands nothing
     */
    static StepUpRequirement stepUpOn(AnnotatedElement element) {
        StepUp annotation = element.getDeclaredAnnotation(StepUp.class);
        if (annotation == null) {
            return null;
        }
        try {
            return StepUpRequirement.of(new LinkedHashSet<>(List.of(annotation.acr())),
                    annotation.maxAge() < 0 ? null : Duration.ofSeconds(annotation.maxAge()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(describe(element) + ": @StepUp: " + e.getMessage(), e);
        }
    }

    /** The constraint stated directly on a class or method, or null when it states none. */
    static MethodConstraint declaredOn(AnnotatedElement element) {
        List<Annotation> found = familyOn(element);
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            throw new IllegalStateException(describe(element) + " carries " + found.size()
                    + " of @RolesAllowed, @PermitAll, @DenyAll, @Authenticated; use one");
        }
        Annotation annotation = found.get(0);
        if (annotation instanceof RolesAllowed) {
            return MethodConstraint.rolesAllowed(((RolesAllowed) annotation).value());
        }
        if (annotation instanceof PermitAll) {
            return MethodConstraint.PERMIT_ALL;
        }
        if (annotation instanceof DenyAll) {
            return MethodConstraint.DENY_ALL;
        }
        return MethodConstraint.AUTHENTICATED;
    }

    /** Whether a class or any method it declares carries an annotation of the family. */
    static boolean mentionsFamily(Class<?> type) {
        if (!familyOn(type).isEmpty() || type.isAnnotationPresent(StepUp.class)) {
            return true;
        }
        for (Method method : type.getDeclaredMethods()) {
            if (!familyOn(method).isEmpty() || method.isAnnotationPresent(StepUp.class)) {
                return true;
            }
        }
        return false;
    }

    private static List<Annotation> familyOn(AnnotatedElement element) {
        List<Annotation> found = new ArrayList<>(1);
        for (Class<? extends Annotation> type : FAMILY) {
            Annotation annotation = element.getDeclaredAnnotation(type);
            if (annotation != null) {
                found.add(annotation);
            }
        }
        return found;
    }

    private static String describe(AnnotatedElement element) {
        if (element instanceof Method) {
            Method method = (Method) element;
            return method.getDeclaringClass().getName() + "." + method.getName() + "()";
        }
        return ((Class<?>) element).getName();
    }
}
