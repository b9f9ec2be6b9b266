package dev.cairn.engine;

/**
 * The stack's journal and state were moved ({@code cairn state migrate}) to another location:
 * the old place is kept only as a pointer, so there are never two live copies. Names the new
 * location so the run can be repeated there.
 */
public class StackMovedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stack;
    private final String movedTo;

    public StackMovedException(String stack, String from, String movedTo) {
        super("stack '" + stack + "' was moved from " + from + " to " + movedTo + "; run with --state " + movedTo);
        this.stack = stack;
        this.movedTo = movedTo;
    }

    public String stack() {
        return stack;
    }

    /** The new location as {@code StateLocation} writes it. */
    public String movedTo() {
        return movedTo;
    }
}
