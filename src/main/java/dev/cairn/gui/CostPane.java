package dev.cairn.gui;

import dev.cairn.plan.CostEstimate;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import javafx.beans.value.ObservableValue;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The cost of a plan per hour and per month, line by line, with the date of the prices. */
final class CostPane extends VBox {

    /** How {@link CostEstimate} names an instance line: "Instance t3.micro (on-demand Linux)". */
    private static final String INSTANCE_PREFIX = "Instance ";

    private final Messages m;
    private final GridPane grid = new GridPane();
    private final Label note = new Label();

    CostPane(Messages m, ObservableValue<CostEstimate> cost) {
        this.m = m;
        getStyleClass().add("cost-pane");
        Label title = new Label(m.i18n("cost.title"));
        title.getStyleClass().add("section-title");
        note.setWrapText(true);
        note.getStyleClass().add("hint");
        ColumnConstraints item = new ColumnConstraints();
        item.setHgrow(Priority.ALWAYS);
        ColumnConstraints num = new ColumnConstraints();
        num.setHalignment(HPos.RIGHT);
        num.setMinWidth(60);
        grid.getColumnConstraints().addAll(item, num, num);
        grid.setHgap(10);
        grid.setVgap(4);
        getChildren().addAll(title, grid, note);
        cost.addListener((o, a, b) -> show(b));
        show(cost.getValue());
    }

    private void show(CostEstimate c) {
        grid.getChildren().clear();
        if (c == null) {
            note.setText(m.i18n("cost.none"));
            return;
        }
        grid.addRow(0, header("cost.item"), header("cost.hourly"), header("cost.monthly"));
        int row = 1;
        for (CostEstimate.Line line : c.lines()) {
            Label item = new Label(itemText(line));
            item.setWrapText(true);
            grid.addRow(row++, item,
                    amount(line.hourly().map(this::money).orElse(line.unitPrice().map(p -> money(p) + " / GB").orElse("—"))),
                    amount(line.monthly().map(this::money).orElse("—")));
        }
        Label total = new Label(m.i18n("cost.total"));
        total.getStyleClass().add("strong");
        total.setMinWidth(Label.USE_PREF_SIZE);
        Label h = new Label(money(c.hourly()));
        h.getStyleClass().add("strong");
        Label mo = new Label(money(c.monthly()));
        mo.getStyleClass().add("strong");
        grid.addRow(row, total, h, mo);
        String date = CostEstimate.PRICES_AS_OF.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(m.locale()));
        note.setText((c.isFree() ? m.i18n("cost.free") + " " : "")
                + (c.pricesKnown() ? "" : m.i18n("cost.unknownRegion", c.region()) + " ")
                + m.i18n("cost.asOf", date, c.region()));
    }

    /** A number never shortens to an ellipsis; the item column wraps instead. */
    private static Label amount(String text) {
        Label l = new Label(text);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    private Label header(String key) {
        Label l = new Label(m.i18n(key));
        l.getStyleClass().add("table-header");
        return l;
    }

    private String itemText(CostEstimate.Line line) {
        String key = switch (line.item()) {
            case "NAT gateway" -> "cost.line.nat";
            case "Public IPv4 address" -> "cost.line.ipv4";
            case "NAT gateway data processing (not estimated)" -> "cost.line.natData";
            default -> null;
        };
        if (key == null && line.item().startsWith(INSTANCE_PREFIX)) {
            String type = line.item().substring(INSTANCE_PREFIX.length()).split(" ", 2)[0];
            return m.i18n("cost.line.instance", type, line.quantity());
        }
        return key == null ? line.item() + " × " + line.quantity() : m.i18n(key, line.quantity());
    }

    private String money(BigDecimal amount) {
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.US);
        f.setMaximumFractionDigits(amount.scale() > 2 ? 3 : 2);
        return f.format(amount);
    }
}
