package dev.cairn.sandbox.ecs;

import static dev.cairn.sandbox.ecs.EcsFixture.CLUSTER;
import static dev.cairn.sandbox.ecs.EcsFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.PeerProbe;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.core.Call;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/**
 * A task's network interface is released when the task stops, whatever request stops it — also
 * one whose clock is earlier than the interface's creation, when EC2's lookup by ID cannot see
 * the interface yet. That is how {@code PipelineReleaseTest}'s teardown once waited 5 minutes on
 * the tasks' subnet and security group: the service, its image gone with its repository,
 * launched a task on nearly every request; the delete, stamped when it arrived but taking the
 * world lock after the request that launched the newest task, stopped that task with the earlier
 * clock, and EC2 answered that the interface did not exist. The server now stamps a request when
 * it holds the lock ({@code SandboxClockTest}), but EC2's consistency window hides a new
 * interface from lookups in the same way, so the release must not depend on the clock.
 *
 * <p>The probe operation replays such a delete: ECS's own DeleteService and settling, run with a
 * clock just before the service's oldest unstopped task was launched.
 */
class EcsTaskInterfacesTest {
    private static final String SERVICE = "web";
    /** How far before the oldest unstopped task's launch the replayed delete is stamped. */
    private static final long STAMPED_EARLIER_MS = 1;
    private static final String NOT_IN_ECR = "000000000000.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:abc1234";

    private EcsFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** DeleteService (force) and ECS's settling, stamped just before the service's oldest unstopped task was launched. */
    private static ObjectNode deleteStampedBeforeLaunch(Call call) {
        EcsBackend current = EcsService.backend(call);
        long oldestLaunch = current.state().tasks.values().stream()
                .filter(t -> !t.lastStatus.equals("STOPPED"))
                .mapToLong(t -> t.createdAt).min().orElseThrow(() -> new AssertionError("no unstopped task"));
        Call early = new Call(call.world(), call.service(), call.region(), call.accessKey(), call.requestId(),
                oldestLaunch - STAMPED_EARLIER_MS, call.http());
        EcsBackend b = EcsService.backend(early);
        List<String> stopping = b.state().tasks.values().stream().filter(t -> !t.lastStatus.equals("STOPPED"))
                .map(t -> t.taskId).toList();
        b.services().delete(CLUSTER, SERVICE, true);
        b.tasks().settle();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("stampedAt", early.now());
        out.put("stopped", stopping.stream().filter(id -> b.state().tasks.values().stream()
                .anyMatch(t -> t.taskId.equals(id) && t.lastStatus.equals("STOPPED"))).count());
        out.put("serviceStatus", b.findService(b.cluster(CLUSTER), SERVICE).status);
        return out;
    }

    private EcsFixture fixture() {
        return new EcsFixture(SandboxConfig.instant(), List.of(PeerProbe.service(Map.of(),
                Map.of("DeleteServiceStampedBeforeLaunch", EcsTaskInterfacesTest::deleteStampedBeforeLaunch))));
    }

    private JsonNode deleteStampedBeforeLaunch() {
        return PeerProbe.ask(f.server, SandboxClients.REGION.id(), "DeleteServiceStampedBeforeLaunch", Map.of());
    }

    private List<NetworkInterface> taskGroupInterfaces() {
        return f.ec2.describeNetworkInterfaces(r -> r.filters(x -> x.name("group-id").values(f.taskGroup)))
                .networkInterfaces();
    }

    @Test
    void deleteService_stampedBeforeItsNewestFailedStartRelaunch_releasesThatTasksInterface() throws Exception {
        f = fixture();
        // The image is not in ECR: every task fails to start and the scheduler launches another
        // on the next request (instant profile: no back-off), as after the teardown deleted the repository.
        f.fargateService(SERVICE, f.fargateTaskDefinition(NOT_IN_ECR), 1);
        await("a failed start relaunched", () -> !f.ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE)
                .desiredStatus(DesiredStatus.STOPPED)).taskArns().isEmpty());
        assertThat(taskGroupInterfaces()).as("the relaunched task's interface").hasSize(1);

        JsonNode deleted = deleteStampedBeforeLaunch();

        assertThat(deleted.path("stopped").asLong()).as(deleted.toString()).isEqualTo(1);
        assertThat(deleted.path("serviceStatus").asText()).isEqualTo("INACTIVE");
        assertThat(taskGroupInterfaces()).isEmpty();
        f.ec2.deleteSecurityGroup(r -> r.groupId(f.taskGroup));
    }

    @Test
    void deleteService_stampedBeforeItsRunningTasksWereLaunched_releasesTheirInterfaces() throws Exception {
        f = fixture();
        f.fargateService(SERVICE, f.fargateTaskDefinition(EcsFixture.NGINX), 2);
        await("two tasks run", () -> f.describe(SERVICE).runningCount() == 2);
        assertThat(taskGroupInterfaces()).hasSize(2);

        JsonNode deleted = deleteStampedBeforeLaunch();

        assertThat(deleted.path("stopped").asLong()).as(deleted.toString()).isEqualTo(2);
        assertThat(deleted.path("serviceStatus").asText()).isEqualTo("INACTIVE");
        assertThat(f.ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(SERVICE).desiredStatus(DesiredStatus.STOPPED))
                .taskArns()).hasSize(2);
        assertThat(taskGroupInterfaces()).isEmpty();
        f.ec2.deleteSecurityGroup(r -> r.groupId(f.taskGroup));
    }
}
