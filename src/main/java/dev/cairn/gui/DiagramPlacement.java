package dev.cairn.gui;

/** Where the live topology is shown. */
public enum DiagramPlacement {
    /** Beside the page, as wide as the user made it. */
    DOCKED,
    /** Over the page, the steps and the activity: all of the window below the header. */
    FILL,
    /** In a window of its own (another screen, or beside the app). */
    WINDOW
}
