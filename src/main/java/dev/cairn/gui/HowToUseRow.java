package dev.cairn.gui;

import dev.cairn.app.HowToUse;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One line of a page's How-to-use box: the way's caption, the command (or URL) read-only with a
 * Copy button, and its note when it has one. The Access and Web tier pages show their steps so.
 */
final class HowToUseRow {

    private HowToUseRow() {}

    static Node of(Messages m, HowToUse.Step step) {
        String way = step.way().key();
        Label caption = new Label(m.i18n(way));
        caption.getStyleClass().add("strong");
        TextField text = new TextField(step.command());
        text.setEditable(false);
        text.getStyleClass().add("command-line");
        Button copy = new Button(m.i18n("access.howTo.copy"));
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox row = new HBox(6, text, copy);
        HBox.setHgrow(text, Priority.ALWAYS);
        VBox entry = new VBox(2, caption, row);
        if (!step.way().note().isEmpty()) {
            Label hint = new Label(m.i18n(way + ".note", step.noteArgs().toArray()));
            hint.setWrapText(true);
            hint.getStyleClass().add("hint");
            entry.getChildren().add(hint);
        }
        return entry;
    }
}
