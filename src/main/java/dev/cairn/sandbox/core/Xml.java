package dev.cairn.sandbox.core;

/** A minimal streaming XML writer: enough for AWS responses, escaping all text. */
public final class Xml {
    private final StringBuilder out = new StringBuilder(512);
    private final java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();

    /** A new document with its XML declaration. */
    public Xml() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** Opens the root element with a default namespace (null for none). */
    public Xml root(String name, String namespace) {
        out.append('<').append(name);
        if (namespace != null) {
            out.append(" xmlns=\"").append(namespace).append('"');
        }
        out.append('>');
        open.push(name);
        return this;
    }

    /** Opens an element. */
    public Xml start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public Xml end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** A leaf element; skipped entirely when the value is null, as AWS omits absent members. */
    public Xml el(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>');
            escape(String.valueOf(value));
            out.append("</").append(name).append('>');
        }
        return this;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }
}
