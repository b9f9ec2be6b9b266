package dev.cairn.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only record of every mutating call: {@code journal.jsonl}, one JSON object a line.
 * Every append is forced to disk ({@link FileChannel#force}) before it returns, so an intent is
 * durable before the call it announces. A crash can leave a torn last line; opening the journal
 * drops it with a warning (it was never acknowledged, so nothing relied on it). An append that
 * fails part-way (a full disk, an I/O error) is cut off again before the error reaches the
 * caller, so the entries after it never follow a half line and the journal stays readable.
 *
 * <p>Thread-safe: appends are serialized on this object.
 */
public final class Journal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path file;
    private final FileChannel channel;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final List<JournalEntry> entries;
    private long lastSeq;
    /** Where the last acknowledged entry ends: every byte past it is a failed append's leftover. */
    private long end;

    private Journal(Path file, FileChannel channel, ObjectMapper mapper, Clock clock, List<JournalEntry> entries, long end) {
        this.file = file;
        this.channel = channel;
        this.mapper = mapper;
        this.clock = clock;
        this.entries = entries;
        this.lastSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        this.end = end;
    }

    /** Opens the file for reading and writing; tests replace it to make writes fail. */
    interface ChannelOpener {
        FileChannel open(Path file) throws IOException;
    }

    /**
     * Opens (creating if needed) the journal at {@code file}, reads what it holds and cuts off a
     * torn last line so the next append starts on a line of its own.
     */
    static Journal open(Path file, ObjectMapper mapper, Clock clock) throws IOException {
        return open(file, mapper, clock, f -> FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    static Journal open(Path file, ObjectMapper mapper, Clock clock, ChannelOpener opener) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, Permissions.ownerOnlyFile(file));
            // The new name must be on disk before the first intent is acknowledged in it.
            Permissions.syncDirectory(file.toAbsolutePath().getParent());
        }
        FileChannel channel = opener.open(file);
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end < bytes.length) {
                LOG.warn("journal {}: ignoring a torn last line of {} bytes (a run ended mid-write)", file, bytes.length - end);
                channel.truncate(end);
                channel.force(true);
            }
            List<JournalEntry> entries = parse(file, new String(bytes, 0, end, StandardCharsets.UTF_8), mapper);
            return new Journal(file, channel, mapper, clock, entries, end);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads a journal without opening it for writing; a torn last line is ignored with a warning. */
    public static List<JournalEntry> read(Path file, ObjectMapper mapper) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(file, Files.readString(file, StandardCharsets.UTF_8), mapper);
    }

    private static List<JournalEntry> parse(Path file, String text, ObjectMapper mapper) throws IOException {
        List<JournalEntry> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int last = lines.length - 1;
        while (last >= 0 && lines[last].isBlank()) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(mapper.readValue(lines[i], JournalEntry.class));
            } catch (JsonProcessingException e) {
                if (i == last) {
                    LOG.warn("journal {}: ignoring an unreadable last line {} (a run ended mid-write)", file, i + 1);
                } else {
                    throw new IOException("journal " + file + " is damaged at line " + (i + 1) + ": " + e.getOriginalMessage(), e);
                }
            }
        }
        return out;
    }

    /** Every entry read at open and appended since, in order. */
    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Stamps the entry with the next sequence number and the time, writes it as one line and
     * forces it to disk before returning. When the write or the force fails, the journal is cut
     * back to its last acknowledged entry and the error is thrown: the entry was not appended.
     */
    public synchronized JournalEntry append(JournalEntry entry) throws IOException {
        return write(entry.stamped(lastSeq + 1, clock.instant()));
    }

    /**
     * Appends an entry already numbered and stamped elsewhere (a migration), as {@link #append}
     * does; its number must follow the last one.
     */
    public synchronized JournalEntry appendVerbatim(JournalEntry entry) throws IOException {
        if (entry.seq() != lastSeq + 1) {
            throw new IOException("journal " + file + ": entry " + entry.seq() + " cannot follow entry " + lastSeq);
        }
        return write(entry);
    }

    private JournalEntry write(JournalEntry stamped) throws IOException {
        byte[] line = (mapper.writeValueAsString(stamped) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (channel.size() > end) {
                // An earlier failed append whose cut-back failed too: cut it now.
                channel.truncate(end);
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer, end + buffer.position());
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            cutBack(e);
            throw e;
        }
        end += line.length;
        lastSeq = stamped.seq();
        entries.add(stamped);
        return stamped;
    }

    // A half-written line left in place would make every later entry unreadable ("damaged at
    // line N"). If the cut fails too, the next append retries it before writing.
    private void cutBack(Exception failure) {
        try {
            channel.truncate(end);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
