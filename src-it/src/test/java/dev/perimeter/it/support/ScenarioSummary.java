package dev.perimeter.it.support;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Writes a {@link SummaryLog} line for every test of a {@link ContainerUnderTest}: its container,
 * its {@link Scenario} name, PASS, FAIL or ABORTED, and how long it took.
 */
public final class ScenarioSummary implements BeforeTestExecutionCallback, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ScenarioSummary.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).put(context.getUniqueId(), System.nanoTime());
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, "PASS");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, "FAIL");
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, "ABORTED");
    }

    private static void record(ExtensionContext context, String outcome) {
        Long start = context.getStore(NAMESPACE).get(context.getUniqueId(), Long.class);
        Duration took = start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
        String container = context.getTestInstance()
                .filter(ContainerUnderTest.class::isInstance)
                .map(instance -> ((ContainerUnderTest) instance).containerName())
                .orElse(context.getRequiredTestClass().getSimpleName());
        SummaryLog.outcome(container, scenario(context.getTestMethod()), outcome, took);
    }

    private static String scenario(Optional<Method> method) {
        return method.map(m -> m.isAnnotationPresent(Scenario.class)
                ? m.getAnnotation(Scenario.class).value() : m.getName()).orElse("?");
    }
}
