package dev.cairn.gui;

import java.io.File;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The files the step writes for the repository, read-only, one tab each, with Copy (the shown
 * file to the clipboard) and Save… (a file chooser, then the view model writes it). Empty while
 * the form is invalid: it says so instead of showing stale files.
 */
final class GeneratedFilesPane extends VBox {

    /** One file: its path in the repository and its text. */
    record GeneratedFile(String name, String text) {}

    private final TabPane tabs = new TabPane();
    private final Label empty;

    /**
     * @param save writes a file's text to a chosen path (on a background task) and says how it went
     */
    GeneratedFilesPane(Messages m, ObservableList<GeneratedFile> files, BiConsumer<GeneratedFile, Path> save) {
        super(6);
        getStyleClass().add("file-viewer");
        tabs.setId("generatedFiles");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefHeight(300);
        empty = new Label(m.i18n("pipeline.files.none"));
        empty.getStyleClass().add("hint");
        Button copy = new Button(m.i18n("pipeline.files.copy"));
        copy.setId("copyFile");
        copy.setOnAction(e -> current(files).ifPresent(f -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(f.text());
            Clipboard.getSystemClipboard().setContent(content);
        }));
        Button saveButton = new Button(m.i18n("pipeline.files.save"));
        saveButton.setId("saveFile");
        saveButton.setOnAction(e -> current(files).ifPresent(f -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(m.i18n("pipeline.files.saveTitle", f.name()));
            String base = Path.of(f.name()).getFileName().toString();
            chooser.setInitialFileName(base);
            File chosen = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (chosen != null) {
                save.accept(f, chosen.toPath());
            }
        }));
        HBox buttons = new HBox(8, copy, saveButton);
        buttons.setAlignment(Pos.CENTER_LEFT);
        copy.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(files));
        saveButton.disableProperty().bind(copy.disableProperty());
        files.addListener((ListChangeListener<GeneratedFile>) c -> fill(files));
        fill(files);
        getChildren().addAll(empty, tabs, buttons);
    }

    /** Rebuilds the tabs, keeping the shown file's tab selected when it is still there. */
    private void fill(ObservableList<GeneratedFile> files) {
        String shown = tabs.getSelectionModel().getSelectedItem() == null ? null
                : tabs.getSelectionModel().getSelectedItem().getText();
        tabs.getTabs().clear();
        for (GeneratedFile f : files) {
            TextArea text = new TextArea(f.text());
            text.setEditable(false);
            text.setWrapText(false);
            text.setId("file-" + f.name().replaceAll("[^A-Za-z0-9]", "-"));
            Tab tab = new Tab(f.name(), text);
            tabs.getTabs().add(tab);
            if (f.name().equals(shown)) {
                tabs.getSelectionModel().select(tab);
            }
        }
        empty.setVisible(files.isEmpty());
        empty.setManaged(files.isEmpty());
        tabs.setVisible(!files.isEmpty());
        tabs.setManaged(!files.isEmpty());
    }

    private java.util.Optional<GeneratedFile> current(ObservableList<GeneratedFile> files) {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return t == null ? java.util.Optional.empty()
                : files.stream().filter(f -> f.name().equals(t.getText())).findFirst();
    }
}
