package dev.cairn.step.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import org.junit.jupiter.api.Test;

/** The web section's YAML shape, its defaults and the example that `cairn blueprint example` prints. */
class WebStepTest {

    @Test
    void write_whenGuide_roundTripsTheWebSection() {
        Blueprint guide = BlueprintExample.guide();
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(guide));
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint().section(WebSection.KEY)).isEqualTo(BlueprintExample.web());
    }

    @Test
    void write_whenHttpsAndOwnApp_roundTripsThem() {
        WebSection web = new WebSection(true, "ami-0123456789abcdef0", "t3.small", "#!/bin/bash\necho hi > /var/www/html/index.html\n",
                new WebSection.LoadBalancer("/health", 0), new WebSection.Https("example.com", "shop"),
                new WebSection.AutoScaling(2, 2, 4, 30, 50, 60));
        Blueprint bp = BlueprintExample.guide().with(WebSection.KEY, web);
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(bp));
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint().section(WebSection.KEY)).isEqualTo(web);
    }

    @Test
    void demoYaml_enablesTheWebTierCommentsEveryKeyAndShowsHttpsCommentedOut() {
        String yaml = BlueprintExample.demoYaml();
        String web = yaml.substring(yaml.indexOf("\nweb:"));
        assertThat(web).contains("  enabled: true", "  image: latest", "  # app: |", "  # https:", "  #   domain: example.com",
                "  #   subdomain: autoscaling", "    targetCpu: 70");
        // Every key of the section has a comment line just above it.
        String[] lines = web.substring(1).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.strip().startsWith("#") && line.contains(":")) {
                assertThat(lines[i - 1].strip()).as("the comment above " + line).startsWith("#");
            }
        }
        BlueprintYaml.Result read = BlueprintYaml.read(yaml);
        assertThat(read.ok()).isTrue();
        assertThat(read.blueprint().section(WebSection.KEY).httpsOn()).isFalse();
    }

    @Test
    void demoYaml_whenHttpsUncommented_readsTheDomainAndDefaultsNothingElse() {
        String yaml = BlueprintExample.demoYaml().replace("  # https:\n  #   # A public", "  https:\n    # A public")
                .replace("  #   domain: example.com", "    domain: example.com")
                .replace("  #   # The site", "    # The site").replace("  #   subdomain: autoscaling", "    subdomain: autoscaling");
        BlueprintYaml.Result read = BlueprintYaml.read(yaml);
        assertThat(read.errors()).isEmpty();
        assertThat(read.blueprint().section(WebSection.KEY).https()).isEqualTo(new WebSection.Https("example.com", "autoscaling"));
    }

    @Test
    void read_whenOnlyEnabled_fillsTheGuideDefaults() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                network:
                  vpcCidr: 10.1.0.0/16
                  nat: single
                web:
                  enabled: true
                  https:
                    domain: example.com
                """);
        assertThat(result.errors()).isEmpty();
        WebSection web = result.blueprint().section(WebSection.KEY);
        assertThat(web.image()).isEqualTo("latest");
        assertThat(web.instanceType()).isEqualTo("t2.micro");
        assertThat(web.app()).isNull();
        assertThat(web.loadBalancer()).isEqualTo(new WebSection.LoadBalancer("/", 30));
        assertThat(web.https()).isEqualTo(new WebSection.Https("example.com", "autoscaling"));
        assertThat(web.autoScaling()).isEqualTo(new WebSection.AutoScaling(1, 1, 3, 10, 70, 10));
    }

    @Test
    void withDefaults_whenMinAboveGuideDesired_startsAtMin() {
        Blueprint bp = BlueprintExample.demo().with(WebSection.KEY, new WebSection(null, null, null, null, null, null,
                new WebSection.AutoScaling(2, null, null, null, null, null)));
        WebSection web = WebStep.MODULE.withDefaults(bp).section(WebSection.KEY);
        assertThat(web.autoScaling().desired()).isEqualTo(2);
        assertThat(web.autoScaling().max()).isEqualTo(3);
    }

    @Test
    void read_whenUnknownKey_namesTheFieldAndTheAllowedOnes() {
        BlueprintYaml.Result result = BlueprintYaml.read("""
                name: demo
                region: ap-northeast-2
                network:
                  vpcCidr: 10.1.0.0/16
                  nat: single
                web:
                  autoScaling:
                    maximum: 3
                """);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("web.autoScaling.maximum");
            assertThat(e.rule()).isEqualTo("field.unknown");
        });
    }

    @Test
    void userData_isTheImdsV2PageWithAnUnquotedHeredoc() {
        String script = UserData.defaultScript();
        assertThat(script).startsWith("#!/bin/bash\n")
                .contains("TOKEN=$(curl -s -X PUT \"http://169.254.169.254/latest/api/token\"")
                .contains("INSTANCE_ID=$(curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/instance-id)")
                .contains("AZ=$(curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/placement/availability-zone)")
                .contains("PRIVATE_IP=$(curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/local-ipv4)")
                .contains("dnf install -y httpd\ncat > /var/www/html/index.html <<EOF\n")
                .contains("$INSTANCE_ID", "$AZ", "$PRIVATE_IP")
                .endsWith("EOF\nsystemctl enable --now httpd\n");
        // The page is written before httpd starts; the token comes before every metadata read.
        assertThat(script.indexOf("api/token")).isLessThan(script.indexOf("instance-id"));
        assertThat(script).doesNotContain("<<'EOF'").doesNotContain("<<\"EOF\"");
    }

    @Test
    void userData_whenAppGiven_isTheAppAsWritten() {
        WebSection web = new WebSection(true, null, null, "#!/bin/bash\necho mine\n", null, null, null);
        assertThat(UserData.of(web)).isEqualTo("#!/bin/bash\necho mine\n");
    }
}
