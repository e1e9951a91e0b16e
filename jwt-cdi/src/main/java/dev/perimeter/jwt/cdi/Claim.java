package dev.perimeter.jwt.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects one claim of the current token: {@code @Inject @Claim("sub") String subject}. Distinct
 * from MicroProfile JWT's {@code @Claim}, so both can live in one server.
 *
 * <table>
 * <caption>Supported types</caption>
 * <tr><th>Type</th><th>No token</th><th>Claim absent</th></tr>
 * <tr><td>{@code Optional<String>}, {@code Optional<Long>}, {@code Optional<Boolean>}</td>
 *     <td>empty</td><td>empty</td></tr>
 * <tr><td>{@code Set<String>} (an array claim's strings; a string claim as one element)</td>
 *     <td>empty</td><td>empty</td></tr>
 * <tr><td>{@code String}, {@code Long}, {@code Boolean}</td>
 *     <td>{@link NotAuthenticatedException}</td><td>null</td></tr>
 * </table>
 *
 * <p>A claim of another JSON type than asked for answers as {@link NotAuthenticatedException}
 * ({@code invalid_token}). Values are read when the bean is created: inject into request-scoped
 * or dependent beans, or use {@code Instance<…>} for a lookup at call time. Injection into
 * application-, session- or conversation-scoped beans fails deployment.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface Claim {

    /** The claim name; a dotted path ({@code realm_access.roles}) reaches into objects. */
    @Nonbinding
    String value();

    /** An instance of {@link Claim}, for programmatic lookup. */
    final class Literal extends AnnotationLiteral<Claim> implements Claim {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /** {@code @Claim(name)}. */
        public static Literal of(String name) {
            return new Literal(name);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
