package dev.cairn.aws.codeconnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.app.ConnectionStatus;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.CodeConnectionsKinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;

/**
 * The CodeConnections connection handler through the real SDK against each backend that serves
 * CodeConnections (moto has none): created PENDING and ready at once, saying where a person
 * completes the handshake, found by name and tags among connections of the same name, deleted
 * and gone; and {@link ConnectionStatus}, which reads its status live for status reports.
 */
class ConnectionHandlerTest {

    private static final String REGION = "ap-northeast-2";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);

    record Fixture(AwsClients clients, ResourceHandler h, String stack, HandlerContext ctx, List<String> said) {
        CodeConnectionsClient cc() {
            return clients.codeConnections(REGION);
        }

        ResolvedSpec spec(String name) {
            return Specs.resolved(stack, REGION, CodeConnectionsKinds.CONNECTION, "pipeline.connection",
                    Map.of("name", name, "providerType", "GitHub"), Map.of());
        }
    }

    interface Body {
        void run(Fixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("codeconnections"), backend.name() + " does not serve CodeConnections");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            List<String> said = new CopyOnWriteArrayList<>();
            body.run(new Fixture(clients, AwsHandlers.forClients(clients).get(CodeConnectionsKinds.CONNECTION), stack,
                    Specs.context(stack, said), said));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void connection_createdPending_isReadyAtOnceAndSaysWhereToCompleteTheHandshake(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-github";
            ResolvedSpec spec = f.spec(name);
            // A stranger's connection of another name is no concern of this stack's.
            f.cc().createConnection(r -> r.connectionName("someone-else").providerType("GitHub"));
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);

            LiveResource created = f.h().create(f.ctx(), spec, UUID.randomUUID().toString());
            Poll ready = f.h().awaitReady(f.ctx(), spec, created);

            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            ResourceRecord connection = Specs.record(spec, ready.resource());
            String arn = connection.physicalId();
            assertThat(arn).startsWith("arn:aws:codeconnections:" + REGION + ":").contains(":connection/");
            assertThat(connection.attributes()).containsEntry("name", name).containsEntry("status", "PENDING")
                    .containsEntry("consoleUrl", ConnectionHandler.consoleUrl(arn));
            assertThat(f.said()).anyMatch(s -> s.contains("is PENDING") && s.contains(ConnectionHandler.consoleUrl(arn)));
            assertThat(ConnectionHandler.tags(f.cc(), arn)).containsEntry(Tags.STACK, f.stack()).containsEntry(Tags.ADDRESS, "pipeline.connection");
            assertThat(f.h().read(f.ctx(), connection)).map(LiveResource::attributes).contains(connection.attributes());
            assertThat(Specs.ours(f.h().find(f.ctx(), spec))).map(LiveResource::physicalId).contains(arn);
            assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                    .filteredOn(t -> t.resourceType().equals("codeconnections:connection")).singleElement().satisfies(t -> {
                        assertThat(t.physicalId()).isEqualTo(arn);
                        assertThat(t.kind()).isEqualTo(CodeConnectionsKinds.CONNECTION);
                        assertThat(t.awsState()).isEqualTo("PENDING");
                    });

            StackState state = new StackState(f.stack(), Map.of(connection.address(), connection), Map.of());
            assertThat(ConnectionStatus.connection(state)).contains(connection);
            ConnectionStatus status = ConnectionStatus.read(f.clients(), connection);
            assertThat(status.status()).isEqualTo("PENDING");
            assertThat(status.awaitingHandshake()).isTrue();
            assertThat(status.available()).isFalse();
            assertThat(status.consoleUrl()).isEqualTo(ConnectionHandler.consoleUrl(arn));
            assertThat(status.problem()).isEmpty();

            assertThat(Specs.poll(() -> f.h().delete(f.ctx(), connection), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> f.h().awaitGone(f.ctx(), connection), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.h().read(f.ctx(), connection)).isEmpty();
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            assertThat(ConnectionStatus.read(f.clients(), connection).status()).isEqualTo(ConnectionStatus.DELETED);
            assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                    .extracting(TaggedResource::physicalId).doesNotContain(arn);
            // Deleting again (a step repeated after a crash) is done at once.
            assertThat(f.h().delete(f.ctx(), connection).outcome()).isEqualTo(Poll.Outcome.DONE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void connection_find_ofAStrangersConnectionOfTheName_isTaken_andOursIsFoundBesideIt(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-github";
            String strangers = f.cc().createConnection(r -> r.connectionName(name).providerType("GitHub")).connectionArn();

            assertThat(f.h().find(f.ctx().withCreatePending(), f.spec(name)))
                    .isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains(strangers).contains("without"));

            // Names are not unique: a create beside it is ours, and found as ours.
            LiveResource created = f.h().create(f.ctx(), f.spec(name), "t");
            assertThat(Specs.ours(f.h().find(f.ctx(), f.spec(name)))).map(LiveResource::physicalId).contains(created.physicalId());
        });
    }

    @Test
    void consoleUrl_namesTheAccountRegionAndUuidOfTheArn() {
        assertThat(ConnectionHandler.consoleUrl(
                "arn:aws:codeconnections:ap-northeast-2:123456789012:connection/aEXAMPLE-8aad-4d5d-8878-dfcab0bc441f"))
                .isEqualTo("https://console.aws.amazon.com/codesuite/settings/123456789012/ap-northeast-2/connections/"
                        + "aEXAMPLE-8aad-4d5d-8878-dfcab0bc441f");
        assertThatThrownBy(() -> ConnectionHandler.consoleUrl("arn:aws:codeconnections:ap-northeast-2:123456789012:host/x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectionStatus_ofAStateWithoutAConnection_isEmpty() {
        assertThat(ConnectionStatus.connection(StackState.empty("demo"))).isEmpty();
        assertThat(Address.parse("pipeline.connection").value()).isEqualTo("pipeline.connection");
    }
}
