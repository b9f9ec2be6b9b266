package dev.cairn.gui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;

/**
 * What the main window needs of a wizard page (after ControlsFX's {@code WizardPane}): which step
 * it is, whether its part of the blueprint holds, and where typing starts when it is shown. The
 * page's resources in the diagram are its step's ({@link WizardStep#resourceSteps()}).
 */
interface StepPage {

    WizardStep step();

    /** The page's layout, as the main window shows it: the page itself, a node. */
    default Node root() {
        return (Node) this;
    }

    /** True while the page's input is valid (the wizard may move on, Apply may run). */
    ObservableBooleanValue validProperty();

    /** The control that gets the focus when the page is shown, or null. */
    Node focusTarget();
}
