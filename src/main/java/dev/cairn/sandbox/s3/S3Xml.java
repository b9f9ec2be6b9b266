package dev.cairn.sandbox.s3;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.XmlElements;
import org.w3c.dom.Element;

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
            Element root = XmlElements.parseUntrusted(text);
            if (!expectedRoot.equals(XmlElements.name(root))) {
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
}
