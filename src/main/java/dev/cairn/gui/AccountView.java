package dev.cairn.gui;

import dev.cairn.model.Regions;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Account page: binds to {@link AccountViewModel} only. */
final class AccountView extends VBox {

    AccountView(Messages m, AccountViewModel vm) {
        getStyleClass().addAll("page", "account-page");
        Label title = new Label(m.i18n("wizard.account.title"));
        title.getStyleClass().add("page-title");
        Label intro = new Label(m.i18n("account.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add("hint");

        ComboBox<TargetChoice> target = new ComboBox<>(vm.choices());
        target.setId("targetChoice");
        target.valueProperty().bindBidirectional(vm.targetProperty());
        StringConverter<TargetChoice> names = new StringConverter<>() {
            @Override
            public String toString(TargetChoice c) {
                if (c == null) {
                    return "";
                }
                return c.isSandbox() ? m.i18n("account.sandbox")
                        : m.i18n(c.sso() ? "account.profile.sso" : "account.profile", c.profile());
            }

            @Override
            public TargetChoice fromString(String s) {
                return null;
            }
        };
        target.setConverter(names);
        target.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(TargetChoice item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : names.toString(item));
            }
        });
        target.setMaxWidth(Double.MAX_VALUE);

        ComboBox<String> region = new ComboBox<>();
        region.setId("region");
        vm.regions().forEach(r -> region.getItems().add(r.code()));
        region.valueProperty().bindBidirectional(vm.regionProperty());
        region.setConverter(new StringConverter<>() {
            @Override
            public String toString(String code) {
                return code == null ? "" : regionName(m, code) + "  ·  " + code;
            }

            @Override
            public String fromString(String s) {
                return null;
            }
        });
        region.setMaxWidth(Double.MAX_VALUE);

        Label sandboxHint = new Label(m.i18n("account.sandbox.hint"));
        sandboxHint.setWrapText(true);
        sandboxHint.getStyleClass().add("hint");
        sandboxHint.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.targetProperty().get() != null && vm.targetProperty().get().isSandbox(), vm.targetProperty()));
        sandboxHint.managedProperty().bind(sandboxHint.visibleProperty());

        Button check = new Button(m.i18n("account.check"));
        check.setId("checkAccount");
        check.disableProperty().bind(vm.checkingProperty().or(vm.validBinding().not()));
        check.setOnAction(e -> vm.check());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(vm.checkingProperty());

        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.setHgap(12);
        form.setVgap(10);
        form.addRow(0, fieldLabel(m, "account.target"), target);
        form.addRow(1, fieldLabel(m, "account.region"), region);
        GridPane.setFillWidth(target, true);

        Label account = new Label();
        account.setId("accountId");
        Label arn = new Label();
        arn.setWrapText(true);
        Label zones = new Label();
        zones.setWrapText(true);
        GridPane result = new GridPane();
        result.getStyleClass().add("card");
        result.setHgap(12);
        result.setVgap(6);
        result.addRow(0, fieldLabel(m, "account.id"), account);
        result.addRow(1, fieldLabel(m, "account.arn"), arn);
        result.addRow(2, fieldLabel(m, "account.zones"), zones);
        result.visibleProperty().bind(vm.checkedProperty().isNotNull());
        result.managedProperty().bind(result.visibleProperty());
        vm.checkedProperty().addListener((o, a, b) -> {
            account.setText(b == null ? "" : b.identity().account());
            arn.setText(b == null ? "" : b.identity().arn());
            zones.setText(b == null ? "" : String.join(", ", b.zones()));
        });

        Label problem = new Label();
        problem.setId("accountProblem");
        problem.setWrapText(true);
        problem.getStyleClass().add("error-box");
        problem.textProperty().bind(Bindings.createStringBinding(
                () -> vm.problemProperty().get() == null ? "" : m.problem(vm.problemProperty().get()), vm.problemProperty()));
        problem.visibleProperty().bind(vm.problemProperty().isNotNull());
        problem.managedProperty().bind(problem.visibleProperty());

        HBox actions = new HBox(10, check, spinner);
        setSpacing(14);
        setPadding(new Insets(20));
        setMaxWidth(720);
        getChildren().addAll(title, intro, form, sandboxHint, actions, result, problem);
    }

    static String regionName(Messages m, String code) {
        String key = "region." + code;
        return m.bundle().containsKey(key) ? m.i18n(key)
                : Regions.find(code).map(Regions.Region::displayName).orElse(code);
    }

    static Label fieldLabel(Messages m, String key) {
        Label l = new Label(m.i18n(key));
        l.getStyleClass().add("field-label");
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
