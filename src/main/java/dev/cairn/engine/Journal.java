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
 * drops it with a warning (it was never acknowledged, so nothing relied on it).
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

    private Journal(Path file, FileChannel channel, ObjectMapper mapper, Clock clock, List<JournalEntry> entries) {
        this.file = file;
        this.channel = channel;
        this.mapper = mapper;
        this.clock = clock;
        this.entries = entries;
        this.lastSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
    }

    /**
     * Opens (creating if needed) the journal at {@code file}, reads what it holds and cuts off a
     * torn last line so the next append starts on a line of its own.
     */
    static Journal open(Path file, ObjectMapper mapper, Clock clock) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, Permissions.ownerOnlyFile(file));
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
            channel.position(channel.size());
            return new Journal(file, channel, mapper, clock, entries);
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
     * forces it to disk before returning.
     */
    public synchronized JournalEntry append(JournalEntry entry) throws IOException {
        JournalEntry stamped = entry.stamped(lastSeq + 1, clock.instant());
        byte[] line = (mapper.writeValueAsString(stamped) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(true);
        lastSeq = stamped.seq();
        entries.add(stamped);
        return stamped;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
