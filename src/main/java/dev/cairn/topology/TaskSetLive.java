package dev.cairn.topology;

import java.util.Locale;
import java.util.Objects;

/**
 * One task set of a service that CodeDeploy deploys blue/green, as AWS says now (a deployment's
 * ECS target, {@code taskSetsInfo}): which side it is, how many of its tasks run, and the share of
 * the production traffic it gets.
 *
 * @param label {@code Blue} (the original) or {@code Green} (the replacement), CodeDeploy's word
 * @param taskDefinition the task definition it runs ({@code family:revision}), or empty
 * @param running its tasks running now
 * @param desired the tasks it aims at
 * @param trafficWeight the percentage of production traffic it gets (0–100)
 */
public record TaskSetLive(String label, String taskDefinition, int running, int desired, double trafficWeight) {

    public TaskSetLive {
        label = Objects.requireNonNullElse(label, "");
        taskDefinition = Objects.requireNonNullElse(taskDefinition, "");
    }

    /** What the service's box says of it: {@code blue 100 % · rev 4 · 2/2 running}. */
    public String text() {
        String weight = trafficWeight == Math.rint(trafficWeight) ? String.valueOf((long) trafficWeight)
                : String.format(Locale.ROOT, "%.1f", trafficWeight);
        String rev = taskDefinition.contains(":") ? " · rev " + taskDefinition.substring(taskDefinition.lastIndexOf(':') + 1) : "";
        return label.toLowerCase(Locale.ROOT) + " " + weight + " %" + rev + " · " + running + "/" + desired + " running";
    }
}
