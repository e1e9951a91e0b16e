package dev.perimeter.bench;

import java.util.function.BiPredicate;

/** The {@code --name=value} options of the bench's runs. */
final class CommandLine {

    private CommandLine() {
    }

    /**
     * Hands each option to {@code option}, which answers whether it knows the name.
     *
     * @throws IllegalArgumentException for an argument not of that form or an unknown name
     */
    static void parse(String[] args, BiPredicate<String, String> option) {
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("expected --name=value: " + arg);
            }
            if (!option.test(pair[0], pair[1])) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
    }
}
