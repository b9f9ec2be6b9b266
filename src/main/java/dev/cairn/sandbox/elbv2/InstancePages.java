package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.ec2.Ec2Fleet;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an instance serves over HTTP, read from its user data the way the shell would run it:
 * the files the script writes under {@code /var/www/html/} (Apache's document root on Amazon
 * Linux) with a heredoc ({@code cat > /var/www/html/index.html <<EOF … EOF}, {@code <<'EOF'}
 * which does not expand, {@code <<-EOF}, {@code tee}) or an {@code echo … >} line. In an
 * unquoted heredoc or a double-quoted echo, {@code $VAR} and {@code ${VAR}} expand to what the
 * script assigned from instance metadata ({@code VAR=$(curl … http://169.254.169.254/latest/meta-data/<path>)};
 * the IMDSv2 token lines need no answer) or to a plain value it assigned, and a
 * {@code $(curl …/meta-data/<path>)} in the text expands in place. Metadata paths answered:
 * {@code instance-id}, {@code placement/availability-zone}, {@code placement/region},
 * {@code local-ipv4}, {@code local-hostname}; others (among them {@code instance-type}, which
 * {@link Ec2Fleet.InstanceView} does not carry) expand empty, as a failed {@code curl -s} prints
 * nothing useful.
 *
 * <p>A path is served when its file was written ({@code /} and {@code /dir/} serve
 * {@code index.html}); anything else answers 404, as Apache does.
 */
final class InstancePages {
    static final String DOCUMENT_ROOT = "/var/www/html";
    private static final String METADATA = "http://169.254.169.254/latest/meta-data/";
    private static final Pattern ASSIGN_SUBST = Pattern.compile(
            "^\\s*(?:export\\s+|local\\s+|readonly\\s+)?([A-Za-z_][A-Za-z0-9_]*)=\"?\\$\\((.*)\\)\"?\\s*;?\\s*$");
    private static final Pattern ASSIGN_PLAIN = Pattern.compile(
            "^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"$`]*\"|'[^']*'|[^\\s;$`\"']*)\\s*;?\\s*$");
    private static final Pattern META_PATH = Pattern.compile(Pattern.quote(METADATA) + "([A-Za-z0-9/_.-]*)");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    private static final Pattern REDIRECT_TARGET = Pattern.compile("(>>?)\\s*(\"?)(/[^\\s\"<>;|&]+)\\2");
    private static final Pattern TEE_TARGET = Pattern.compile("\\btee\\s+(-a\\s+)?(\"?)(/[^\\s\"<>;|&]+)\\2");
    private static final Pattern ECHO = Pattern.compile(
            "^\\s*echo\\s+(?:-e\\s+|-n\\s+)*(\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)')\\s*(>>?)\\s*(\"?)(/[^\\s\"]+)\\5\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\\\\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)"
            + "|\\$\\(([^()]*)\\)");

    private final Map<String, String> files;

    private InstancePages(Map<String, String> files) {
        this.files = files;
    }

    /** The pages of an instance (its user data, or its image's, as EC2 reports it). */
    static InstancePages of(Ec2Fleet.InstanceView instance, String region) {
        return parse(decode(instance.userData()), metadata(instance, region));
    }

    /** The metadata an instance's script may read, by path under {@code /latest/meta-data/}. */
    static Map<String, String> metadata(Ec2Fleet.InstanceView instance, String region) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("instance-id", instance.instanceId());
        m.put("placement/availability-zone", instance.availabilityZone());
        m.put("placement/region", region);
        String ip = instance.privateIp() == null ? "" : instance.privateIp();
        m.put("local-ipv4", ip);
        // EC2's private DNS names: ec2.internal in us-east-1, <region>.compute.internal elsewhere.
        String domain = region.equals("us-east-1") ? "ec2.internal" : region + ".compute.internal";
        m.put("local-hostname", ip.isEmpty() ? "" : "ip-" + ip.replace('.', '-') + "." + domain);
        return m;
    }

    /** User data as text: EC2 holds it base64-encoded; text that is not base64 is taken as it is. */
    static String decode(String userData) {
        if (userData == null || userData.isBlank()) {
            return "";
        }
        String compact = userData.replaceAll("\\s", "");
        if (compact.matches("[A-Za-z0-9+/]+={0,2}") && compact.length() % 4 == 0) {
            try {
                byte[] bytes = Base64.getDecoder().decode(compact);
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (IllegalArgumentException | CharacterCodingException e) {
                return userData;
            }
        }
        return userData;
    }

    /** Runs the script's file writes over the given metadata. */
    static InstancePages parse(String script, Map<String, String> metadata) {
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        List<String> lines = script.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher heredoc = HEREDOC.matcher(line);
            if (heredoc.find()) {
                boolean stripTabs = !heredoc.group(1).isEmpty();
                boolean expand = heredoc.group(2).isEmpty();
                String delimiter = heredoc.group(3);
                StringBuilder body = new StringBuilder();
                int j = i + 1;
                for (; j < lines.size(); j++) {
                    String bodyLine = stripTabs ? lines.get(j).replaceFirst("^\t+", "") : lines.get(j);
                    if (bodyLine.equals(delimiter)) {
                        break;
                    }
                    body.append(expand ? expand(bodyLine, vars, metadata) : bodyLine).append('\n');
                }
                String rest = line.substring(0, heredoc.start()) + " " + line.substring(heredoc.end());
                Matcher tee = TEE_TARGET.matcher(rest);
                Matcher redirect = REDIRECT_TARGET.matcher(rest);
                if (tee.find()) {
                    write(files, tee.group(3), body.toString(), tee.group(1) != null);
                } else if (redirect.find()) {
                    write(files, redirect.group(3), body.toString(), redirect.group(1).equals(">>"));
                }
                i = j;
                continue;
            }
            Matcher echo = ECHO.matcher(line);
            if (echo.matches()) {
                String text = echo.group(2) != null ? expand(echo.group(2).replace("\\\"", "\""), vars, metadata)
                        : echo.group(3);
                write(files, echo.group(6), text + "\n", echo.group(4).equals(">>"));
                continue;
            }
            Matcher subst = ASSIGN_SUBST.matcher(line);
            if (subst.matches()) {
                vars.put(subst.group(1), substitute(subst.group(2), vars, metadata));
                continue;
            }
            Matcher plain = ASSIGN_PLAIN.matcher(line);
            if (plain.matches()) {
                String v = plain.group(2);
                if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                vars.put(plain.group(1), v);
            }
        }
        return new InstancePages(files);
    }

    private static void write(Map<String, String> files, String path, String content, boolean append) {
        if (!path.startsWith(DOCUMENT_ROOT + "/")) {
            return;
        }
        String web = path.substring(DOCUMENT_ROOT.length());
        files.put(web, append ? files.getOrDefault(web, "") + content : content);
    }

    /** What a command substitution prints: a metadata read, or nothing the Sandbox can know. */
    private static String substitute(String command, Map<String, String> vars, Map<String, String> metadata) {
        Matcher meta = META_PATH.matcher(command);
        if (meta.find()) {
            String path = meta.group(1);
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return metadata.getOrDefault(path, "");
        }
        return "";
    }

    /** Expands variables and command substitutions as an unquoted heredoc does. */
    private static String expand(String text, Map<String, String> vars, Map<String, String> metadata) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group().equals("\\$")) {
                value = "$";
            } else if (m.group(3) != null) {
                value = substitute(m.group(3), vars, metadata);
            } else {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                value = vars.getOrDefault(name, "");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The file a request path serves, or null (404). */
    String page(String requestPath) {
        String path = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.endsWith("/")) {
            return files.get(path + "index.html");
        }
        String exact = files.get(path);
        return exact != null ? exact : files.get(path + "/index.html");
    }

    /** The HTTP status a GET of the path gets: 200 or 404. */
    int status(String requestPath) {
        return page(requestPath) == null ? 404 : 200;
    }

    /** Every file written, by its path under the document root (tests, diagnostics). */
    Map<String, String> files() {
        return files;
    }
}
