package dev.cairn.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UserHomeTest {

    @Test
    void dir_whenHomeVariableSet_isItNotJavasUserHome() {
        assertThat(UserHome.dir("/home/other", "/home/me")).isEqualTo(Path.of("/home/other"));
    }

    @Test
    void dir_whenHomeVariableUnsetOrEmpty_isJavasUserHome() {
        assertThat(UserHome.dir(null, "/home/me")).isEqualTo(Path.of("/home/me"));
        assertThat(UserHome.dir("", "/home/me")).isEqualTo(Path.of("/home/me"));
    }

    @Test
    void expand_whenTilde_isUnderTheHomeAndOtherPathsAreKept() {
        assertThat(UserHome.expand("~/.ssh/id.pub")).isEqualTo(UserHome.dir().resolve(".ssh/id.pub"));
        assertThat(UserHome.expand("~")).isEqualTo(UserHome.dir());
        assertThat(UserHome.expand("/etc/id.pub")).isEqualTo(Path.of("/etc/id.pub"));
        assertThat(UserHome.expand("~other/id.pub")).isEqualTo(Path.of("~other/id.pub"));
    }
}
