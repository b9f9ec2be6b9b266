package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.access.AccessSection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MyIpResolverTest {

    private static Blueprint demo(String myIp) {
        Blueprint demo = BlueprintExample.demo();
        return demo.with(AccessSection.KEY, demo.section(AccessSection.KEY).withMyIp(myIp));
    }

    @Test
    void resolve_whenAuto_asksTheLookupOnceAndMakesAHostCidr() {
        AtomicInteger calls = new AtomicInteger();
        MyIpResolver r = new MyIpResolver(() -> {
            calls.incrementAndGet();
            return "198.51.100.7\n";
        });
        assertThat(r.resolve(demo("auto")).section(AccessSection.KEY).myIp()).isEqualTo("198.51.100.7/32");
        assertThat(calls).hasValue(1);
    }

    @Test
    void resolve_whenAddressGiven_neverAsksAndAddsSlash32() {
        MyIpResolver r = new MyIpResolver(() -> {
            throw new AssertionError("must not look up a given address");
        });
        assertThat(r.resolve(demo("203.0.113.5")).section(AccessSection.KEY).myIp()).isEqualTo("203.0.113.5/32");
        assertThat(r.resolve(demo("203.0.113.5/32")).section(AccessSection.KEY).myIp()).isEqualTo("203.0.113.5/32");
        assertThat(r.resolve(BlueprintExample.networkOnly())).isEqualTo(BlueprintExample.networkOnly());
    }

    @Test
    void resolve_whenLookupAnswersNonsense_saysToSetMyIp() {
        MyIpResolver r = new MyIpResolver(() -> "<html>captive portal</html>");
        assertThatThrownBy(() -> r.resolve(demo("auto"))).isInstanceOf(MyIpResolver.MyIpException.class)
                .hasMessageContaining("set access.myIp");
    }

    @Test
    void forTarget_whenSandboxOrEndpoint_usesTheDocumentationAddressWithoutNetwork() {
        assertThat(MyIpResolver.forTarget(Target.Kind.SANDBOX).resolve(demo("auto")).section(AccessSection.KEY).myIp())
                .isEqualTo(MyIpResolver.SANDBOX_ADDRESS);
        assertThat(MyIpResolver.forTarget(Target.Kind.ENDPOINT).resolve(demo("auto")).section(AccessSection.KEY).myIp())
                .isEqualTo("203.0.113.10/32");
    }

    @Test
    void reason_whenTheJdkGivesNoMessage_saysWhatHappenedInWords() {
        // What java.net.http throws offline: a ConnectException whose message is null.
        assertThat(MyIpResolver.reason(new java.net.ConnectException())).isEqualTo("no connection: is this machine offline?");
        assertThat(MyIpResolver.reason(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("no answer within 5 s");
        assertThat(MyIpResolver.reason(new java.io.IOException("Connection reset"))).isEqualTo("Connection reset");
    }
}
