package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.AwsProfiles.AwsProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountViewModelTest {

    @TempDir
    Path dir;

    private static final List<AwsProfile> PROFILES = List.of(
            new AwsProfile("default", false, Optional.of("us-west-2")),
            new AwsProfile("dev", true, Optional.empty()));

    @Test
    void initialChoice_whenNoCredentialsFound_selectsSandbox() {
        assertThat(AccountViewModel.initialChoice(null, PROFILES, () -> false)).isEqualTo(TargetChoice.SANDBOX);
    }

    @Test
    void initialChoice_whenCredentialsFound_selectsDefaultProfile() {
        assertThat(AccountViewModel.initialChoice(null, PROFILES, () -> true).profile()).isEqualTo("default");
    }

    @Test
    void initialChoice_whenSavedProfileStillExists_keepsIt() {
        AtomicInteger lookups = new AtomicInteger();
        TargetChoice c = AccountViewModel.initialChoice("profile:dev", PROFILES, () -> lookups.incrementAndGet() > 0);
        assertThat(c.profile()).isEqualTo("dev");
        assertThat(c.sso()).isTrue();
        assertThat(lookups).hasValue(0);
    }

    @Test
    void initialChoice_whenSavedProfileIsGone_fallsBackToCredentialLookup() {
        assertThat(AccountViewModel.initialChoice("profile:old", PROFILES, () -> false)).isEqualTo(TargetChoice.SANDBOX);
    }

    @Test
    void read_whenConfigAndCredentialsFiles_listsEveryProfileAndMarksSso() throws Exception {
        Path config = Files.writeString(dir.resolve("config"), """
                [default]
                region = eu-west-1
                [profile work]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin
                region = ap-northeast-2
                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                [profile legacy-sso]
                sso_start_url = https://old.awsapps.com/start
                """);
        Path credentials = Files.writeString(dir.resolve("credentials"), """
                [default]
                aws_access_key_id = AKIAEXAMPLE
                aws_secret_access_key = secret
                [ci]
                aws_access_key_id = AKIAEXAMPLE2
                aws_secret_access_key = secret2
                """);
        List<AwsProfile> profiles = AwsProfiles.read(Optional.of(config), Optional.of(credentials));
        assertThat(profiles).extracting(AwsProfile::name).containsExactly("ci", "default", "legacy-sso", "work");
        assertThat(profiles).filteredOn(AwsProfile::sso).extracting(AwsProfile::name).containsExactly("legacy-sso", "work");
        assertThat(profiles.get(3).region()).contains("ap-northeast-2");
    }

    @Test
    void read_whenFilesMissing_isEmpty() {
        assertThat(AwsProfiles.read(Optional.of(dir.resolve("nope")), Optional.empty())).isEmpty();
    }

    @Test
    void check_whenSandbox_showsIdentityZonesAndBadge() {
        try (TargetHolder targets = GuiFixtures.sandbox(dir)) {
            AccountViewModel vm = GuiFixtures.sandboxAccount(new CurrentThreadTaskExecutor(), targets);
            assertThat(vm.badgeProperty().get().key()).isEqualTo("badge.sandbox");
            vm.check();
            assertThat(vm.problemProperty().get()).isNull();
            assertThat(vm.checkedProperty().get().identity().account()).matches("\\d{12}");
            assertThat(vm.checkedProperty().get().zones()).contains("ap-northeast-2a", "ap-northeast-2c");
            assertThat(vm.checkingProperty().get()).isFalse();
        }
    }

    @Test
    void check_whenTargetFails_showsProblemInWords() {
        AccountViewModel vm = new AccountViewModel(new CurrentThreadTaskExecutor(), choice -> {
            throw new RuntimeException("Unable to execute HTTP request", new java.net.UnknownHostException("sts.amazonaws.com"));
        }, PROFILES, () -> true, null, null);
        vm.check();
        assertThat(vm.problemProperty().get()).isEqualTo(Problem.of("account.error.network"));
        assertThat(vm.checkedProperty().get()).isNull();
    }

    @Test
    void regionChange_forAProfile_clearsTheLastCheck() {
        try (TargetHolder sandbox = GuiFixtures.sandbox(dir)) {
            // A profile's target, played by the Sandbox: what matters is that it is not the Sandbox choice.
            AccountViewModel vm = new AccountViewModel(new CurrentThreadTaskExecutor(),
                    choice -> sandbox.open(TargetChoice.SANDBOX), PROFILES, () -> true, null, null);
            assertThat(vm.targetProperty().get().isSandbox()).isFalse();
            assertThat(vm.checkedProperty().get()).as("a profile is checked on request only").isNull();
            vm.check();
            assertThat(vm.checkedProperty().get()).isNotNull();
            vm.regionProperty().set("us-east-1");
            assertThat(vm.checkedProperty().get()).isNull();
            assertThat(vm.badgeProperty().get().args()).contains("us-east-1");
        }
    }

    @Test
    void sandbox_isCheckedWithoutAClick_andAgainOnARegionChange() {
        try (TargetHolder targets = GuiFixtures.sandbox(dir)) {
            AccountViewModel vm = GuiFixtures.sandboxAccount(new CurrentThreadTaskExecutor(), targets);
            assertThat(vm.checkedProperty().get()).isNotNull();
            vm.regionProperty().set("us-east-1");
            assertThat(vm.checkedProperty().get().zones()).isNotEmpty().allMatch(z -> z.startsWith("us-east-1"));
            assertThat(vm.badgeProperty().get().args()).containsExactly("us-east-1");
        }
    }
}
