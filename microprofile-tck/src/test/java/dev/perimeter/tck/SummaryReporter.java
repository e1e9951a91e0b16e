package dev.perimeter.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.testng.IReporter;
import org.testng.ISuite;
import org.testng.ISuiteResult;
import org.testng.ITestContext;
import org.testng.ITestResult;
import org.testng.xml.XmlSuite;

/**
 * Writes the run's TestNG figures to {@code tck.summary} (target/tck-summary.txt): total, passed,
 * failed, skipped, the tests {@link ExcludedTests} disabled, and one line per failed or skipped
 * test and failed configuration method with the first line of its cause.
 */
public final class SummaryReporter implements IReporter {

    @Override
    public void generateReport(List<XmlSuite> xmlSuites, List<ISuite> suites, String outputDirectory) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        List<String> details = new ArrayList<>();
        for (ISuite suite : suites) {
            for (ISuiteResult result : suite.getResults().values()) {
                ITestContext context = result.getTestContext();
                passed += context.getPassedTests().size();
                failed += context.getFailedTests().size() + context.getFailedButWithinSuccessPercentageTests().size();
                skipped += context.getSkippedTests().size();
                details.addAll(lines("FAILED ", context.getFailedTests().getAllResults()));
                details.addAll(lines("SKIPPED ", context.getSkippedTests().getAllResults()));
                details.addAll(lines("CONFIGURATION FAILED ", context.getFailedConfigurations().getAllResults()));
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("MicroProfile JWT 2.1 TCK, ")
                .append(suites.isEmpty() ? "no suite" : suites.get(0).getName())
                .append(", on ").append(Path.of(TckSettings.required("tck.tomcat.home")).getFileName()).append('\n');
        text.append("TCK summary: total=").append(passed + failed + skipped)
                .append(", passed=").append(passed)
                .append(", failed=").append(failed)
                .append(", skipped=").append(skipped)
                .append(", excluded (excluded-tests.md)=").append(ExcludedTests.disabled().size()).append('\n');
        new TreeSet<>(ExcludedTests.disabled()).forEach(name -> text.append("EXCLUDED ").append(name).append('\n'));
        details.forEach(line -> text.append(line).append('\n'));
        Path file = Path.of(TckSettings.required("tck.summary"));
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.print(text);
    }

    private static List<String> lines(String prefix, Collection<ITestResult> results) {
        return results.stream()
                .sorted(Comparator.comparing(SummaryReporter::name))
                .map(result -> prefix + name(result) + ": " + firstLine(result.getThrowable()))
                .toList();
    }

    private static String name(ITestResult result) {
        return result.getTestClass().getName() + "#" + result.getMethod().getMethodName();
    }

    private static String firstLine(Throwable cause) {
        if (cause == null) {
            return "(no cause)";
        }
        String message = cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
