package dev.cairn.gui;

import java.time.Instant;

/**
 * One stack in a team's state bucket as the app lists it: its name, when its journal last changed
 * (null when it has none yet) and who holds its lock (null when nobody does).
 */
public record TeamStack(String name, Instant lastChange, LockInfo lock) {

    /**
     * A stack's lock holder as people read it: the OS user, the host, the command it runs, since
     * when, and whether it is stale (its heartbeat stopped, or its process on this host is gone).
     * {@code id} is what a forced unlock must name, so it removes this lock and no newer one.
     */
    public record LockInfo(String id, String who, String host, String command, Instant since, boolean stale) {}
}
