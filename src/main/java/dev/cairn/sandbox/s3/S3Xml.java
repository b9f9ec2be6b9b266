package dev.cairn.sandbox.s3;

import dev.cairn.sandbox.core.AwsException;
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
 * An S3 request body (a configuration document, a DeleteObjects list) read with the JDK's DOM parser: elements by local name, so a client's
 * namespace prefix does not matter. DTDs and external entities are refused (the body is
 * untrusted input). A body that is not the document expected is S3's {@code MalformedXML}.
 */
final class S3Xml {
    private final Element root;

    private S3Xml(Element root) {
        this.root = root;
    }

    /** The body's root element; {@code InvalidInput} when it is not XML or not the expected document. */
    static S3Xml parse(String text, String expectedRoot) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Element root = builder.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
            if (!expectedRoot.equals(name(root))) {
                throw malformed();
            }
            return new S3Xml(root);
        } catch (AwsException e) {
            throw e;
        } catch (Exception e) {
            throw malformed();
        }
    }

    /** S3's answer to a body it cannot read or whose document is not the expected one. */
    static AwsException malformed() {
        return new AwsException("MalformedXML", "The XML you provided was not well-formed or did not validate against "
                + "our published schema");
    }

    Element root() {
        return root;
    }

    private static String name(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    /** The first child element of that name, or null. */
    static Element child(Element parent, String name) {
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
    static List<Element> children(Element parent, String name) {
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
    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }
}
