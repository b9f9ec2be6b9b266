package dev.cairn.sandbox.route53;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.XmlElements;
import org.w3c.dom.Element;

/**
 * A restXml request body read with the JDK's DOM parser: elements by local name, so a client's
 * namespace prefix does not matter. DTDs and external entities are refused (the body is
 * untrusted input).
 */
final class XmlBody {
    private final Element root;

    private XmlBody(Element root) {
        this.root = root;
    }

    /** The body's root element; {@code InvalidInput} when it is not XML or not the expected document. */
    static XmlBody parse(String text, String expectedRoot) {
        try {
            Element root = XmlElements.parseUntrusted(text);
            if (!expectedRoot.equals(XmlElements.name(root))) {
                throw new AwsException("InvalidInput", "Invalid XML ; expected the root element " + expectedRoot
                        + ", found " + XmlElements.name(root));
            }
            return new XmlBody(root);
        } catch (AwsException e) {
            throw e;
        } catch (Exception e) {
            throw new AwsException("InvalidInput", "Invalid XML ; " + e.getMessage());
        }
    }

    Element root() {
        return root;
    }
}
