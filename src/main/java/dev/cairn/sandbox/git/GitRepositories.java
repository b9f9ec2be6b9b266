package dev.cairn.sandbox.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The Sandbox's GitHub stand-in with JGit: bare repositories {@code repos/<owner>/<name>.git}
 * under the Sandbox's data folder, or under a temporary folder (deleted by {@link #close()}) when
 * the Sandbox keeps its state in memory. The repositories are files, not a store: a person clones
 * and pushes to them with any Git, so what they hold is always what is on disk.
 *
 * <p>Thread safety: every method opens the repository it needs and closes it; JGit's ref updates
 * are atomic on disk, so a push by an outside {@code git} and a commit made here do not corrupt
 * each other (the later one fails its compare-and-set and says so).
 */
public final class GitRepositories implements SandboxRepositories, AutoCloseable {
    /** GitHub's rules for {@code owner/name}: owner of letters, digits and hyphens; name also dots and underscores. */
    private static final Pattern OWNER_AND_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
    /** The repository config key where the stack a repository was made for is kept (the control API lists it). */
    private static final String CONFIG_SECTION = "cairn";
    private static final String CONFIG_STACK = "stack";
    /** Who commits through the control API (the GUI's "Commit a change"). */
    static final PersonIdent SANDBOX_AUTHOR = new PersonIdent("Cairn Sandbox", "sandbox@cairn.invalid");

    private Path root;
    private final boolean temporary;

    private GitRepositories(Path dataDir) {
        this.temporary = dataDir == null;
        this.root = dataDir == null ? null : dataDir.resolve("repos");
    }

    /** Repositories under {@code dataDir/repos}, or under a temporary folder when {@code dataDir} is null. */
    public static GitRepositories under(Path dataDir) {
        return new GitRepositories(dataDir);
    }

