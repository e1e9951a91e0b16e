package dev.perimeter.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A copy of a WAR whose {@code web.xml} carries context-params of a test's choosing: how one
 * container holds the example twice, once per mode, each deployment with its own settings
 * ({@code perimeter.jwt.authentication}, {@code perimeter.example.data-dir}, …), since a system
 * property would set them for the whole server. Context-params are read by every container alike.
 */
public final class ExampleWars {

    private static final String WEB_XML = "WEB-INF/web.xml";

    private ExampleWars() {
    }

    /**
     * Writes {@code war} to {@code copy} with {@code contextParameters} added to its
     * {@code web.xml}, right after the opening {@code <web-app>} tag.
     *
     * @return {@code copy}
     */
    public static Path withContextParameters(Path war, Path copy, Map<String, String> contextParameters) {
        try {
            Files.createDirectories(copy.getParent());
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war));
                    ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
                boolean found = false;
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    if (entry.getName().equals(WEB_XML)) {
                        found = true;
                        String webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        out.write(withParameters(webXml, contextParameters).getBytes(StandardCharsets.UTF_8));
                    } else {
                        copy(in, out);
                    }
                    out.closeEntry();
                }
                if (!found) {
                    throw new IllegalStateException(war + " has no " + WEB_XML);
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String withParameters(String webXml, Map<String, String> contextParameters) {
        int open = webXml.indexOf("<web-app");
        int end = open < 0 ? -1 : webXml.indexOf('>', open);
        if (end < 0) {
            throw new IllegalStateException("no <web-app> element in web.xml");
        }
        StringBuilder parameters = new StringBuilder();
        contextParameters.forEach((name, value) -> parameters.append("\n  <context-param><param-name>")
                .append(escape(name)).append("</param-name><param-value>").append(escape(value))
                .append("</param-value></context-param>"));
        return webXml.substring(0, end + 1) + parameters + webXml.substring(end + 1);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
