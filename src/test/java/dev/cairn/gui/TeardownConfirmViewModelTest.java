package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TeardownConfirmViewModelTest {

    @Test
    void confirmed_onlyOnExactName() {
        TeardownConfirmViewModel vm = new TeardownConfirmViewModel("shop");
        assertThat(vm.confirmedBinding().get()).isFalse();
        vm.typedProperty().set("sho");
        assertThat(vm.confirmedBinding().get()).isFalse();
        vm.typedProperty().set("Shop");
        assertThat(vm.confirmedBinding().get()).isFalse();
        vm.typedProperty().set("shop ");
        assertThat(vm.confirmedBinding().get()).isFalse();
        vm.typedProperty().set("shop");
        assertThat(vm.confirmedBinding().get()).isTrue();
    }
}
