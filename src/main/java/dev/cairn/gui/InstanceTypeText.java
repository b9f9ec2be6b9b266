package dev.cairn.gui;

import dev.cairn.model.InstanceTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An instance type name taken apart in the page's language. The parts' descriptions come from
 * the bundles ({@code itype.*}), one key per family, attribute letter and size that
 * {@link InstanceTypeName} describes; the model's English sentences stay for the command line.
 */
final class InstanceTypeText {

    private InstanceTypeText() {}

    static String explain(Messages m, InstanceTypeName t) {
        String attrs = t.attributes().isEmpty() ? m.i18n("access.type.noAttributes")
                : m.i18n("access.type.attributes", t.attributes(), String.join(", ", attributes(m, t)));
        return m.i18n("access.type.explain", t.family(), family(m, t), t.generation(), attrs, t.size(), size(m, t));
    }

    static String family(Messages m, InstanceTypeName t) {
        return InstanceTypeName.describedFamilies().contains(t.family()) ? m.i18n(familyKey(t.family()))
                : m.i18n("itype.family.unknown", t.family());
    }

    static List<String> attributes(Messages m, InstanceTypeName t) {
        List<String> out = new ArrayList<>();
        for (char c : t.attributeLetters().toCharArray()) {
            out.add(InstanceTypeName.describedAttributes().contains(c) ? m.i18n(attributeKey(c))
                    : m.i18n("itype.attr.unknown", String.valueOf(c)));
        }
        if (t.flex()) {
            out.add(m.i18n("itype.attr.flex"));
        }
        return out;
    }

    static String size(Messages m, InstanceTypeName t) {
        String size = t.size();
        if (InstanceTypeName.describedSizes().contains(size)) {
            return m.i18n(sizeKey(size));
        }
        if (size.endsWith("xlarge")) {
            return m.i18n("itype.size.times", size.substring(0, size.length() - "xlarge".length()));
        }
        return size.startsWith("metal") ? m.i18n(sizeKey("metal")) : size;
    }

    static String familyKey(String family) {
        return "itype.family." + family;
    }

    static String attributeKey(char letter) {
        return "itype.attr." + letter;
    }

    static String sizeKey(String size) {
        return "itype.size." + size.toLowerCase(Locale.ROOT);
    }
}
