package dev.cairn.sandbox.core;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reading a parsed rest-xml request body (S3's, Route 53's): child elements by local name, so a
 * document with or without the service's namespace reads the same.
 */
public final class XmlElements {

    private XmlElements() {}

    /**
     * Parses an untrusted request body with the JDK's DOM parser, namespace-aware: DTDs and
     * external entities are refused, so a body can neither read files nor expand without bound.
     *
     * @throws Exception when it is not well-formed XML (each service words its own error)
     */
    public static Element parseUntrusted(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    /** An element's local name, or its name when it was parsed without namespaces. */
    public static String name(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    /** The first child element of that name, or null. */
    public static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(name(n))) {
                return (Element) n;
            }
        }
        return null;
    }

    /** Every child element of that name, in order. */
    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(name(n))) {
                    out.add((Element) n);
                }
            }
        }
        return out;
    }

    /** The text of the first child element of that name, or null when there is none. */
    public static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }
}
