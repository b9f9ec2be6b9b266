package dev.cairn.gui;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.kinds.ResourceKinds;
import dev.cairn.plan.CostEstimate;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * What a plan costs per hour and per month, line by line, one block per region it builds in (a
 * peered stack spans two), each with the date of its prices; "no estimate" while there is none.
 */
final class CostPane extends VBox {

    /** How {@link CostEstimate} names an instance line: "Instance t3.micro (on-demand Linux)". */
    private static final String INSTANCE_PREFIX = "Instance ";
    /** How it names an Auto Scaling group's instances: "Auto Scaling group t3.micro (on-demand Linux)". */
    private static final String GROUP_PREFIX = "Auto Scaling group ";

    /** The usage units the kinds name ({@code ResourceKind.Cost#usageUnit}), by their words' keys. */
    private static final Map<String, String> UNIT_KEYS = Map.of(
            "GB processed", "cost.unit.gbProcessed",
            "GB-month", "cost.unit.gbMonth",
            "LCU-hour", "cost.unit.lcuHour",
            "1,000 requests", "cost.unit.thousandRequests",
            "million write request units", "cost.unit.millionWrites",
            "million read request units", "cost.unit.millionReads");
    /** How {@link CostEstimate} ends a rate line it does not add to the total. */
    private static final String NOT_ESTIMATED = " (not estimated)";

    private final Messages m;
    private final VBox regions = new VBox(12);

    CostPane(Messages m, ObservableList<CostEstimate> costs) {
        this.m = m;
        setId("costs");
        getStyleClass().add("cost-pane");
        Label title = new Label(m.i18n("cost.title"));
        title.getStyleClass().add("section-title");
        getChildren().addAll(title, regions);
        costs.addListener((ListChangeListener<CostEstimate>) c -> show(costs));
        show(costs);
    }

    /** A list that holds the one estimate {@code cost} has, or none while it is null. */
    static ObservableList<CostEstimate> listOf(ObservableValue<CostEstimate> cost) {
        ObservableList<CostEstimate> list = FXCollections.observableArrayList();
        Runnable fill = () -> list.setAll(cost.getValue() == null ? List.of() : List.of(cost.getValue()));
        cost.addListener((o, a, b) -> fill.run());
        fill.run();
        return list;
    }

    private void show(List<CostEstimate> costs) {
        regions.getChildren().clear();
        if (costs.isEmpty()) {
            Label none = new Label(m.i18n("cost.none"));
            none.getStyleClass().add("hint");
            none.setWrapText(true);
            regions.getChildren().add(none);
        }
        for (CostEstimate c : costs) {
            regions.getChildren().add(region(c));
        }
    }

    private Node region(CostEstimate c) {
        Label region = new Label(m.i18n("cost.region", c.region(), m.regionName(c.region())));
        region.getStyleClass().add("strong");
        region.setWrapText(true);
        GridPane grid = new GridPane();
        ColumnConstraints item = new ColumnConstraints();
        item.setHgrow(Priority.ALWAYS);
        ColumnConstraints num = new ColumnConstraints();
        num.setHalignment(HPos.RIGHT);
        num.setMinWidth(60);
        grid.getColumnConstraints().addAll(item, num, num);
        grid.setHgap(10);
        grid.setVgap(4);
        grid.addRow(0, header("cost.item"), header("cost.hourly"), header("cost.monthly"));
        int row = 1;
        for (CostEstimate.Line line : c.lines()) {
            Label text = new Label(itemText(line));
            text.setWrapText(true);
            Node name = text;
            // A charge by use has a rate, not an hourly cost: the rate goes under its name, where
            // it may wrap, not into the narrow number columns.
            if (line.hourly().isEmpty() && line.unitPrice().isPresent()) {
                Label rate = new Label(m.i18n("cost.rate", rate(line.unitPrice().get()), unitText(line.unit())));
                rate.setWrapText(true);
                rate.getStyleClass().add("hint");
                name = new VBox(2, text, rate);
            }
            grid.addRow(row++, name, amount(line.hourly().map(this::money).orElse("—")),
                    amount(line.monthly().map(this::money).orElse("—")));
        }
        Label total = new Label(m.i18n("cost.total"));
        total.getStyleClass().add("strong");
        total.setMinWidth(Label.USE_PREF_SIZE);
        Label h = amount(money(c.hourly()));
        h.getStyleClass().add("strong");
        Label mo = amount(money(c.monthly()));
        mo.getStyleClass().add("strong");
        grid.addRow(row, total, h, mo);
        String date = CostEstimate.PRICES_AS_OF.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(m.locale()));
        Label note = new Label((c.isFree() ? m.i18n("cost.free") + " " : "")
                + (c.pricesKnown() ? "" : m.i18n("cost.unknownRegion", c.region()) + " ")
                + m.i18n("cost.asOf", date, c.region()));
        note.setWrapText(true);
        note.getStyleClass().add("hint");
        return new VBox(8, region, grid, note);
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
            case "Load balancer" -> "cost.line.alb";
            default -> line.item().startsWith("Load balancer: ") ? "cost.line.lcu" : null;
        };
        if (key == null && line.item().startsWith(GROUP_PREFIX)) {
            String type = line.item().substring(GROUP_PREFIX.length()).split(" ", 2)[0];
            return m.i18n("cost.line.asg", type, line.quantity());
        }
        if (key == null && line.item().startsWith(INSTANCE_PREFIX)) {
            String type = line.item().substring(INSTANCE_PREFIX.length()).split(" ", 2)[0];
            return m.i18n("cost.line.instance", type, line.quantity());
        }
        if (key == null) {
            String usage = usageText(line.item());
            if (usage != null) {
                return m.i18n("cost.line.usage", usage, line.quantity());
            }
        }
        return key == null ? line.item() + " × " + line.quantity() : m.i18n(key, line.quantity());
    }

    /**
     * A rate line {@link CostEstimate} writes as "{@code <kind's label> <charge> (not estimated)}"
     * ("S3 bucket storage (not estimated)"), in this language: the kind's display name and the
     * charge's words ({@code cost.usage.<charge's key>}); null for any other line, or a charge
     * the bundle does not word.
     */
    private String usageText(String item) {
        for (ResourceKind k : ResourceKinds.all()) {
            Cost cost = k.cost();
            if (!cost.hasUsage()) {
                continue;
            }
            List<ResourceKind.Usage> usages = new java.util.ArrayList<>();
            usages.add(new ResourceKind.Usage(cost.usageNote(), cost.usageUnit()));
            usages.addAll(cost.moreUsage());
            for (ResourceKind.Usage u : usages) {
                String words = "cost.usage." + u.key();
                if (item.equals(k.label() + " " + u.note() + NOT_ESTIMATED) && m.bundle().containsKey(words)
                        && m.bundle().containsKey(k.displayKey())) {
                    return m.i18n("cost.usage.line", m.i18n(k.displayKey()), m.i18n(words));
                }
            }
        }
        return null;
    }

    /** What a usage rate is per, in this language; a unit no key names shows as the price table says it. */
    private String unitText(String unit) {
        String key = UNIT_KEYS.get(unit);
        return key == null ? unit : m.i18n(key);
    }

    /** A rate in full: S3's GET requests cost $0.00035 per 1,000 in Seoul, which two decimals would round away. */
    private String rate(BigDecimal amount) {
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.US);
        f.setMaximumFractionDigits(Math.max(2, amount.stripTrailingZeros().scale()));
        return f.format(amount);
    }

    private String money(BigDecimal amount) {
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.US);
        f.setMaximumFractionDigits(amount.scale() > 2 ? 3 : 2);
        return f.format(amount);
    }
}
