package dev.cairn.engine;

import static dev.cairn.engine.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    /** What a full disk answers; the journal must not care which I/O error it is. */
    private static final String DISK_FULL = "No space left on device";
    /** Bytes of an entry's line that reach the file before the disk is full: a half line. */
    private static final int BYTES_BEFORE_FAILURE = 20;

    @TempDir
    Path tmp;

    private final ResourceSpec vpc = spec("network.vpc", Ec2Kinds.VPC);
    private final ResourceSpec subnet = spec("network.subnet[app-a]", Ec2Kinds.SUBNET, "vpc", "network.vpc");
    /** The channel of the journal {@link #openFailing} opened last. */
    private FailingChannel channel;

    private Journal openFailing(Path file) throws IOException {
        return Journal.open(file, StackStore.mapper(), Clock.systemUTC(),
                f -> channel = new FailingChannel(FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)));
    }

    @Test
    void append_whenWriteFailsPartWay_cutsTheHalfLineAndTheStackOpensWithEveryAcknowledgedEntry() throws Exception {
        Path dir = tmp.resolve("demo");
        Files.createDirectories(dir);
        Path file = dir.resolve(StackStore.JOURNAL_FILE);
        try (Journal journal = openFailing(file)) {
            journal.append(JournalEntry.intent(JournalEntry.CREATE, vpc, "tok-1", null));
            channel.failNextWriteAfter(BYTES_BEFORE_FAILURE);

            assertThatThrownBy(() -> journal.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, vpc,
                    "vpc-1", Map.of(), null))).isInstanceOf(IOException.class).hasMessage(DISK_FULL);

            // The run goes on once there is room again; its next entries are whole lines.
            journal.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, vpc, "vpc-1", Map.of(), null));
            journal.append(JournalEntry.intent(JournalEntry.CREATE, subnet, "tok-2", null));
        }

        try (StackStore store = LocalStackStore.open(dir)) {
            assertThat(store.journalEntries()).extracting(JournalEntry::type, JournalEntry::address).containsExactly(
                    tuple(JournalEntry.INTENT, "network.vpc"),
                    tuple(JournalEntry.OUTCOME, "network.vpc"),
                    tuple(JournalEntry.INTENT, "network.subnet[app-a]"));
            assertThat(store.journalEntries()).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
            assertThat(store.state().get(vpc.address()).orElseThrow().status()).isEqualTo(ItemStatus.READY);
            assertThat(store.state().pending()).containsOnlyKeys(subnet.address());
        }
    }

    @Test
    void append_whenForceFails_leavesNoTraceOfTheEntry() throws Exception {
        Path file = tmp.resolve(StackStore.JOURNAL_FILE);
        try (Journal journal = openFailing(file)) {
            journal.append(JournalEntry.intent(JournalEntry.CREATE, vpc, "tok-1", null));
            long acknowledged = Files.size(file);
            channel.failNextForce();

            assertThatThrownBy(() -> journal.append(JournalEntry.intent(JournalEntry.CREATE, subnet, "tok-2", null)))
                    .isInstanceOf(IOException.class);

            assertThat(Files.size(file)).isEqualTo(acknowledged);
            assertThat(journal.entries()).hasSize(1);
        }
        assertThat(Journal.read(file, StackStore.mapper())).extracting(JournalEntry::clientToken).containsExactly("tok-1");
    }

    @Test
    void append_whenTheCutBackFailsToo_cutsBeforeTheNextEntry() throws Exception {
        Path file = tmp.resolve(StackStore.JOURNAL_FILE);
        try (Journal journal = openFailing(file)) {
            journal.append(JournalEntry.intent(JournalEntry.CREATE, vpc, "tok-1", null));
            channel.failNextWriteAfter(BYTES_BEFORE_FAILURE);
            channel.failNextTruncate();

            assertThatThrownBy(() -> journal.append(JournalEntry.intent(JournalEntry.CREATE, subnet, "tok-2", null)))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            journal.append(JournalEntry.intent(JournalEntry.CREATE, subnet, "tok-3", null));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(2);
        assertThat(Journal.read(file, StackStore.mapper())).extracting(JournalEntry::clientToken).containsExactly("tok-1", "tok-3");
    }

    /**
     * A real file channel that fails on command, as a full disk or a failing device does: a write
     * that puts only some bytes down before the error, a force or a truncate that fails.
     */
    static final class FailingChannel extends FileChannel {
        private final FileChannel delegate;
        private int failWriteAfter = -1;
        private boolean failForce;
        private boolean failTruncate;

        FailingChannel(FileChannel delegate) {
            this.delegate = delegate;
        }

        void failNextWriteAfter(int bytes) {
            failWriteAfter = bytes;
        }

        void failNextForce() {
            failForce = true;
        }

        void failNextTruncate() {
            failTruncate = true;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (failWriteAfter < 0) {
                return delegate.write(src, position);
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + Math.min(failWriteAfter, part.remaining()));
            failWriteAfter = -1;
            delegate.write(part, position);
            throw new IOException(DISK_FULL);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForce) {
                failForce = false;
                throw new IOException("Input/output error");
            }
            delegate.force(metaData);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failTruncate) {
                failTruncate = false;
                throw new IOException("Input/output error");
            }
            delegate.truncate(size);
            return this;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            throw new UnsupportedOperationException("the journal writes at explicit positions");
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("the journal writes at explicit positions");
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
