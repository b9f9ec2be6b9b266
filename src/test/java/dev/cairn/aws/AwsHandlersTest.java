package dev.cairn.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.ResourceKinds;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every registered kind can be built and torn down: a handler for each, and an update where the kind allows one. */
class AwsHandlersTest {

    @Test
    void forClients_hasAHandlerForEveryRegisteredKind() {
        try (AwsClients clients = AwsClients.sandbox(URI.create("http://127.0.0.1:9"))) {
            Map<ResourceKind, ResourceHandler> handlers = AwsHandlers.forClients(clients);

            assertThat(handlers.keySet()).containsExactlyInAnyOrderElementsOf(ResourceKinds.all());
            handlers.forEach((kind, h) -> assertThat(h.kind()).isSameAs(kind));
        }
    }

    @Test
    void everyKindThatChangesInPlace_hasAHandlerThatImplementsUpdate() throws Exception {
        try (AwsClients clients = AwsClients.sandbox(URI.create("http://127.0.0.1:9"))) {
            for (ResourceHandler wrapped : AwsHandlers.forClients(clients).values()) {
                ResourceKind kind = wrapped.kind();
                boolean changesInPlace = kind.tagsUpdatable()
                        || kind.properties().containsValue(ResourceKind.Change.UPDATE);
                if (!changesInPlace) {
                    continue;
                }
                Class<?> declaring = AwsHandlers.unwrap(wrapped).getClass()
                        .getMethod("update", HandlerContext.class, ResolvedSpec.class, ResourceRecord.class, Set.class)
                        .getDeclaringClass();
                assertThat(declaring).as(kind + " changes in place, so its handler must say how")
                        .isNotEqualTo(ResourceHandler.class);
            }
        }
    }
}
