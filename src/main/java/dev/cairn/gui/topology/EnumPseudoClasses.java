package dev.cairn.gui.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import javafx.css.PseudoClass;
import javafx.scene.Node;

/**
 * One CSS pseudo-class per constant of an enum, of which a node has exactly one on: how the
 * diagram's boxes, the activity list's state cells and the step badges show a status. A
 * pseudo-class, not a style class, because flipping one re-uses the selectors the node already
 * matched, where a style-class change makes JavaFX match them again (issue #14: 108 boxes at a
 * teardown's end took about 27 ms of CSS in one frame). Here rather than in {@code gui} because
 * the diagram uses it and {@code gui} already depends on this package, not the other way.
 */
public final class EnumPseudoClasses<E extends Enum<E>> {

    private final Map<E, PseudoClass> states;

    /** {@code name} gives each constant's pseudo-class name ({@code status-ready}). */
    public EnumPseudoClasses(Class<E> type, Function<E, String> name) {
        states = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            states.put(e, PseudoClass.getPseudoClass(name.apply(e)));
        }
    }

    public PseudoClass of(E constant) {
        return states.get(constant);
    }

    /**
     * Turns {@code now}'s pseudo-class on and every other constant's off ({@code null}: all off).
     * JavaFX does nothing for a state that does not change, so the unchanged ones cost no CSS.
     */
    public void set(Node node, E now) {
        for (Map.Entry<E, PseudoClass> e : states.entrySet()) {
            node.pseudoClassStateChanged(e.getValue(), e.getKey() == now);
        }
    }
}
