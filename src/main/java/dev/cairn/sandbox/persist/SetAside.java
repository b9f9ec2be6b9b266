package dev.cairn.sandbox.persist;

import java.nio.file.Path;

/**
 * A state file the Sandbox could not read at start and moved out of the way, so it started with
 * that service empty instead of refusing to start. Nothing is deleted: the file is kept under
 * {@code movedTo} for a person to look at.
 *
 * @param file    the file as it was named
 * @param movedTo where it is now
 * @param reason  why it could not be read
 */
public record SetAside(Path file, Path movedTo, String reason) {
}
