package dev.perimeter.jwt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the parameter table of {@code docs/configuration.md} equal to {@link Parameters}: the
 * same parameters in the same order, their defaults, and the ranges of numbers and seconds.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("../docs/configuration.md");
    private static final String HEADER = "| Parameter | Default | Meaning |";
    private static final String NONE = "–";

    /** One row of the parameter table. */
    private record Row(String defaultValue, String meaning) {
    }

    /** The rows of the one parameter table: name to default (null for none), in order. */
    private static Map<String, String> documentedParameters() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        documentedRows().forEach((name, row) -> defaults.put(name, row.defaultValue()));
        return defaults;
    }

    /** The rows of the one parameter table by name, in order. */
    private static Map<String, Row> documentedRows() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, DOC + " has no line " + HEADER);
        assertEquals(header, lines.lastIndexOf(HEADER), "more than one parameter table");
        assertTrue(lines.get(header + 1).matches("\\|(\\s*:?-+:?\\s*\\|){3}"),
                "no separator row under the header: " + lines.get(header + 1));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            List<String> cells = cells(line);
            assertEquals(3, cells.size(), "not three cells: " + line);
            String name = code(cells.get(0), line);
            String documentedDefault = cells.get(1).equals(NONE) ? null : code(cells.get(1), line);
            assertTrue(!cells.get(2).isBlank(), "no meaning for " + name);
            assertEquals(null, rows.put(name, new Row(documentedDefault, cells.get(2))),
                    name + " is listed twice");
        }
        return rows;
    }

    /** The cells of a table row, trimmed; {@code \|} is a pipe inside a cell. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    /** The text inside a cell that is exactly one code span. */
    private static String code(String cell, String line) {
        assertTrue(cell.length() > 2 && cell.startsWith("`") && cell.endsWith("`")
                && cell.indexOf('`', 1) == cell.length() - 1,
                "expected `code` or " + NONE + ", got '" + cell + "' in: " + line);
        return cell.substring(1, cell.length() - 1);
    }

    @Test
    void theDocumentedParametersAreExactlyThoseOfTheCodeInTheSameOrder() throws IOException {
        Map<String, String> documented = documentedParameters();
        assertEquals(List.copyOf(Parameters.DEFAULTS.keySet()), List.copyOf(documented.keySet()));
    }

    @Test
    void theDocumentedDefaultsAreThoseOfTheCode() throws IOException {
        Map<String, String> documented = documentedParameters();
        for (Map.Entry<String, String> parameter : Parameters.DEFAULTS.entrySet()) {
            assertEquals(parameter.getValue(), documented.get(parameter.getKey()),
                    "default of " + parameter.getKey());
        }
        assertEquals(Parameters.DEFAULTS, documented);
    }

    @Test
    void theDocumentedParametersAreTheDescriptorsInTheirOrder() throws IOException {
        List<String> declared = new ArrayList<>();
        for (Parameter<?> parameter : Parameters.ALL) {
            declared.add(parameter.name());
        }
        assertEquals(declared, List.copyOf(documentedRows().keySet()));
    }

    @Test
    void theDocumentedDefaultsAreThoseOfTheDescriptors() throws IOException {
        Map<String, Row> rows = documentedRows();
        for (Parameter<?> parameter : Parameters.ALL) {
            assertEquals(parameter.defaultValue(), rows.get(parameter.name()).defaultValue(),
                    "default of " + parameter);
            assertEquals(parameter.defaultValue(), Parameters.DEFAULTS.get(parameter.name()),
                    "Parameters.DEFAULTS of " + parameter);
        }
    }

    /** Numbers and seconds: the row says "a whole number from <min> to <max>". */
    @Test
    void eachRangedParameterStatesTheRangeOfItsDescriptor() throws IOException {
        Map<String, Row> rows = documentedRows();
        int ranged = 0;
        for (Parameter<?> parameter : Parameters.ALL) {
            assertEquals(parameter.min().isPresent(), parameter.max().isPresent(),
                    parameter + " has half a range");
            if (parameter.min().isPresent()) {
                ranged++;
                String range = "whole number from " + parameter.min().getAsLong() + " to "
                        + parameter.max().getAsLong();
                String meaning = rows.get(parameter.name()).meaning();
                assertTrue(meaning.contains(range),
                        "the row of " + parameter + " does not say '" + range + "': " + meaning);
            }
        }
        assertTrue(ranged > 0, "no parameter has a range");
    }

    @Test
    void everyDescriptorHasOneLineOfDocumentation() {
        for (Parameter<?> parameter : Parameters.ALL) {
            String description = parameter.description();
            assertTrue(description != null && !description.isBlank()
                    && description.indexOf('\n') < 0 && description.endsWith("."),
                    parameter + ": '" + description + "'");
        }
    }
}