    /** The folder holding {@code <owner>/<name>.git}; a temporary one is made on first use. */
    public synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("sandbox-repos-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for the Sandbox's repositories", e);
            }
        }
        return root;
    }

    /** Whether {@code text} is a GitHub {@code owner/name}. */
    public static boolean validName(String text) {
        return text != null && OWNER_AND_NAME.matcher(text).matches() && !text.endsWith(".git")
                && !text.contains("..") && !text.endsWith("/.") && !text.endsWith("/-");
    }

    private static void requireName(String ownerAndName) {
        if (!validName(ownerAndName)) {
            throw new IllegalArgumentException("not a GitHub owner/name: " + ownerAndName);
        }
    }

    private Path folder(String ownerAndName) {
        requireName(ownerAndName);
        return root().resolve(ownerAndName + ".git");
    }

    @Override
    public Path bare(String ownerAndName) {
        Path dir = folder(ownerAndName);
        if (!Files.isDirectory(dir.resolve("objects"))) {
            try (Repository repo = FileRepositoryBuilder.create(dir.toFile())) {
                repo.create(true);
                // GitHub's default branch since 2020; a clone checks it out.
                RefUpdate head = repo.getRefDatabase().newUpdate(Constants.HEAD, false);
                head.link(Constants.R_HEADS + "main");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the repository " + ownerAndName, e);
            }
        }
        return dir;
    }

    /** Whether the repository exists. */
    public boolean exists(String ownerAndName) {
        return validName(ownerAndName) && Files.isDirectory(folder(ownerAndName).resolve("objects"));
    }

    @Override
    public String cloneUrl(String ownerAndName) {
        return folder(ownerAndName).toUri().toString();
    }

    @Override
    public Optional<Commit> head(String ownerAndName, String branch) {
        if (!exists(ownerAndName)) {
            return Optional.empty();
        }
        try (Repository repo = open(ownerAndName); RevWalk walk = new RevWalk(repo)) {
            Ref ref = repo.exactRef(Constants.R_HEADS + branch);
            if (ref == null || ref.getObjectId() == null) {
                return Optional.empty();
            }
            RevCommit c = walk.parseCommit(ref.getObjectId());
            return Optional.of(new Commit(c.getName(), c.getFullMessage().strip(), c.getAuthorIdent().getName()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ownerAndName, e);
        }
    }

    @Override
    public byte[] zip(String ownerAndName, String commitId) {
        Map<String, byte[]> files = files(ownerAndName, commitId);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The files of a commit's tree by path, sorted; {@code IllegalArgumentException} for an unknown commit. */
    public Map<String, byte[]> files(String ownerAndName, String commitId) {
        if (!exists(ownerAndName)) {
            throw new IllegalArgumentException("no repository " + ownerAndName);
        }
        try (Repository repo = open(ownerAndName); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(commitId);
            if (id == null) {
                throw new IllegalArgumentException("no commit " + commitId + " in " + ownerAndName);
            }
            RevCommit commit = walk.parseCommit(id);
            Map<String, byte[]> out = new TreeMap<>();
            try (TreeWalk tree = new TreeWalk(repo)) {
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    out.put(tree.getPathString(), repo.open(tree.getObjectId(0)).getBytes());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ownerAndName, e);
        }
    }

    /**
     * Commits files onto a branch (creating repository and branch when missing): the branch's
     * tree with these paths written over it. A commit that would change nothing is still made, as
     * {@code git commit --allow-empty} does, so every call is a push the pipeline sees.
     *
     * @return the new commit
     */
    public Commit commit(String ownerAndName, String branch, String message, Map<String, String> files) {
        bare(ownerAndName);
        try (Repository repo = open(ownerAndName); RevWalk walk = new RevWalk(repo);
             ObjectInserter inserter = repo.newObjectInserter()) {
            String refName = Constants.R_HEADS + branch;
            Ref ref = repo.exactRef(refName);
            ObjectId parent = ref == null ? null : ref.getObjectId();
            TreeMap<String, ObjectId> entries = new TreeMap<>();
            if (parent != null) {
                try (TreeWalk tree = new TreeWalk(repo)) {
                    tree.addTree(walk.parseCommit(parent).getTree());
                    tree.setRecursive(true);
                    while (tree.next()) {
                        entries.put(tree.getPathString(), tree.getObjectId(0));
                    }
                }
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                String path = f.getKey();
                if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                    throw new IllegalArgumentException("not a repository path: " + path);
                }
                entries.put(path, inserter.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
            }
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, ObjectId> e : entries.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(e.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(e.getValue());
                builder.add(entry);
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            if (parent != null) {
                cb.setParentId(parent);
            }
            cb.setAuthor(SANDBOX_AUTHOR);
            cb.setCommitter(SANDBOX_AUTHOR);
            cb.setMessage(message.endsWith("\n") ? message : message + "\n");
            ObjectId commitId = inserter.insert(cb);
            inserter.flush();
            RefUpdate update = repo.updateRef(refName);
            update.setNewObjectId(commitId);
            update.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
            update.setRefLogMessage("commit: " + message.lines().findFirst().orElse(""), false);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IllegalStateException("the branch " + branch + " of " + ownerAndName
                        + " moved meanwhile (" + result + "); try again");
            }
            return new Commit(commitId.getName(), message.strip(), SANDBOX_AUTHOR.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit to " + ownerAndName, e);
        }
    }

    /** Records the stack a repository was made for (kept in its Git config). */
    public void setStack(String ownerAndName, String stack) {
        try (Repository repo = open(ownerAndName)) {
            StoredConfig config = repo.getConfig();
            config.setString(CONFIG_SECTION, null, CONFIG_STACK, stack);
            config.save();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stack a repository was made for, or null. */
    public String stack(String ownerAndName) {
        try (Repository repo = open(ownerAndName)) {
            return repo.getConfig().getString(CONFIG_SECTION, null, CONFIG_STACK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every repository, {@code owner/name}, sorted. */
    public List<String> list() {
        Path base = root();
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return out;
        }
        try (Stream<Path> owners = Files.list(base)) {
            for (Path owner : owners.sorted().toList()) {
                if (!Files.isDirectory(owner)) {
                    continue;
                }
                try (Stream<Path> names = Files.list(owner)) {
                    for (Path repo : names.sorted().toList()) {
                        String file = repo.getFileName().toString();
                        String name = owner.getFileName() + "/" + file.substring(0, Math.max(0, file.length() - 4));
                        if (file.endsWith(".git") && exists(name)) {
                            out.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The branches of a repository, without {@code refs/heads/}. */
    public List<String> branches(String ownerAndName) {
        try (Repository repo = open(ownerAndName)) {
            return repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                    .map(r -> r.getName().substring(Constants.R_HEADS.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Repository open(String ownerAndName) throws IOException {
        return new FileRepositoryBuilder().setGitDir(folder(ownerAndName).toFile()).setMustExist(true).build();
    }

    /** Deletes a temporary root (never a data folder's repositories). */
    @Override
    public synchronized void close() {
        if (!temporary || root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder left behind is harmless; the OS cleans /tmp.
        }
    }
}
