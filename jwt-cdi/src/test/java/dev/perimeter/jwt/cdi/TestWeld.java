package dev.perimeter.jwt.cdi;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.junit5.WeldInitiator;

/**
 * Weld SE for tests: a synthetic archive of the given bean classes plus Perimeter's extension.
 * (Weld SE loads extensions from {@code META-INF/services} only with discovery on; tests keep
 * discovery off to control the beans, so they add the extension as an application's discovery
 * would.)
 */
final class TestWeld {

    private TestWeld() {
    }

    static Weld weld(Class<?>... beanClasses) {
        return WeldInitiator.createWeld().addExtension(new PerimeterExtension())
                .addBeanClasses(beanClasses);
    }

    static WeldInitiator.Builder initiator(Class<?>... beanClasses) {
        return WeldInitiator.from(weld(beanClasses));
    }
}
