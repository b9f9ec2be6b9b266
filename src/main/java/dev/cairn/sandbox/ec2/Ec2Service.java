package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.core.Xml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EC2 over the EC2 query protocol ({@code Version=2016-11-15}, signing name {@code ec2}): the
 * definition the registry serves. Each resource family registers its actions
 * ({@code VpcResponses}, {@code SubnetResponses}, …); every action runs on an {@link Ec2Backend}
 * of the caller's account and region, advanced to the call's clock first.
 */
public final class Ec2Service {
    static final String SIGNING_NAME = "ec2";
    static final String VERSION = "2016-11-15";
    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/" + VERSION + "/";

    /** One action: reads the request, drives the backend, writes the inside of the response. */
    @FunctionalInterface
    interface Action {
        void handle(QueryParams p, Ec2Backend b, Xml x);
    }

    /** The action table the resource families' responses fill, each action marked read-only or mutating. */
    static final class Actions {
        private final Map<String, Action> actions = new LinkedHashMap<>();
        private final Set<String> readOnly = new LinkedHashSet<>();

        void mutating(String name, Action action) {
            actions.put(name, action);
        }

        void readOnly(String name, Action action) {
            actions.put(name, action);
            readOnly.add(name);
        }
    }

    private Ec2Service() {
    }

    /** EC2's definition, with the configuration's EC2 knobs. */
    public static ServiceDefinition definition(Ec2Settings settings) {
        Actions table = new Actions();
        VpcResponses.register(table);
        SubnetResponses.register(table);
        InternetGatewayResponses.register(table);
        RouteTableResponses.register(table);
        AddressResponses.register(table);
        NatGatewayResponses.register(table);
        NetworkInterfaceResponses.register(table);
        TagResponses.register(table);
        GeographyResponses.register(table);
        SecurityGroupResponses.register(table);
        KeyPairResponses.register(table);
        ImageResponses.register(table);
        InstanceResponses.register(table);
        VolumeResponses.register(table);
        VpcPeeringResponses.register(table);
        LaunchTemplateResponses.register(table);
        SnapshotResponses.register(table);
        ServiceDefinition.Builder b = ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.EC2)
                .apiVersion(VERSION)
                .xmlNamespace(NAMESPACE)
                .store(Ec2Store.SPEC)
                .precheck(Ec2Service::precheck)
                .unknownOperation(action -> new AwsException("InvalidAction",
                        "The action " + action + " is not valid for this web service."))
                .inventory((world, now, account, region) -> live(world, settings, now, account, region))
                .export(Ec2Images.class, call -> (prefix, arch) -> Catalog.latest(call.region(), prefix, arch).id())
                .export(Ec2Fleet.class, call -> new Fleet(backend(call.state(Ec2Store.class), call.world(), settings,
                        call.accountId(), call.region(), call.now())))
                .export(Ec2Network.class, call -> network(backend(call.state(Ec2Store.class), call.world(), settings,
                        call.accountId(), call.region(), call.now())));
        table.actions.forEach((name, action) -> b.query(name,
                table.readOnly.contains(name) ? ServiceDefinition.Effect.READS : ServiceDefinition.Effect.WRITES,
                (call, x) -> run(settings, action, call, x)));
        return b.build();
    }

    /** Before the action is looked up, as AWS does: a known region, then the API version. */
    private static void precheck(Call call) {
        Regions.require(call.region());
        String version = call.params().get("Version");
        if (!VERSION.equals(version)) {
            throw new AwsException("InvalidParameterValue", "Invalid API version: " + version);
        }
    }

    private static void run(Ec2Settings settings, Action action, Call call, Xml x) {
        if (Boolean.TRUE.equals(call.params().bool("DryRun"))) {
            // AWS answers a permitted dry run with this error (HTTP 412) and changes nothing.
            throw new AwsException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        }
        Ec2Backend backend = backend(call.state(Ec2Store.class), call.world(), settings, call.accountId(),
                call.region(), call.now());
        action.handle(call.params(), backend, x);
    }

    private static Ec2Backend backend(Ec2Store store, World world, Ec2Settings settings, String account, String region,
                                      long now) {
        Ec2Backend backend = new Ec2Backend(store, account, Regions.require(region), settings, world.timing(),
                world.random(), now);
        backend.advance();
        return backend;
    }

    /** EC2's network interfaces for another service's resources, on one request's backend. */
    private static Ec2Network network(Ec2Backend b) {
        return new Ec2Network() {
            @Override
            public Interface createInterface(String subnetId, List<String> groupIds, String description,
                                             String interfaceType) {
                Ec2Model.Subnet subnet = b.subnet(subnetId);
                for (String g : groupIds) {
                    if (!b.securityGroups().securityGroup(g).vpcId.equals(subnet.vpcId)) {
                        throw new AwsException("InvalidParameter", "Security group " + g + " and subnet " + subnetId
                                + " belong to different networks.");
                    }
                }
                Ec2Model.NetworkInterface eni = b.networkInterfaces().createManaged(subnet, description, interfaceType,
                        groupIds);
                return new Interface(eni.id, eni.subnetId, eni.vpcId, eni.availabilityZone, eni.privateIp);
            }

            @Override
            public void releaseInterface(String networkInterfaceId) {
                b.networkInterfaces().releaseOwned(networkInterfaceId);
            }
        };
    }

    /** Every live EC2 resource of the accounts and regions asked for, advanced to {@code now}. */
    private static List<LiveResource> live(World world, Ec2Settings settings, long now, String account, String region) {
        Ec2Store store = world.store(Ec2Store.class);
        List<LiveResource> out = new ArrayList<>();
        for (Map.Entry<String, Ec2Store.Account> a : List.copyOf(store.accounts.entrySet())) {
            if (account != null && !account.equals(a.getKey())) {
                continue;
            }
            for (String r : List.copyOf(a.getValue().regions.keySet())) {
                if (region == null || region.equals(r)) {
                    out.addAll(backend(store, world, settings, a.getKey(), r, now).liveResources());
                }
            }
        }
        return out;
    }
}
