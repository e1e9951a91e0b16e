package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The README's excerpt of the example's {@code web.xml} ("Deploying on Tomcat") is the WAR's
 * file: its listener, filters, filter mappings and error pages, element for element, comments
 * and white space aside.
 */
class ExampleReadmeTest {

    private static final Set<String> EXCERPTED = Set.of("listener", "filter", "filter-mapping",
            "error-page");

    @Test
    void theReadmesWebXmlExcerptIsTheWarsWebXml() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("**web.xml.** The WAR's");
        assertTrue(section > 0, "the README's web.xml paragraph");
        int start = readme.indexOf("```xml\n", section) + "```xml\n".length();
        String excerpt = readme.substring(start, readme.indexOf("```", start));
        String webXml = Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml"),
                StandardCharsets.UTF_8);

        List<String> inReadme = excerpted(parse("<web-app>" + excerpt + "</web-app>"));
        List<String> inWar = excerpted(parse(webXml));
        assertEquals(inWar, inReadme);
        assertTrue(inWar.size() >= 7, inWar.toString());
    }

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setIgnoringComments(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
                .getDocumentElement();
    }

    private static List<String> excerpted(Element webApp) {
        List<String> elements = new ArrayList<>();
        for (Node child = webApp.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && EXCERPTED.contains(localName(element))) {
                elements.add(canonical(element));
            }
        }
        return elements;
    }

    /** The element as {@code name(child, …)} or {@code name=text}, text with white space collapsed. */
    private static String canonical(Element element) {
        List<String> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element inner) {
                children.add(canonical(inner));
            } else if (child.getNodeType() == Node.TEXT_NODE) {
                text.append(child.getNodeValue());
            }
        }
        String name = localName(element);
        return children.isEmpty() ? name + "=" + text.toString().trim().replaceAll("\\s+", " ")
                : name + children;
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }
}
