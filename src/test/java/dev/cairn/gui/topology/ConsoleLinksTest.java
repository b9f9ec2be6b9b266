package dev.cairn.gui.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.kinds.Ec2Kinds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleLinksTest {

    private static final String BASE = "https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#";

    @Test
    void url_whenEachNetworkKind_pointsAtItsDetailsPage() {
        assertThat(ConsoleLinks.url(Ec2Kinds.VPC, "eu-west-1", "vpc-0a1")).hasValue(BASE + "VpcDetails:VpcId=vpc-0a1");
        assertThat(ConsoleLinks.url(Ec2Kinds.SUBNET, "eu-west-1", "subnet-0a1"))
                .hasValue(BASE + "SubnetDetails:subnetId=subnet-0a1");
        assertThat(ConsoleLinks.url(Ec2Kinds.INTERNET_GATEWAY, "eu-west-1", "igw-0a1"))
                .hasValue(BASE + "InternetGateway:internetGatewayId=igw-0a1");
        assertThat(ConsoleLinks.url(Ec2Kinds.ROUTE_TABLE, "eu-west-1", "rtb-0a1"))
                .hasValue(BASE + "RouteTableDetails:RouteTableId=rtb-0a1");
        assertThat(ConsoleLinks.url(Ec2Kinds.NAT_GATEWAY, "eu-west-1", "nat-0a1"))
                .hasValue(BASE + "NatGatewayDetails:natGatewayId=nat-0a1");
        assertThat(ConsoleLinks.url(Ec2Kinds.ELASTIC_IP, "eu-west-1", "eipalloc-0a1"))
                .hasValue(BASE + "ElasticIpDetails:AllocationId=eipalloc-0a1");
    }

    @Test
    void url_whenKindHasNoPage_isEmpty() {
        assertThat(ConsoleLinks.url(Ec2Kinds.ROUTE, "eu-west-1", "r-rtb-0a1")).isEmpty();
        assertThat(ConsoleLinks.url(Ec2Kinds.IGW_ATTACHMENT, "eu-west-1", "igw-0a1")).isEmpty();
    }

    @Test
    void url_whenIdIsANameOrAnArn_encodesItIntoTheKindsTemplate() {
        ResourceKind bucket = ResourceKind.define("TEST_BUCKET").service(AwsService.S3).label("Bucket").cloudFormation("")
                .taggedOnCreate("bucket").timeouts(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1))
                .cost(ResourceKind.Cost.FREE).shape(ResourceKind.Shape.SERVICE)
                .console("https://s3.console.aws.amazon.com/s3/buckets/{id}?region={region}").build();

        assertThat(ConsoleLinks.url(bucket, "eu-west-1", "demo-logs-0a1"))
                .hasValue("https://s3.console.aws.amazon.com/s3/buckets/demo-logs-0a1?region=eu-west-1");
        assertThat(ConsoleLinks.url(bucket, "eu-west-1", "arn:aws:s3:::demo/logs"))
                .hasValue("https://s3.console.aws.amazon.com/s3/buckets/arn%3Aaws%3As3%3A%3A%3Ademo%2Flogs?region=eu-west-1");
        assertThat(ConsoleLinks.url(bucket, "eu-west-1", "demo logs")).isEmpty();
        assertThat(ConsoleLinks.url(bucket, "eu-west-1", "demo?x=1")).isEmpty();
    }

    @Test
    void url_whenRegionOrIdMalformed_isEmpty() {
        assertThat(ConsoleLinks.url(Ec2Kinds.VPC, "evil.example.com/x", "vpc-0a1")).isEmpty();
        assertThat(ConsoleLinks.url(Ec2Kinds.VPC, "eu-west-1", "vpc-0a1#@evil")).isEmpty();
        assertThat(ConsoleLinks.url(Ec2Kinds.VPC, "eu-west-1", "")).isEmpty();
        assertThat(ConsoleLinks.url(Ec2Kinds.VPC, null, "vpc-0a1")).isEmpty();
    }
}
