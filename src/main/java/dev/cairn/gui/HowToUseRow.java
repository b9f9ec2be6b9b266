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
 * Copy button, and its note when it has one. The Access and Web tier pages show their steps so,
 * the Storage page its bucket's URLs.
 */
final class HowToUseRow {

    private HowToUseRow() {}

    static Node of(Messages m, HowToUse.Step step) {
        String way = step.way().key();
        return line(m, m.i18n(way), step.command(),
                step.way().note().isEmpty() ? null : m.i18n(way + ".note", step.noteArgs().toArray()));
    }

    /** A captioned line to copy (a command, a URL), with its note under it when {@code note} is not null. */
    static VBox line(Messages m, String captionText, String command, String note) {
        Label caption = new Label(captionText);
        caption.getStyleClass().add("strong");
        caption.setWrapText(true);
        TextField text = new TextField(command);
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
        if (note != null) {
            Label hint = new Label(note);
            hint.setWrapText(true);
            hint.getStyleClass().add("hint");
            entry.getChildren().add(hint);
        }
        return entry;
    }
}
