package dev.cairn.sandbox.codedeploy;

import dev.cairn.sandbox.codedeploy.CodeDeployStore.Deployment;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.DeploymentGroup;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.LifecycleEvent;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.ecs.EcsDeployments;
import dev.cairn.sandbox.elbv2.ElbListenerControl;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ECS blue/green lifecycle of one deployment, moved on the Sandbox's clock: the replacement
 * task set on the target group production does not use, test traffic to it, the production
 * reroute, the original task set kept for the termination wait and then deleted. A failure (the
 * replacement never stable, a listener or task set ECS or ELB refuses) fails the deployment and,
 * with auto rollback, puts traffic back on the original task set.
 *
 * <p>Pure rules over the store's objects and the two peers, so tests drive it with fakes.
 * {@link #advance} moves as far as the clock allows; each phase starts when the previous one
 * ended (not when a request happened to look), so a deployment settled late keeps AWS's timeline.
 */
final class BlueGreen {
    /** The ECS target's lifecycle events, in AWS's order for a deployment group with a test listener. */
    static final List<String> EVENTS = List.of("BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic",
            "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic");
    /** Created → InProgress: AWS starts an ECS deployment a few seconds after CreateDeployment. */
    static final Duration START_DELAY = Duration.ofSeconds(3);
    /** A hook event without hooks (the Sandbox runs no Lambda hooks): AWS passes it in about two seconds. */
    static final Duration HOOK_EVENT = Duration.ofSeconds(2);
    /** Install at the least: AWS's task set creation and registration take at least this long. */
    static final Duration INSTALL_MIN = Duration.ofSeconds(10);
    /** AWS fails an ECS deployment whose replacement task set is not stable within an hour. */
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(60);
    /**
     * The least wall time the Sandbox waits for a replacement to become stable, even instant or
     * heavily scaled: ECS's own tasks need a few settling requests before they can be seen stable.
     */
    static final Duration INSTALL_TIMEOUT_FLOOR = Duration.ofSeconds(5);
    /** A listener change takes effect in a few seconds in AWS. */
    static final Duration REROUTE = Duration.ofSeconds(5);

    private final Timing timing;
    private final long now;
    private final Optional<EcsDeployments> ecs;
    private final Optional<ElbListenerControl> elb;

    BlueGreen(Timing timing, long now, Optional<EcsDeployments> ecs, Optional<ElbListenerControl> elb) {
        this.timing = timing;
        this.now = now;
        this.ecs = ecs;
        this.elb = elb;
    }

    static boolean done(Deployment d) {
        return d.status.equals("Succeeded") || d.status.equals("Failed") || d.status.equals("Stopped");
    }

    /**
     * Moves a deployment as far as the clock and its task sets allow.
     *
     * @return whether anything changed (the store must then be saved)
     */
    boolean advance(Deployment d, DeploymentGroup group) {
        boolean changed = false;
        for (int guard = 0; guard < 64 && !done(d); guard++) {
            if (!step(d, group)) {
                break;
            }
            changed = true;
        }
        return changed;
    }

    /** One transition; false when the deployment must wait. */
    private boolean step(Deployment d, DeploymentGroup group) {
        if (d.stopRequested) {
            stop(d);
            return true;
        }
        if (d.status.equals("Created")) {
            long start = d.createTime + timing.scaledMillis(START_DELAY);
            if (now < start) {
                return false;
            }
            d.status = "InProgress";
            d.startTime = start;
            d.phaseStartedAt = start;
            return true;
        }
        if (d.terminationWaitStartedAt != null) {
            long end = d.terminationWaitStartedAt + timing.scaledMillis(Duration.ofMinutes(d.terminationWaitMinutes));
            if (now < end) {
                return false;
            }
            terminateOriginal(d, end);
            return true;
        }
        LifecycleEvent event = d.events.stream().filter(e -> !e.status.equals("Succeeded") && !e.status.equals("Skipped"))
                .findFirst().orElse(null);
        if (event == null) {
            return false;
        }
        try {
            if (event.status.equals("Pending")) {
                event.status = "InProgress";
                event.startTime = d.phaseStartedAt;
                enter(d, group, event);
                return true;
            }
            long due = d.phaseStartedAt + timing.scaledMillis(duration(d, event));
            if (now < due) {
                return false;
            }
            if (event.name.equals("Install") && !replacementStable(d)) {
                long timeout = Math.max(timing.scaledMillis(INSTALL_TIMEOUT), INSTALL_TIMEOUT_FLOOR.toMillis());
                if (now - event.startTime < timeout) {
                    if (event.diagnosticMessage == null) {
                        event.diagnosticMessage = "Waiting for the replacement task set to reach a steady state";
                        return true;
                    }
                    return false;
                }
                throw new Failure("ECS_UPDATE_ERROR", "The ECS deployment timed out: the replacement task set "
                        + d.replacementTaskSetId + " did not reach a steady state (its tasks did not start or did not "
                        + "pass the target group's health checks).");
            }
            leave(d, event);
            // Install ends when the task set was first seen stable; past its minimum that is this look.
            long end = event.name.equals("Install") && event.diagnosticMessage != null ? now : due;
            event.status = "Succeeded";
            event.endTime = end;
            event.diagnosticCode = "Success";
            event.diagnosticMessage = "Succeeded";
            d.phaseStartedAt = end;
            if (event.name.equals(EVENTS.get(EVENTS.size() - 1))) {
                afterTraffic(d, end);
            }
            return true;
        } catch (Failure f) {
            fail(d, event, f.code, f.getMessage());
            return true;
        } catch (AwsException e) {
            fail(d, event, "ECS_UPDATE_ERROR", e.code() + ": " + e.getMessage());
            return true;
        }
    }

    private Duration duration(Deployment d, LifecycleEvent event) {
        return switch (event.name) {
            case "Install" -> INSTALL_MIN;
            case "AllowTestTraffic" -> REROUTE;
            case "AllowTraffic" -> REROUTE.plus(Duration.ofMinutes(DeploymentConfigs.find(d.deploymentConfigName)
                    .map(DeploymentConfigs.Config::shiftMinutes).orElse(0)));
            default -> HOOK_EVENT;
        };
    }

    /** What starting an event does. */
    private void enter(Deployment d, DeploymentGroup group, LifecycleEvent event) {
        switch (event.name) {
            case "BeforeInstall" -> chooseTargetGroups(d, group);
            case "Install" -> {
                EcsDeployments.TaskSetView set;
                try {
                    set = ecs().createTaskSet(d.cluster, d.service, d.taskDefinitionArn, d.replacementTargetGroupArn,
                            d.containerName, d.containerPort);
                } catch (AwsException e) {
                    // After a deployment both listeners forward to the new production group, so the other
                    // group has no load balancer and ECS refuses a task set on it: the test listener
                    // takes it now (it would at AllowTestTraffic anyway) and the task set follows.
                    if (d.testListenerArns.isEmpty() || !e.getMessage().contains("associated load balancer")) {
                        throw e;
                    }
                    for (String listener : d.testListenerArns) {
                        elb().forwardTo(listener, d.replacementTargetGroupArn);
                    }
                    d.testRerouted = true;
                    set = ecs().createTaskSet(d.cluster, d.service, d.taskDefinitionArn, d.replacementTargetGroupArn,
                            d.containerName, d.containerPort);
                }
                d.replacementTaskSetId = set.id();
                d.statusMessages.add("Replacement task set " + set.id() + " created on target group "
                        + name(d.replacementTargetGroupArn));
            }
            case "AllowTestTraffic" -> {
                for (String listener : d.testListenerArns) {
                    elb().forwardTo(listener, d.replacementTargetGroupArn);
                }
                d.testRerouted = !d.testListenerArns.isEmpty();
            }
            default -> {
            }
        }
    }

    /** What ending an event does. */
    private void leave(Deployment d, LifecycleEvent event) {
        if (event.name.equals("AllowTraffic")) {
            for (String listener : d.prodListenerArns) {
                elb().forwardTo(listener, d.replacementTargetGroupArn);
            }
            d.productionRerouted = true;
            ecs().makePrimary(d.cluster, d.service, d.replacementTaskSetId);
            d.statusMessages.add("Production traffic rerouted to the replacement task set " + d.replacementTaskSetId);
        }
    }

    private void afterTraffic(Deployment d, long end) {
        if (d.terminationWaitMinutes < 0) {
            // KEEP_ALIVE: the original task set stays; the deployment is done.
            succeed(d, end);
            return;
        }
        d.terminationWaitStartedAt = end;
        d.statusMessages.add("Waiting " + d.terminationWaitMinutes + " minutes before terminating the original task set "
                + (d.originalTaskSetId == null ? "(none)" : d.originalTaskSetId));
    }

    private void terminateOriginal(Deployment d, long end) {
        if (d.originalTaskSetId != null) {
            try {
                ecs().deleteTaskSet(d.cluster, d.service, d.originalTaskSetId);
            } catch (AwsException e) {
                // A task set already gone (deleted by hand) is what termination wanted.
                if (!e.code().equals("TaskSetNotFoundException")) {
                    throw e;
                }
            }
            d.statusMessages.add("Original task set " + d.originalTaskSetId + " terminated");
        }
        succeed(d, end);
    }

    private static void succeed(Deployment d, long end) {
        d.status = "Succeeded";
        d.completeTime = end;
        d.terminationWaitStartedAt = null;
    }

    /** Which target group takes the replacement: the one of the pair production does not forward to. */
    private void chooseTargetGroups(Deployment d, DeploymentGroup group) {
        List<String> names = DeploymentGroups.targetGroupNames(group);
        if (d.prodListenerArns.isEmpty() || names.size() != 2) {
            throw new Failure("MISSING_ELB_INFORMATION", "The deployment group " + group.id + " has no target group "
                    + "pair with a production listener.");
        }
        String prodTarget = elb().forwardTarget(d.prodListenerArns.get(0)).orElseThrow(() -> new Failure(
                "ELASTIC_LOAD_BALANCING_INVALID", "The production listener " + d.prodListenerArns.get(0)
                        + " does not exist or does not forward to a target group."));
        learn(group, prodTarget);
        for (String listener : d.testListenerArns) {
            elb().forwardTarget(listener).ifPresent(arn -> learn(group, arn));
        }
        String prodName = name(prodTarget);
        if (!names.contains(prodName)) {
            throw new Failure("ELASTIC_LOAD_BALANCING_INVALID", "The production listener forwards to " + prodName
                    + ", which is not one of the deployment group's target groups " + names + ".");
        }
        String replacementName = names.get(0).equals(prodName) ? names.get(1) : names.get(0);
        String replacementArn = group.targetGroupArns.get(replacementName);
        if (replacementArn == null) {
            // Both listeners may forward to the first group (AWS's own tutorial sets them up so):
            // the other one is found by name, as CodeDeploy does.
            replacementArn = elb().targetGroupArn(replacementName).orElseThrow(() -> new Failure(
                    "ELASTIC_LOAD_BALANCING_INVALID", "The target group " + replacementName + " does not exist."));
            learn(group, replacementArn);
        }
        d.originalTargetGroupArn = prodTarget;
        d.replacementTargetGroupArn = replacementArn;
        EcsDeployments.ServiceView service = ecs().service(d.cluster, d.service).orElseThrow(() -> new Failure(
                "INVALID_ECS_SERVICE", "The ECS service " + d.service + " in cluster " + d.cluster + " does not exist."));
        d.originalTaskSetId = service.primaryTaskSetId();
        d.originalTaskDefinitionArn = service.taskDefinitionArn();
    }

    static void learn(DeploymentGroup group, String targetGroupArn) {
        group.targetGroupArns.put(name(targetGroupArn), targetGroupArn);
    }

    /** {@code NAME} of {@code arn:…:targetgroup/NAME/hex}. */
    static String name(String targetGroupArn) {
        if (targetGroupArn == null) {
            return null;
        }
        int i = targetGroupArn.indexOf("targetgroup/");
        if (i < 0) {
            return targetGroupArn;
        }
        String rest = targetGroupArn.substring(i + "targetgroup/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private boolean replacementStable(Deployment d) {
        Optional<EcsDeployments.TaskSetView> set = ecs().taskSet(d.cluster, d.service, d.replacementTaskSetId);
        if (set.isEmpty()) {
            throw new Failure("ECS_UPDATE_ERROR", "The replacement task set " + d.replacementTaskSetId
                    + " was deleted.");
        }
        EcsDeployments.TaskSetView v = set.get();
        return "STEADY_STATE".equals(v.stabilityStatus()) && v.runningCount() >= v.desiredCount();
    }

    /** Fails the deployment; with auto rollback traffic goes back to the original task set. */
    private void fail(Deployment d, LifecycleEvent event, String code, String message) {
        if (event != null) {
            event.status = "Failed";
            event.endTime = now;
            event.diagnosticCode = "UnknownError";
            event.diagnosticMessage = message;
        }
        d.events.stream().filter(e -> e.status.equals("Pending")).forEach(e -> e.status = "Skipped");
        d.status = "Failed";
        d.completeTime = now;
        d.errorCode = code;
        d.errorMessage = message;
        d.statusMessages.add(message);
        if (d.autoRollback) {
            rollBack(d);
            d.statusMessages.add("Deployment " + d.id + " failed; traffic was rolled back to the original task set.");
        }
    }

    private void stop(Deployment d) {
        d.stopRequested = false;
        d.events.stream().filter(e -> e.status.equals("Pending") || e.status.equals("InProgress"))
                .forEach(e -> e.status = "Skipped");
        boolean pastReroute = d.productionRerouted;
        d.status = "Stopped";
        d.completeTime = now;
        d.errorCode = "MANUAL_STOP";
        d.errorMessage = "The deployment was stopped by the user.";
        d.statusMessages.add(d.errorMessage);
        if (d.stopWithRollback || !pastReroute) {
            rollBack(d);
        }
        d.terminationWaitStartedAt = null;
    }

    /** Production and test listeners back on the original target group; the replacement task set deleted. */
    private void rollBack(Deployment d) {
        try {
            if (d.originalTargetGroupArn != null && elb.isPresent()) {
                if (d.productionRerouted) {
                    for (String listener : d.prodListenerArns) {
                        elb.get().forwardTo(listener, d.originalTargetGroupArn);
                    }
                    if (d.originalTaskSetId != null && ecs.isPresent()) {
                        ecs.get().makePrimary(d.cluster, d.service, d.originalTaskSetId);
                    }
                    d.productionRerouted = false;
                }
                if (d.testRerouted) {
                    for (String listener : d.testListenerArns) {
                        elb.get().forwardTo(listener, d.originalTargetGroupArn);
                    }
                    d.testRerouted = false;
                }
            }
            if (d.replacementTaskSetId != null && ecs.isPresent()) {
                ecs.get().deleteTaskSet(d.cluster, d.service, d.replacementTaskSetId);
            }
        } catch (AwsException e) {
            d.statusMessages.add("Rollback incomplete: " + e.code() + ": " + e.getMessage());
        }
    }

    private EcsDeployments ecs() {
        return ecs.orElseThrow(() -> new Failure("INVALID_ECS_SERVICE", "ECS is not served by this Sandbox."));
    }

    private ElbListenerControl elb() {
        return elb.orElseThrow(() -> new Failure("ELASTIC_LOAD_BALANCING_INVALID",
                "Elastic Load Balancing is not served by this Sandbox."));
    }

    /** A failure of the deployment (not of the request), with CodeDeploy's error code. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        Failure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
