package dev.cairn.model;

/**
 * The state of one resource during a run, with one fixed label each: the same words in the GUI,
 * the CLI and the journal (after libnuke's item states).
 */
public enum ItemStatus {
    NEW("new"),
    WAITING("waiting on dependencies"),
    CREATING("creating"),
    READY("ready"),
    /** Being changed in place: its ID stays. */
    UPDATING("updating"),
    DELETING("deleting"),
    DELETED("deleted"),
    FAILED("failed"),
    SKIPPED("skipped");

    private final String label;

    ItemStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
