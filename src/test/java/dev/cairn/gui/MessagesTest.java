package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.Message;
import dev.cairn.model.kinds.Ec2Kinds;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void engine_inKorean_wordsTheEnginesAndHandlersMessagesAndKinds() {
        Messages ko = new Messages(Locale.KOREAN);

        assertThat(ko.engine(Message.of("engine.created"))).isEqualTo("생성됨");
        assertThat(ko.engine(Message.of("engine.waitingGone"))).isEqualTo("사라질 때까지 기다리는 중");
        assertThat(ko.engine(Message.of("aws.state", Ec2Kinds.NAT_GATEWAY, "pending")))
                .isEqualTo(ko.i18n(Ec2Kinds.NAT_GATEWAY.displayKey()) + ": pending").doesNotContain("NAT gateway");
    }

    @Test
    void engine_inEnglish_isWhatTheCliPrints() {
        Message m = Message.of("aws.state", Ec2Kinds.NAT_GATEWAY, "pending");

        assertThat(new Messages(Locale.ENGLISH).engine(m)).isEqualTo(m.english()).isEqualTo("NAT gateway is pending");
    }

    @Test
    void engine_whenRaw_showsAwsWordsAsTheyAre() {
        assertThat(new Messages(Locale.KOREAN).engine(Message.raw("VpcLimitExceeded: too many"))).isEqualTo("VpcLimitExceeded: too many");
    }
}
