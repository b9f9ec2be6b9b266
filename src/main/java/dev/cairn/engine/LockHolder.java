package dev.cairn.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Who holds a stack's lock, as both stores write it (the local {@code lock} file, the S3
 * {@code lock.json} object): a random ID, the OS user, the host, the process, the command, since
 * when, and (in S3) the last heartbeat. Nothing secret: no credentials, no account keys.
 *
 * @param id random per run; {@code cairn state unlock --lock-id} must name it
 * @param who the OS user ({@code user.name})
 * @param host the machine's name
 * @param pid the holder's process ID on {@code host}
 * @param command what the holder runs: {@code apply}, {@code destroy}, {@code migrate}, …
 * @param since when the lock was taken
 * @param heartbeat when the holder last said it is alive (S3); null where the lock is the OS's
 *     own (a local file lock dies with its process, so it needs none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LockHolder(String id, String who, String host, long pid, String command, Instant since, Instant heartbeat) {

    /** How often a holder refreshes its heartbeat in S3. */
    public static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(30);
    /**
     * A heartbeat older than this means the holder is gone: four missed heartbeats, so a slow
     * network or a paused laptop does not make a live run look dead.
     */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);

    public LockHolder {
        Objects.requireNonNull(id, "id");
        who = who == null ? "unknown" : who;
        host = host == null ? "unknown" : host;
        command = command == null ? "unknown" : command;
    }

    /** This process, about to run {@code command}, with a new random ID and a heartbeat now. */
    public static LockHolder forThisProcess(String command, Clock clock) {
        Instant now = clock.instant();
        return new LockHolder(UUID.randomUUID().toString(), System.getProperty("user.name"), thisHost(),
                ProcessHandle.current().pid(), command, now, now);
    }

    /** The same holder, alive at {@code when}. */
    public LockHolder withHeartbeat(Instant when) {
        return new LockHolder(id, who, host, pid, command, since, when);
    }

    /** The same holder without a heartbeat (a local lock: the OS ends it with the process). */
    public LockHolder withoutHeartbeat() {
        return new LockHolder(id, who, host, pid, command, since, null);
    }

    /**
     * Whether the holder is gone: its heartbeat is older than {@link #STALE_AFTER} at {@code now},
     * or it ran on this host and its process no longer exists.
     */
    public boolean stale(Instant now) {
        if (heartbeat != null && Duration.between(heartbeat, now).compareTo(STALE_AFTER) > 0) {
            return true;
        }
        return host.equals(thisHost()) && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** "alice on build-7 (pid 4242) running apply since 2026-12-06T10:00:00Z". */
    @JsonIgnore
    public String describe() {
        return who + " on " + host + " (pid " + pid + ") running " + command + " since " + since;
    }

    public byte[] toJson() {
        try {
            return StackStore.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("a lock holder always serializes", e);
        }
    }

    /** Reads what {@link #toJson} wrote; throws for anything else. */
    public static LockHolder fromJson(byte[] json) throws IOException {
        return StackStore.mapper().readValue(json, LockHolder.class);
    }

    private static volatile String cachedHost;

    /** This machine's name: {@code $HOSTNAME}, else what the resolver says, else {@code localhost}. */
    public static String thisHost() {
        String h = cachedHost;
        if (h == null) {
            h = System.getenv("HOSTNAME");
            if (h == null || h.isBlank()) {
                try {
                    h = InetAddress.getLocalHost().getHostName();
                } catch (IOException e) {
                    h = "localhost";
                }
            }
            cachedHost = h;
        }
        return h;
    }
}
