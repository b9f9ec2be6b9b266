package dev.cairn.sandbox.core;

import java.util.LinkedHashMap;

/**
 * The persisted base of every taggable resource of every service: its ID, when it was created
 * (for the consistency window) and its tags in the order they were set. Plain public fields so
 * Jackson writes and reads the stores as they are; the rules live in the services' models.
 */
public abstract class TaggedResource {
    public String id;
    /** Epoch milliseconds of the wall clock, so state computed from it resumes after a restart. */
    public long createdAt;
    public LinkedHashMap<String, String> tags = new LinkedHashMap<>();
}
