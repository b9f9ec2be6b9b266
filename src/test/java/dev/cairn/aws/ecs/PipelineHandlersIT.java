package dev.cairn.aws.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.elbv2.WebFixture;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.CodeDeployKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Pipeline step's ECS and CodeDeploy handlers against a real account (the default credential
 * chain and region): an ECS cluster (its Container Insights setting changed in place), a Fargate
 * task definition with its execution role and log group, a second revision, and a CodeDeploy
 * application; all torn down, the task definition's revisions deregistered and deleted. Nothing
 * here is billed by the hour. Run with {@code mvn -Dgroups=aws -DexcludedGroups=bench
 * -Dtest=PipelineHandlersIT test}.
 */
@Tag("aws")
class PipelineHandlersIT {

    @Test
    void clusterTaskDefinitionAndApplication_inDefaultRegion_areBuiltChangedAndTornDown() {
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty(), Optional.empty())) {
            String account = clients.whoAmI(region).account();
            WebFixture web = new WebFixture(clients, region, WebFixture.AWS_TIMEOUT, account);
            PipelineFixture f = new PipelineFixture(web, new RealAccount());
            List<ResourceRecord> created = new ArrayList<>();
            ResourceRecord role = null;
            try {
                role = f.role("task-execution", "ecs-tasks.amazonaws.com");
                ResourceRecord logs = f.logGroup();
                ResourceRecord cluster = web.apply(f.clusterSpec("enabled"));
                created.add(cluster);
                ResourceRecord updated = web.update(f.clusterSpec("disabled"), cluster, Set.of("containerInsights"));
                assertThat(updated.attributes()).containsEntry("containerInsights", "disabled");

                ResourceRecord td = web.apply(f.taskDefinitionSpec(Map.of(), role, logs));
                ResourceRecord td2 = web.update(f.taskDefinitionSpec(Map.of("memory", "1024"), role, logs), td, Set.of("memory"));
                created.add(td2);
                assertThat(Integer.parseInt(td2.attributes().get("revision"))).isGreaterThan(Integer.parseInt(td.attributes().get("revision")));

                ResolvedSpec app = web.spec(CodeDeployKinds.APPLICATION, "pipeline.application",
                        Map.of("name", f.stack + "-app", "computePlatform", "ECS"), Map.of());
                created.add(web.apply(app));
            } finally {
                for (int i = created.size() - 1; i >= 0; i--) {
                    web.destroy(created.get(i));
                }
                clients.logs(region).deleteLogGroup(r -> r.logGroupName("/cairn/" + f.stack + "/frontend"));
                if (role != null) {
                    String name = role.physicalId();
                    clients.iam().deleteRole(r -> r.roleName(name));
                }
            }
        }
    }

    /** A real account serves everything and follows AWS's rules. */
    private static final class RealAccount implements dev.cairn.testing.AwsBackend {
        @Override
        public String name() {
            return "aws";
        }

        @Override
        public java.net.URI endpoint() {
            throw new UnsupportedOperationException("a real account has no single endpoint");
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a real account is never reset");
        }

        @Override
        public boolean followsAwsDependencyRules() {
            return true;
        }

        @Override
        public boolean serves(String signingName) {
            return true;
        }
    }
}
