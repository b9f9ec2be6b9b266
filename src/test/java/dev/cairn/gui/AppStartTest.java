package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.AwsProfiles.AwsProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's model while it starts ({@link AppModel#AppModel(Path, Settings, TaskExecutor, Targets, Clock)}):
 * no target until the AWS profiles are known, so nothing is applied or read against a target
 * that is not the one the user will see chosen.
 */
class AppStartTest {

    @TempDir
    Path home;

    private final List<TargetChoice> opened = new CopyOnWriteArrayList<>();
    private TargetHolder real;

    /** Records every open; opens only the Sandbox (an AWS profile here would mean real AWS). */
    private final Targets recording = choice -> {
        opened.add(choice);
        if (!choice.isSandbox()) {
            throw new IllegalStateException("no AWS in a test: " + choice.key());
        }
        return real.open(choice);
    };

    private static final AwsProfile WORK = new AwsProfile("work", false, Optional.of("eu-west-1"));

    @AfterEach
    void close() {
        if (real != null) {
            real.close();
        }
    }

    private AppModel starting(Settings settings) {
        real = GuiFixtures.sandbox(home);
        AppModel model = new AppModel(home, settings, new CurrentThreadTaskExecutor(), recording, Clock.systemUTC());
        model.workspace().openInitial(null);
        return model;
    }

    @Test
    void apply_beforeTheProfilesAreKnown_doesNothing_thenGoesToTheRememberedProfile() {
        AppModel model = starting(Settings.defaults().withTarget("profile:work", "ap-northeast-2"));
        WorkspaceViewModel vm = model.workspace();
        AccountViewModel account = vm.account();

        assertThat(account.targetProperty().get()).isNull();
        assertThat(account.startingProperty().get()).isTrue();
        assertThat(vm.canApplyBinding().get()).as("Apply waits for the target").isFalse();
        vm.apply();
        assertThat(vm.runningProperty().get()).isNull();
        assertThat(opened).as("nothing opened: not the Sandbox by default").isEmpty();

        model.start(() -> new AwsProfiles.Found(List.of(WORK), true));

        assertThat(account.targetProperty().get()).isEqualTo(TargetChoice.of(WORK));
        assertThat(account.startingProperty().get()).as("a profile is checked on request only").isFalse();
        assertThat(account.badgeProperty().get()).isEqualTo(Problem.of("badge.awsUnchecked", "work", "ap-northeast-2"));
        assertThat(vm.canApplyBinding().get()).isTrue();
        assertThat(opened).as("the Sandbox was never started for a profile user").isEmpty();
    }

    @Test
    void start_withTheSandboxChosen_saysStartingUntilItsFirstCheckEnds() {
        AppModel model = starting(Settings.defaults());
        AccountViewModel account = model.workspace().account();
        assertThat(account.badgeProperty().get()).isEqualTo(Problem.of("badge.starting"));

        // No profiles: the Sandbox; its check (run at once by this executor) starts it.
        model.start(() -> new AwsProfiles.Found(List.of(), false));

        assertThat(opened).containsExactly(TargetChoice.SANDBOX);
        assertThat(account.checkedProperty().get()).isNotNull();
        assertThat(account.startingProperty().get()).isFalse();
        assertThat(account.badgeProperty().get()).isEqualTo(Problem.of("badge.sandbox", "ap-northeast-2"));
        assertThat(model.workspace().canApplyBinding().get()).isTrue();
    }

    @Test
    void start_whenTheLookupFails_choosesTheSandbox() {
        AppModel model = starting(Settings.defaults());
        model.start(() -> {
            throw new IllegalStateException("unreadable ~/.aws/config");
        });
        assertThat(model.workspace().account().targetProperty().get()).isEqualTo(TargetChoice.SANDBOX);
        assertThat(model.workspace().account().startingProperty().get()).isFalse();
    }

    @Test
    void start_choosingTheDefault_doesNotSaveItAsTheUsersChoice() {
        AppModel model = starting(Settings.defaults());
        model.start(() -> new AwsProfiles.Found(List.of(new AwsProfile("default", false, Optional.empty())), true));

        assertThat(model.workspace().account().targetProperty().get().profile()).isEqualTo("default");
        assertThat(Settings.load(home).target()).as("a new default next time, as before").isNull();
    }
}
