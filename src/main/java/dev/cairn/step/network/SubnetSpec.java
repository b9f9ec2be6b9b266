package dev.cairn.step.network;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One subnet the user wants. Its name becomes part of its address ({@code network.subnet[app-a]}),
 * so it must be lowercase letters, digits and hyphens.
 */
@JsonPropertyOrder({"name", "zone", "tier", "cidr"})
public record SubnetSpec(String name, String zone, SubnetTier tier, String cidr) {}
