package dev.perimeter.it.containers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The threads of a container's JVM, seen from outside with the JDK's {@code jcmd} (the build's
 * JDK, which the Tomcat nodes run on), each call and its output appended to a log.
 */
public final class JvmThreads {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    /** A thread's line in {@code Thread.print}: {@code "name" #12 daemon prio=5 …}. */
    private static final Pattern THREAD = Pattern.compile("^\"(.*)\" #\\d+", Pattern.MULTILINE);

    private JvmThreads() {
    }

    /** The names of the threads that run in the JVM {@code pid} now. */
    public static List<String> names(long pid, Path log) {
        String dump = jcmd(pid, "Thread.print", log);
        Matcher matcher = THREAD.matcher(dump);
        return matcher.results().map(result -> result.group(1)).toList();
    }

    /** Has the JVM {@code pid} collect its garbage ({@code System.gc()}). */
    public static void collectGarbage(long pid, Path log) {
        jcmd(pid, "GC.run", log);
    }

    private static String jcmd(long pid, String command, Path log) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        return Commands.run(List.of(jcmd, Long.toString(pid), command), Map.of(), log, LIMIT);
    }
}
