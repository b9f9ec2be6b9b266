package dev.cairn.gui;

import dev.cairn.gui.ReleaseViewModel.Banner;
import dev.cairn.gui.ReleaseViewModel.Stage;
import dev.cairn.gui.ReleaseViewModel.StageState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Pipeline page's live half, bound to a {@link ReleaseViewModel}: the handshake banner (while
 * the GitHub connection is {@code PENDING}: why, the console link, and in the Sandbox "Complete the
 * handshake") and a card with the strip Source → Build → Deploy of the latest execution (each
 * cell's colour and word its state, its time, a link to its log), "Release change" and, in the
 * Sandbox, "Commit a change". Built in code: its cells follow the model's list.
 */
final class ReleasePane extends VBox {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Messages m;
    private final ReleaseViewModel vm;
    private final ZoneId zone;
    private final HBox strip = new HBox(6);

    ReleasePane(Messages m, ReleaseViewModel vm, ZoneId zone) {
        super(10);
        this.m = m;
        this.vm = vm;
        this.zone = zone;
        getStyleClass().add("release-pane");
        getChildren().addAll(banner(), card());
    }

    private VBox banner() {
        Label title = new Label();
        title.getStyleClass().add("strong");
        title.setWrapText(true);
        Label body = new Label();
        body.setId("handshakeText");
        body.setWrapText(true);
        Hyperlink console = new Hyperlink(m.i18n("pipeline.banner.console"));
        console.setId("handshakeConsole");
        console.setOnAction(e -> Links.open(vm.consoleUrlProperty().get()));
        Button complete = new Button(m.i18n("pipeline.banner.complete"));
        complete.setId("completeHandshake");
        complete.getStyleClass().add("accent");
        complete.setOnAction(e -> vm.completeHandshake());
        HBox actions = new HBox(10, complete, console);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, title, body, actions);
        box.setId("handshakeBanner");
        box.getStyleClass().addAll("banner", "handshake-banner");

