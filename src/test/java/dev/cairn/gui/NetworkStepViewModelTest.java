package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkStepViewModelTest {

    private final List<Blueprint> saved = new ArrayList<>();
    private final ObjectProperty<Blueprint> blueprint = new SimpleObjectProperty<>();
    private NetworkStepViewModel vm;

    @BeforeEach
    void load() {
        vm = new NetworkStepViewModel(blueprint);
        blueprint.addListener((o, a, b) -> saved.add(blueprint.get()));
        Blueprint bp = StackCatalog.defaultBlueprint("shop", "ap-northeast-2");
        vm.load(bp);
        blueprint.set(bp);
        saved.clear();
    }

    @Test
    void load_whenDefaultBlueprint_isValidWithSixSubnetsAndCost() {
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.subnets()).hasSize(6);
        assertThat(vm.costProperty().get().hourly()).isPositive();
    }

    @Test
    void load_whenNewStack_isTheGuidesNetworkAsTheExampleWritesIt() {
        Blueprint guide = dev.cairn.step.BlueprintExample.demo();
        assertThat(vm.vpcCidrProperty().get()).isEqualTo(guide.section(NetworkSection.KEY).vpcCidr());
        assertThat(vm.currentBlueprint().section(NetworkSection.KEY).subnets()).isEqualTo(guide.section(NetworkSection.KEY).subnets());
        assertThat(vm.subnets()).extracting(r -> r.cidrProperty().get())
                .containsExactly("10.1.1.0/26", "10.1.1.64/26", "10.1.1.128/27", "10.1.1.160/27", "10.1.1.192/27",
                        "10.1.1.224/27");
    }

    @Test
    void setRegion_whenTheGuidesLayout_keepsItOnTheNewRegionsZones() {
        vm.setRegion("ca-central-1");
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.subnets()).extracting(r -> r.cidrProperty().get()).startsWith("10.1.1.0/26", "10.1.1.64/26");
        assertThat(vm.subnets()).extracting(SubnetRow::name).containsExactly("public-a", "public-b", "app-a", "app-b",
                "db-a", "db-b");
        assertThat(vm.subnets()).allSatisfy(r -> assertThat(r.zone()).startsWith("ca-central-1"));
    }

    @Test
    void typingInvalidCidr_putsErrorOnVpcFieldAndInvalidates() {
        vm.vpcCidrProperty().set("10.0.0.0/33");
        assertThat(vm.errorAt(NetworkStepViewModel.VPC).get().rule()).isEqualTo("cidr.malformed");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(saved).isEmpty();
    }

    @Test
    void typingHostBits_suggestsTheNetwork() {
        vm.vpcCidrProperty().set("10.0.0.1/16");
        assertThat(vm.errorAt(NetworkStepViewModel.VPC).get().rule()).isEqualTo("cidr.hostBits");
        assertThat(vm.errorAt(NetworkStepViewModel.VPC).get().args()).containsExactly("10.0.0.1/16", "10.0.0.0/16");
    }

    @Test
    void newValidVpc_whenTableUntouched_recomputesSubnetsAndSaves() {
        vm.vpcCidrProperty().set("10.9.0.0/16");
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.subnets()).allSatisfy(r -> assertThat(r.cidrProperty().get()).startsWith("10.9."));
        assertThat(saved).last().extracting(b -> b.section(NetworkSection.KEY).vpcCidr()).isEqualTo("10.9.0.0/16");
    }

    @Test
    void editedCell_overlappingAnother_showsErrorInThatRow() {
        String first = vm.subnets().get(0).cidrProperty().get();
        vm.subnets().get(1).cidrProperty().set(first);
        assertThat(vm.subnets().get(1).errorProperty().get().rule()).isEqualTo("subnet.overlap");
        assertThat(vm.subnets().get(0).errorProperty().get()).isNull();
        assertThat(vm.validProperty().get()).isFalse();
    }

    @Test
    void recompute_afterHandEdit_restoresTheLayout() {
        vm.subnets().get(1).cidrProperty().set(vm.subnets().get(0).cidrProperty().get());
        vm.vpcCidrProperty().set("10.7.0.0/16");
        assertThat(vm.subnets().get(0).cidrProperty().get()).doesNotStartWith("10.7.");
        assertThat(vm.subnets().get(0).errorProperty().get().rule()).isEqualTo("subnet.outsideVpc");
        vm.recompute();
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.subnets()).allSatisfy(r -> assertThat(r.cidrProperty().get()).startsWith("10.7."));
    }

    @Test
    void natPerZone_doublesTheNatCost() {
        BigDecimal single = vm.costProperty().get().hourly();
        vm.natProperty().set(NatMode.PER_ZONE);
        assertThat(vm.costProperty().get().hourly()).isEqualByComparingTo(single.multiply(BigDecimal.valueOf(2)));
        vm.natProperty().set(NatMode.NONE);
        assertThat(vm.costProperty().get().isFree()).isTrue();
    }

    @Test
    void sameZoneTwice_putsErrorOnSecondZone() {
        vm.zoneBProperty().set(vm.zoneAProperty().get());
        assertThat(vm.errorAt(NetworkStepViewModel.ZONE_B).get().rule()).isEqualTo("zone.duplicate");
        assertThat(vm.validProperty().get()).isFalse();
    }

    @Test
    void setRegion_movesZonesAndSubnetsToTheNewRegion() {
        vm.setRegion("us-east-1");
        assertThat(vm.zoneAProperty().get()).isEqualTo("us-east-1a");
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(saved).last().extracting(Blueprint::region).isEqualTo("us-east-1");
    }
}
