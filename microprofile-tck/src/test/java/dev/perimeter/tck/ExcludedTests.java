package dev.perimeter.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testng.IAnnotationTransformer;
import org.testng.annotations.ITestAnnotation;

/**
 * Disables the TCK tests that {@code excluded-tests.md} lists (system property
 * {@code tck.excluded.tests}): each row of its table that starts with a class name, or
 * {@code Class#method}, in backquotes. The reasons stay in that file, beside the names, and
 * nowhere else.
 */
public final class ExcludedTests implements IAnnotationTransformer {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([\\w.$]+)(?:#(\\w+))?`\\s*\\|");

    private static final Set<String> EXCLUDED = read(Path.of(TckSettings.required("tck.excluded.tests")));

    private static final Set<String> DISABLED = new LinkedHashSet<>();

    @Override
    @SuppressWarnings("rawtypes")
    public void transform(ITestAnnotation annotation, Class testClass, Constructor testConstructor, Method testMethod) {
        if (testMethod == null) {
            return;
        }
        String className = testMethod.getDeclaringClass().getName();
        String methodName = className + "#" + testMethod.getName();
        if (EXCLUDED.contains(className) || EXCLUDED.contains(methodName)) {
            annotation.setEnabled(false);
            synchronized (DISABLED) {
                DISABLED.add(methodName);
            }
        }
    }

    /** The test methods disabled so far, as {@code Class#method}. */
    static Set<String> disabled() {
        synchronized (DISABLED) {
            return Set.copyOf(DISABLED);
        }
    }

    private static Set<String> read(Path file) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    names.add(row.group(2) == null ? row.group(1) : row.group(1) + "#" + row.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Set.copyOf(names);
    }
}