        Runnable fill = () -> {
            Banner b = vm.bannerProperty().get();
            String name = vm.connectionNameProperty().get();
            boolean sandbox = vm.sandboxProperty().get();
            box.getStyleClass().removeAll("banner-ok", "banner-problem");
            switch (b) {
                case PENDING, COMPLETING -> {
                    title.setText(m.i18n("pipeline.banner.pending.title"));
                    body.setText(sandbox ? m.i18n("pipeline.banner.pending.sandbox", name)
                            : m.i18n("pipeline.banner.pending.body", name));
                }
                case CONNECTED -> {
                    title.setText(m.i18n("pipeline.banner.connected"));
                    body.setText("");
                    box.getStyleClass().add("banner-ok");
                }
                case ERROR -> {
                    title.setText(m.i18n("pipeline.banner.error"));
                    body.setText("");
                    box.getStyleClass().add("banner-problem");
                }
                case NONE -> {
                    title.setText("");
                    body.setText("");
                }
            }
            complete.setText(b == Banner.COMPLETING ? m.i18n("pipeline.banner.completing")
                    : m.i18n("pipeline.banner.complete"));
        };
        vm.bannerProperty().addListener((o, a, b) -> fill.run());
        vm.sandboxProperty().addListener((o, a, b) -> fill.run());
        vm.connectionNameProperty().addListener((o, a, b) -> fill.run());
        fill.run();
        box.visibleProperty().bind(vm.bannerProperty().isNotEqualTo(Banner.NONE));
        box.managedProperty().bind(box.visibleProperty());
        body.visibleProperty().bind(body.textProperty().isNotEmpty());
        body.managedProperty().bind(body.visibleProperty());
        actions.visibleProperty().bind(vm.bannerProperty().isEqualTo(Banner.PENDING)
                .or(vm.bannerProperty().isEqualTo(Banner.COMPLETING)));
        actions.managedProperty().bind(actions.visibleProperty());
        complete.visibleProperty().bind(vm.sandboxProperty());
        complete.managedProperty().bind(complete.visibleProperty());
        complete.disableProperty().bind(vm.bannerProperty().isEqualTo(Banner.COMPLETING));
        // In the Sandbox there is no console page to open.
        console.visibleProperty().bind(vm.sandboxProperty().not().and(vm.consoleUrlProperty().isNotEmpty()));
        console.managedProperty().bind(console.visibleProperty());
        return box;
    }

    private VBox card() {
        Label title = new Label(m.i18n("pipeline.live.title"));
        title.getStyleClass().add("section-title");
        Label execution = new Label();
        execution.setId("executionLine");
        execution.getStyleClass().add("hint");
        execution.setWrapText(true);
        execution.textProperty().bind(Bindings.createStringBinding(() -> {
            if (!vm.availableProperty().get()) {
                return m.i18n("pipeline.live.notBuilt");
            }
            ReleaseViewModel.Execution e = vm.executionProperty().get();
            if (e == null) {
                return m.i18n("pipeline.live.none");
            }
            return m.i18n("pipeline.live.execution", e.id(), e.status(), time(e.started()));
        }, vm.availableProperty(), vm.executionProperty()));

        strip.setId("releaseStrip");
        strip.setAlignment(Pos.CENTER_LEFT);
        vm.stages().addListener((ListChangeListener<Stage>) c -> fillStrip());
        fillStrip();

        Button release = new Button(m.i18n("pipeline.live.release"));
        release.setId("releaseChange");
        release.getStyleClass().add("accent");
        release.setOnAction(e -> vm.release());
        release.disableProperty().bind(vm.busyProperty().or(vm.availableProperty().not()));
        Button commit = new Button(m.i18n("pipeline.live.commit"));
        commit.setId("commitChange");
        commit.setOnAction(e -> vm.commitChange());
        commit.disableProperty().bind(release.disableProperty());
        commit.visibleProperty().bind(vm.sandboxProperty());
        commit.managedProperty().bind(commit.visibleProperty());
        HBox buttons = new HBox(8, release, commit);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label commitHint = new Label(m.i18n("pipeline.live.commitHint"));
        commitHint.getStyleClass().add("hint");
        commitHint.setWrapText(true);
        commitHint.visibleProperty().bind(vm.sandboxProperty().and(vm.availableProperty()));
        commitHint.managedProperty().bind(commitHint.visibleProperty());

        Label notice = new Label();
        notice.setId("releaseNotice");
        notice.getStyleClass().add("hint");
        notice.setWrapText(true);
        FieldFeedback.showMessage(notice, vm.noticeProperty(), m::problem);
        Label problem = new Label();
        problem.setId("releaseProblem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        FieldFeedback.showMessage(problem, vm.problemProperty(), m::problem);

        VBox card = new VBox(8, title, execution, strip, buttons, commitHint, notice, problem);
        card.setId("releaseCard");
        card.getStyleClass().add("card");
        return card;
    }

    /** Three cells with an arrow between each: the stage, its state's word (coloured), its time, its log. */
    private void fillStrip() {
        strip.getChildren().clear();
        for (int i = 0; i < vm.stages().size(); i++) {
            if (i > 0) {
                Label arrow = new Label("\u2192");
                arrow.getStyleClass().add("stage-arrow");
                arrow.setMinWidth(Region.USE_PREF_SIZE);
                strip.getChildren().add(arrow);
            }
            VBox cell = cell(vm.stages().get(i));
            HBox.setHgrow(cell, Priority.ALWAYS);
            strip.getChildren().add(cell);
        }
    }

    private VBox cell(Stage s) {
        Label name = new Label(stageName(s.name()));
        name.getStyleClass().add("strong");
        Label state = new Label(stateWord(s.state()));
        state.getStyleClass().add("stage-state");
        Label when = new Label(s.time() == null ? "" : time(s.time()));
        when.getStyleClass().add("hint");
        VBox cell = new VBox(2, name, state);
        if (s.time() != null) {
            cell.getChildren().add(when);
        }
        if (s.summary() != null && !s.summary().isBlank()) {
            Label summary = new Label(s.summary());
            summary.getStyleClass().add("hint");
            summary.setWrapText(true);
            summary.setMinHeight(Region.USE_PREF_SIZE);
            cell.getChildren().add(summary);
        }
        if (Links.isWeb(s.logUrl())) {
            Hyperlink log = new Hyperlink(m.i18n("Deploy".equalsIgnoreCase(s.name()) ? "pipeline.live.deployment"
                    : "pipeline.live.log"));
            log.setOnAction(e -> Links.open(s.logUrl()));
            cell.getChildren().add(log);
        }
        cell.setId("stage-" + s.name().toLowerCase(Locale.ROOT));
        cell.getStyleClass().addAll("stage-cell", s.state().styleClass());
        // One width for the three cells: the strip reads as three equal steps, whatever each says.
        cell.setMinWidth(110);
        cell.setPrefWidth(110);
        cell.setMaxWidth(Double.MAX_VALUE);
        return cell;
    }

    private String stageName(String stage) {
        return switch (stage.toLowerCase(Locale.ROOT)) {
            case "source" -> m.i18n("pipeline.stage.source");
            case "build" -> m.i18n("pipeline.stage.build");
            case "deploy" -> m.i18n("pipeline.stage.deploy");
            default -> stage;
        };
    }

    private String stateWord(StageState s) {
        return switch (s) {
            case NOT_RUN -> m.i18n("pipeline.state.notRun");
            case IN_PROGRESS -> m.i18n("pipeline.state.inProgress");
            case SUCCEEDED -> m.i18n("pipeline.state.succeeded");
            case FAILED -> m.i18n("pipeline.state.failed");
            case STOPPED -> m.i18n("pipeline.state.stopped");
        };
    }

    private String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }
}
