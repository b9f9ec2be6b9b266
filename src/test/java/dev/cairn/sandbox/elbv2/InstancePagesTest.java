package dev.cairn.sandbox.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.ec2.Ec2Fleet;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an instance serves, read from its user data as the shell would run it. */
class InstancePagesTest {
    private static final Ec2Fleet.InstanceView INSTANCE = new Ec2Fleet.InstanceView("i-0abc", "running",
            "subnet-1", "vpc-1", "ap-northeast-2a", "10.0.1.23", List.of("sg-1"), null, null, null, 0L);

    private static InstancePages pages(String script) {
        return InstancePages.parse(script, InstancePages.metadata(INSTANCE, "ap-northeast-2"));
    }

    @Test
    void parse_unquotedHeredoc_expandsMetadataVariablesAndSubstitutions() {
        InstancePages p = pages(ElbFixture.APP_USER_DATA + """
                LOCAL=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)
                cat <<EOF > /var/www/html/health/index.html
                ok $LOCAL $(curl -s http://169.254.169.254/latest/meta-data/local-hostname) \\$HOME
                EOF
                """);

        assertThat(p.page("/")).isEqualTo("<h1>Hello from i-0abc in ap-northeast-2a</h1>\n");
        assertThat(p.page("/index.html")).isEqualTo(p.page("/"));
        assertThat(p.page("/health")).isEqualTo("ok 10.0.1.23 ip-10-0-1-23.ap-northeast-2.compute.internal $HOME\n");
        assertThat(p.status("/nope")).isEqualTo(404);
    }

    @Test
    void parse_quotedHeredoc_keepsTheTextAsWritten() {
        InstancePages p = pages("""
                ID=$(curl -s http://169.254.169.254/latest/meta-data/instance-id)
                cat > /var/www/html/index.html <<'EOF'
                <p>$ID</p>
                EOF
                """);

        assertThat(p.page("/")).isEqualTo("<p>$ID</p>\n");
    }

    @Test
    void parse_echoAndAppend_writeFiles_andPathsOutsideTheDocumentRootAreNotServed() {
        InstancePages p = pages("""
                NAME=demo
                echo "<h1>$NAME</h1>" > /var/www/html/index.html
                echo '<p>$NAME</p>' >> /var/www/html/index.html
                cat > /etc/motd <<EOF
                hello
                EOF
                """);

        assertThat(p.page("/")).isEqualTo("<h1>demo</h1>\n<p>$NAME</p>\n");
        assertThat(p.files()).containsOnlyKeys("/index.html");
    }

    @Test
    void decode_base64UserData_readsTheScript_andPlainTextStaysAsItIs() {
        String script = "#!/bin/bash\necho hi > /var/www/html/index.html\n";
        assertThat(InstancePages.decode(Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(script);
        assertThat(InstancePages.decode(script)).isEqualTo(script);
        assertThat(InstancePages.decode(null)).isEmpty();
    }

    @Test
    void parse_noUserData_servesNothing() {
        assertThat(pages("").status("/")).isEqualTo(404);
    }
}
