package dev.cairn.sandbox.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.ec2.Ec2Model.RegionState;
import dev.cairn.sandbox.ec2.Ec2Model.VpcPeering;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * EC2's store: per account, its regions' state and its VPC peering connections (a peering spans
 * two regions, so it belongs to the account, as in moto's BackendDict by account and region).
 * Saved as {@code ec2.json}; schema 1. A Sandbox from before the per-service stores kept the same
 * records in {@code sandbox-state.json} as {@code accounts: {account: {region: …}}} and
 * {@code peerings: {account: {…}}}: it is imported once (schema 0 → 1). Schema 2 adds launch
 * templates, own images and snapshots to each region, and instances' user data, metadata endpoint
 * and launch template: a schema-1 file has none of them, which is what its absent fields read as
 * (no templates, images or snapshots; no user data; IMDS enabled), so 1 → 2 changes nothing.
 */
final class Ec2Store {
    static final String FILE_NAME = "ec2.json";
    static final String LEGACY_FILE_NAME = "sandbox-state.json";
    static final int SCHEMA_VERSION = 2;
    static final StoreSpec<Ec2Store> SPEC = new StoreSpec<>(FILE_NAME, Ec2Store.class, SCHEMA_VERSION, Ec2Store::new,
            Map.of(0, Ec2Store::fromLegacy, 1, UnaryOperator.identity()), LEGACY_FILE_NAME);

    /** One account's EC2: regions by name, and the peering connections it requested. */
    static final class Account {
        public LinkedHashMap<String, RegionState> regions = new LinkedHashMap<>();
        public LinkedHashMap<String, VpcPeering> peerings = new LinkedHashMap<>();
    }

    public LinkedHashMap<String, Account> accounts = new LinkedHashMap<>();

    Account account(String account) {
        return accounts.computeIfAbsent(account, a -> new Account());
    }

    RegionState region(String account, String region) {
        return account(account).regions.computeIfAbsent(region, r -> new RegionState());
    }

    /** The peerings an account requested, by ID. */
    LinkedHashMap<String, VpcPeering> peerings(String account) {
        return account(account).peerings;
    }

    /** The peerings of every account (a cross-account accepter sees its partner's), by ID. */
    List<LinkedHashMap<String, VpcPeering>> allPeerings() {
        return accounts.values().stream().map(a -> a.peerings).toList();
    }

    /** A region's state if it exists, without creating it. */
    RegionState existingRegion(String account, String region) {
        Account a = accounts.get(account);
        return a == null ? null : a.regions.get(region);
    }

    /** Schema 0 (the old {@code sandbox-state.json}) to schema 1: regions and peerings under their account. */
    static JsonNode fromLegacy(JsonNode legacy) {
        ObjectNode accounts = JsonNodeFactory.instance.objectNode();
        JsonNode oldAccounts = legacy.path("accounts");
        for (Iterator<Map.Entry<String, JsonNode>> it = oldAccounts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            accounts.putObject(e.getKey()).set("regions", e.getValue());
        }
        JsonNode oldPeerings = legacy.path("peerings");
        for (Iterator<Map.Entry<String, JsonNode>> it = oldPeerings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode account = accounts.get(e.getKey());
            (account == null ? accounts.putObject(e.getKey()) : (ObjectNode) account).set("peerings", e.getValue());
        }
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.set("accounts", accounts);
        return state;
    }
}
