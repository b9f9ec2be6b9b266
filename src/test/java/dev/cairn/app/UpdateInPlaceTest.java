package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceRecord;
import dev.cairn.plan.Action;
import dev.cairn.plan.Plan;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.DemoStack;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Changing the blueprint's own tags changes every resource's tags in place, through the path the
 * CLI and the GUI share: the plan says update (not replace), the apply keeps every ID, and AWS
 * shows the new tags (and not the removed one) while Cairn's own stay.
 */
class UpdateInPlaceTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void apply_whenBlueprintTagsChange_updatesTagsInPlaceKeepingEveryId(AwsBackend backend) throws Exception {
        backend.reset();
        Blueprint demo = DemoStack.blueprint();
        Blueprint before = new Blueprint(demo.name(), demo.region(), Map.of("team", "platform", "temporary", "yes")).with(NetworkSection.KEY, demo.section(NetworkSection.KEY)).with(AccessSection.KEY, demo.section(AccessSection.KEY));
        Blueprint after = new Blueprint(demo.name(), demo.region(), Map.of("team", "data")).with(NetworkSection.KEY, demo.section(NetworkSection.KEY)).with(AccessSection.KEY, demo.section(AccessSection.KEY));
        try (StackRunner runner = DemoStack.runner(backend.endpoint(), stateDir, EngineOptions.defaults())) {
            try {
                RunResult built = runner.apply(before, runner.plan(before), EngineListener.NONE, new CancellationToken());
                assertThat(built.succeeded()).as("apply: %s", built.failed()).isTrue();
                Map<Address, String> ids = ids(runner);

                Plan plan = runner.plan(after);
                RunResult updated = runner.apply(after, plan, EngineListener.NONE, new CancellationToken());

                long taggable = plan.actions().stream().filter(a -> a.spec().kind().taggable()).count();
                assertThat(plan.count(Action.UPDATE)).isEqualTo(taggable);
                assertThat(plan.count(Action.REPLACE) + plan.count(Action.CREATE) + plan.count(Action.DELETE)).isZero();
                assertThat(updated.succeeded()).as("update: %s", updated.failed()).isTrue();
                assertThat(updated.updated()).hasSize((int) taggable);
                assertThat(ids(runner)).isEqualTo(ids);
                String vpcId = ids.get(NetworkResources.VPC);
                try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
                    Map<String, String> tags = new TreeMap<>();
                    clients.ec2(demo.region()).describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0).tags()
                            .forEach((Tag t) -> tags.put(t.key(), t.value()));
                    assertThat(tags).containsEntry("team", "data").doesNotContainKey("temporary")
                            .containsEntry("cairn:stack", demo.name()).containsEntry("cairn:address", "network.vpc");
                }
                assertThat(runner.plan(after).hasChanges()).isFalse();

                RunResult destroyed = runner.destroy(after, EngineListener.NONE, new CancellationToken());
                assertThat(destroyed.succeeded()).as("destroy: %s", destroyed.remaining()).isTrue();
            } finally {
                runner.target().close();
            }
        }
    }

    private static Map<Address, String> ids(StackRunner runner) {
        Map<Address, String> ids = new TreeMap<>();
        for (ResourceRecord r : runner.state().resources().values()) {
            ids.put(r.address(), r.physicalId());
        }
        return ids;
    }
}
