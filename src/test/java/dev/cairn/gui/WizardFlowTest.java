package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.step.Steps;
import java.util.Arrays;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;

class WizardFlowTest {

    private final List<SimpleBooleanProperty> valid =
            Arrays.stream(WizardStep.values()).map(s -> new SimpleBooleanProperty(true)).toList();
    private final WizardFlow flow = new WizardFlow(valid);

    @Test
    void canEnter_whenAnEarlierPageIsInvalid_stopsThere() {
        valid.get(WizardStep.NETWORK.ordinal()).set(false);
        assertThat(flow.canEnter(WizardStep.NETWORK)).isTrue();
        assertThat(flow.canEnter(WizardStep.ACCESS)).isFalse();
        assertThat(flow.canEnter(WizardStep.REVIEW)).isFalse();
        assertThat(flow.go(WizardStep.REVIEW)).isFalse();
    }

    @Test
    void next_followsThePagesOrder_andStopsAtTheLast() {
        flow.next();
        assertThat(flow.currentProperty().get()).isEqualTo(WizardStep.NETWORK);
        valid.get(WizardStep.NETWORK.ordinal()).set(false);
        assertThat(flow.canAdvanceBinding().get()).isFalse();
        valid.get(WizardStep.NETWORK.ordinal()).set(true);
        assertThat(flow.canAdvanceBinding().get()).isTrue();
        assertThat(flow.go(WizardStep.REVIEW)).isTrue();
        assertThat(flow.canAdvanceBinding().get()).isFalse();
    }

    @Test
    void constructor_whenNotOneValidityPerPage_refuses() {
        assertThatThrownBy(() -> new WizardFlow(valid.subList(0, 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void steps_betweenAccountAndReview_areTheRegisteredSteps_inTheirOrder() {
        WizardStep[] pages = WizardStep.values();
        assertThat(pages[0].module()).isEmpty();
        assertThat(pages[pages.length - 1].module()).isEmpty();
        assertThat(Arrays.stream(pages, 1, pages.length - 1).map(p -> p.module().orElseThrow()).toList())
                .isEqualTo(Steps.ALL);
    }
}
