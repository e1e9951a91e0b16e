package dev.perimeter.jwt.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Internal interceptor binding: {@link PerimeterExtension} adds it to every bean class whose
 * hierarchy carries a security annotation, so that {@link SecurityInterceptor} sees its calls.
 * Not for application use.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Secured {

    final class Literal extends AnnotationLiteral<Secured> implements Secured {
        static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;
    }
}
