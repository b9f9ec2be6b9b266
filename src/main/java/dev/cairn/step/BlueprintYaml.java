package dev.cairn.step;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.Section;
import dev.cairn.model.SectionKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes blueprint YAML files: the stack's name, region and tags, then one section per
 * registered step ({@link Steps}), each read and written by its {@link StepModule}. Reading never
 * throws for bad content: every problem (syntax, a key given twice, unknown field, wrong enum
 * value, failed validation) comes back as a {@link FieldError} so the GUI and the CLI can show it
 * beside the field.
 */
public final class BlueprintYaml {

    /**
     * The outcome of reading a blueprint.
     *
     * @param blueprint the blueprint with defaults filled in, or null if the text could not be
     *     mapped at all (syntax error, a key given twice, unknown field, wrong type)
     * @param errors every problem found; empty means the blueprint is valid
     */
    public record Result(Blueprint blueprint, List<FieldError> errors) {
        public Result {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return blueprint != null && errors.isEmpty();
        }
    }

    /** The rule of a key given twice in one mapping: YAML readers differ on which one wins, so neither does. */
    public static final String DUPLICATE_KEY = "yaml.duplicateKey";

    private static final String NAME = "name";
    private static final String REGION = "region";
    private static final String TAGS = "tags";
    /** Where the stack's journal and state live: {@code s3://BUCKET/PREFIX} or a folder. */
    private static final String STATE = "state";
    /** What the document's wrong shape is reported as expecting, as when Jackson mapped the record. */
    private static final String DOCUMENT_TYPE = "Blueprint";

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder().build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final JavaType TAGS_TYPE = MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class);

    /** Comments {@link #writeCommented} puts above the blueprint's own keys; the steps give theirs. */
    private static final Map<String, String> COMMENTS = Map.of(
            NAME, "Stack name: prefixes every resource's Name tag; lowercase letters, digits, hyphens.",
            REGION, "AWS region where everything is built.",
            TAGS, "Your own tags, added to every resource (Cairn adds cairn:stack, cairn:address, Name).",
            STATE, "Where the stack's journal and state live: s3://BUCKET/PREFIX to share it with your team"
                    + " (with a lock), or a folder; left out: ~/.cairn/stacks.");
    /** The indent of a section's own keys in what {@link #write} produces. */
    private static final String NESTED_INDENT = "  ";

    private BlueprintYaml() {}

    /** The rule of the one error {@link #read(Path)} returns for a file it cannot read. */
    public static final String FILE_UNREADABLE = "file.unreadable";

    /** Reads a blueprint file; a file that cannot be read is one error that says why in words. */
    public static Result read(Path file) {
        String reason;
        try {
            if (Files.isDirectory(file)) {
                reason = "it is a folder; give the blueprint's YAML file";
            } else {
                return read(Files.readString(file));
            }
        } catch (NoSuchFileException e) {
            reason = "no such file";
        } catch (AccessDeniedException e) {
            reason = "permission denied";
        } catch (CharacterCodingException e) {
            // Files.readString's own message is only "Input length = N".
            reason = "it is not a text file (a blueprint is YAML, in UTF-8)";
        } catch (IOException e) {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new Result(null, List.of(FieldError.of("", FILE_UNREADABLE, "cannot read " + file + ": " + reason,
                file.toString())));
    }

    /**
     * Refuses a key given twice, maps each top-level key (the steps' sections through their
     * modules), fills defaults, then validates.
     *
     * <p>The text is parsed twice: once to find keys given twice, with the lines of both (a
     * mapping keeps one of them, and which one differs between YAML readers), and once to map it
     * as it streams. Mapping a parsed tree instead would read {@code 1.10}, {@code 0042} or
     * {@code yes} in a text field as the numbers and booleans YAML 1.1 makes of them.
     */
    public static Result read(String yaml) {
        List<FieldError> duplicates = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return new Result(null, List.of(FieldError.of("", "yaml.empty", "the blueprint file is empty")));
            }
            findDuplicateKeys(parser, "", duplicates);
        } catch (JsonProcessingException e) {
            return new Result(null, List.of(toFieldError(e)));
        } catch (IOException e) {
            // The text is in memory: only the parser's own problems, handled above, can occur.
            throw new UncheckedIOException(e);
        }
        if (!duplicates.isEmpty()) {
            return new Result(null, duplicates);
        }
        Blueprint parsed;
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Result(null, List.of(FieldError.of("", "field.type",
                        "the document has the wrong shape (expected " + describe(DOCUMENT_TYPE) + ")", DOCUMENT_TYPE)));
            }
            parsed = map(parser);
        } catch (JsonProcessingException e) {
            return new Result(null, List.of(toFieldError(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Blueprint filled = withDefaults(parsed);
        return new Result(filled, BlueprintValidator.validate(filled));
    }

    /**
     * Walks the value at the parser's current token and reports every key given twice in one
     * mapping, with the line of its first occurrence and of the repeat.
     *
     * @param path the value's field path, like {@code network.subnets[2]}; empty for the document
     */
    private static void findDuplicateKeys(JsonParser parser, String path, List<FieldError> duplicates) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            Map<String, Integer> lines = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = parser.currentTokenLocation().getLineNr();
                String keyPath = path.isEmpty() ? key : path + "." + key;
                Integer first = lines.putIfAbsent(key, line);
                if (first != null) {
                    duplicates.add(FieldError.of(keyPath, DUPLICATE_KEY, keyPath + " is given twice: lines " + first
                            + " and " + line, keyPath, String.valueOf(first), String.valueOf(line)));
                }
                parser.nextToken();
                findDuplicateKeys(parser, keyPath, duplicates);
            }
        } else if (parser.currentToken() == JsonToken.START_ARRAY) {
            for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                findDuplicateKeys(parser, path + "[" + i + "]", duplicates);
            }
        }
    }

    /**
     * The blueprint of the document's top-level mapping, the parser at its start: each key in
     * document order, stopping at the first problem as Jackson does when it maps a record.
     */
    private static Blueprint map(JsonParser parser) throws IOException {
        String name = null;
        String region = null;
        Map<String, String> tags = null;
        String state = null;
        Map<SectionKey<?>, Section> sections = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            try {
                switch (key) {
                    case NAME -> name = MAPPER.readValue(parser, String.class);
                    case REGION -> region = MAPPER.readValue(parser, String.class);
                    case TAGS -> tags = MAPPER.readValue(parser, TAGS_TYPE);
                    case STATE -> state = MAPPER.readValue(parser, String.class);
                    default -> {
                        StepModule<?> step = Steps.find(key).orElseThrow(() -> unknownTopLevelKey(key));
                        Section section = step.read(parser, MAPPER);
                        // "access: ~" leaves the step out, as an absent key does.
                        if (section != null) {
                            sections.put(step.key(), section);
                        }
                    }
                }
            } catch (JsonMappingException e) {
                // The path inside the value, prefixed with its key: network.subnets[2].cidr.
                throw JsonMappingException.wrapWithPath(e, Blueprint.class, key);
            }
        }
        return new Blueprint(name, region, tags, sections, state);
    }

    private static UnrecognizedPropertyException unknownTopLevelKey(String key) {
        List<Object> known = new ArrayList<>(List.of(NAME, REGION, TAGS, STATE));
        Steps.ALL.forEach(s -> known.add(s.name()));
        return new UnrecognizedPropertyException(null, "unknown field " + key, null, Blueprint.class, key, known);
    }

    /** Fills what the user may leave out, step by step ({@link StepModule#withDefaults}). */
    public static Blueprint withDefaults(Blueprint blueprint) {
        for (StepModule<?> step : Steps.ALL) {
            blueprint = step.withDefaults(blueprint);
        }
        return blueprint;
    }

    /** The blueprint as YAML: name, region, tags, state (when given), then the sections in the steps' order. */
    public static String write(Blueprint blueprint) {
        Objects.requireNonNull(blueprint, "blueprint");
        ObjectNode root = MAPPER.createObjectNode();
        if (blueprint.name() != null) {
            root.put(NAME, blueprint.name());
        }
        if (blueprint.region() != null) {
            root.put(REGION, blueprint.region());
        }
        root.set(TAGS, MAPPER.valueToTree(blueprint.tags()));
        if (blueprint.state() != null) {
            root.put(STATE, blueprint.state());
        }
        for (StepModule<?> step : Steps.ALL) {
            Section section = blueprint.section(step.key());
            if (section != null) {
                root.set(step.name(), MAPPER.valueToTree(section));
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of strings, lists and booleans always serializes; a failure here is a bug.
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #write} with a short comment above each key, for people learning the format. */
    public static String writeCommented(Blueprint blueprint) {
        StringBuilder out = new StringBuilder("# Cairn blueprint: what to build. Read it with `cairn plan`.\n");
        Optional<StepModule<?>> section = Optional.empty();
        // The keys enclosing the current line inside a step's section, by depth: a nested key's
        // comment is found under its dotted path ("loadBalancer.healthCheckPath").
        List<String> path = new ArrayList<>();
        for (String line : write(blueprint).split("\n", -1)) {
            String key = line.indexOf(':') < 0 ? "" : line.substring(0, line.indexOf(':')).strip();
            String comment = null;
            int depth = (line.length() - line.stripLeading().length()) / NESTED_INDENT.length();
            if (!line.isEmpty() && !line.startsWith(" ")) {
                section = Steps.find(key);
                comment = section.map(StepModule::comment).orElse(COMMENTS.get(key));
                path.clear();
            } else if (line.startsWith(NESTED_INDENT) && !line.startsWith(NESTED_INDENT + " ")) {
                // Only a step's own keys: a user tag named like one of them gets no comment.
                comment = section.map(s -> s.fieldComments().get(key)).orElse(null);
                path.clear();
                path.add(key);
            } else if (depth >= 2 && !key.isEmpty() && !key.startsWith("-") && path.size() >= depth - 1) {
                while (path.size() > depth - 1) {
                    path.remove(path.size() - 1);
                }
                path.add(key);
                String dotted = String.join(".", path);
                comment = section.map(s -> s.fieldComments().get(dotted)).orElse(null);
            }
            if (comment != null) {
                String indent = line.substring(0, line.length() - line.stripLeading().length());
                out.append(indent).append("# ").append(comment).append('\n');
            }
            out.append(line).append('\n');
        }
        // split(-1) leaves a trailing empty element for the final newline; drop the extra one.
        return out.substring(0, out.length() - 1);
    }

    private static FieldError toFieldError(JsonProcessingException e) {
        // Databind may wrap the parser's syntax error in a mapping exception; report the syntax.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException syntax) {
                return syntaxError(syntax);
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return FieldError.of(field, "field.unknown", "unknown field " + field
                    + (known.isEmpty() ? "" : " (allowed here: " + String.join(", ", known) + ")"),
                    u.getPropertyName(), String.join(", ", known));
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String field = path(f);
            List<String> allowed = allowedValues(f.getTargetType());
            return FieldError.of(field, "enum.value", field + " \"" + f.getValue() + "\" is not one of "
                    + String.join(", ", allowed), String.valueOf(f.getValue()), String.join(", ", allowed));
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            String type = m.getTargetType() == null ? "value" : m.getTargetType().getSimpleName();
            return FieldError.of(field, "field.type", (field.isEmpty() ? "the document" : field)
                    + " has the wrong shape (expected " + describe(type) + ")", type);
        }
        if (e instanceof JsonMappingException m) {
            String field = path(m);
            return FieldError.of(field, "field.invalid", (field.isEmpty() ? "the document" : field)
                    + " is invalid: " + e.getOriginalMessage(), e.getOriginalMessage());
        }
        return syntaxError(e);
    }

    private static FieldError syntaxError(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String line = loc == null ? "?" : String.valueOf(loc.getLineNr());
        String column = loc == null ? "?" : String.valueOf(loc.getColumnNr());
        String reason = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
        return FieldError.of("", "yaml.syntax", "YAML syntax error at line " + line + ", column " + column
                + ": " + reason, line, column, reason);
    }

    private static String describe(String type) {
        return switch (type) {
            case "List" -> "a list";
            case "Map", "LinkedHashMap" -> "a mapping";
            case "String" -> "a text value";
            default -> "a " + type;
        };
    }

    /** An enum's values as YAML writes them: its {@code @JsonValue} names ({@code per-zone}). */
    private static List<String> allowedValues(Class<?> enumType) {
        List<String> names = new ArrayList<>();
        for (Object c : enumType.getEnumConstants()) {
            names.add(MAPPER.convertValue(c, String.class));
        }
        return names;
    }

    /** {@code network.subnets[2].cidr} from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        }
        return sb.toString();
    }
}
