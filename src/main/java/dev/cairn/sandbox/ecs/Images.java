package dev.cairn.sandbox.ecs;

import dev.cairn.sandbox.ecr.EcrImages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a container's image is to the Sandbox: whether it can be pulled and what its web server
 * serves. An ECR image ({@code <account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>}) is pulled
 * from the Sandbox's ECR ({@link EcrImages}): its files are the source a build packaged, and the
 * {@code COPY} lines of its {@code Dockerfile} put them in nginx's (or httpd's) document root. A
 * public nginx or httpd image serves its stock page. Any other public image is pulled (the
 * Sandbox cannot know what it serves: it answers 404). A reference Docker cannot parse, or an
 * ECR image ECR does not have, fails with {@code CannotPullContainerError}.
 */
final class Images {
    private static final Pattern ECR = Pattern.compile(
            "^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([a-z0-9._/-]+)([:@].+)?$");
    /** Docker's reference grammar, roughly: lower-case path components, an optional tag or digest. */
    private static final Pattern REFERENCE = Pattern.compile(
            "^([a-zA-Z0-9.-]+(:\\d+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"
                    + "(:[\\w][\\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$");
    private static final Pattern NGINX = Pattern.compile(
            "^((docker\\.io/)?(library/)?nginx|public\\.ecr\\.aws/nginx/nginx|public\\.ecr\\.aws/docker/library/nginx)([:@].*)?$");
    private static final Pattern HTTPD = Pattern.compile(
            "^((docker\\.io/)?(library/)?httpd|public\\.ecr\\.aws/docker/library/httpd)([:@].*)?$");
    private static final Pattern COPY = Pattern.compile("(?im)^\\s*(?:COPY|ADD)\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)\\s*$");
    private static final Pattern FROM = Pattern.compile("(?im)^\\s*FROM\\s+(\\S+)");
    static final String NGINX_ROOT = "/usr/share/nginx/html/";
    static final String HTTPD_ROOT = "/usr/local/apache2/htdocs/";

    /** nginx's stock page, as the nginx image serves it at {@code /}. */
    static final String NGINX_WELCOME = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n"
            + "html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\n"
            + "font-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n"
            + "<p>If you see this page, the nginx web server is successfully installed and\n"
            + "working. Further configuration is required.</p>\n\n"
            + "<p>For online documentation and support please refer to\n"
            + "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\n"
            + "Commercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n"
            + "<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";
    static final String HTTPD_WELCOME = "<html><body><h1>It works!</h1></body></html>\n";

    /** What a running container serves: its files by web path, and its Server header. */
    record Served(Map<String, String> pages, String server) {
        /** The page of a request path ({@code /} and {@code /dir/} serve {@code index.html}), or null (404). */
        String page(String requestPath) {
            String path = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            if (path.endsWith("/")) {
                return pages.get(path + "index.html");
            }
            String exact = pages.get(path);
            return exact != null ? exact : pages.get(path + "/index.html");
        }
    }

    private Images() {
    }

    /** Why the image cannot be pulled now, or null when it can. */
    static String pullFailure(String image, EcsBackend b) {
        if (image == null || !REFERENCE.matcher(image).matches()) {
            return "invalid reference format: repository name (" + image + ") must be lowercase";
        }
        Matcher ecr = ECR.matcher(image);
        if (!ecr.matches()) {
            return null;
        }
        Optional<Map<String, byte[]>> files = ecrFiles(image, b);
        if (files.isEmpty()) {
            return "pull image manifest has been retried 7 time(s): failed to resolve ref " + image + ": " + image
                    + ": not found";
        }
        return null;
    }

    private static Optional<Map<String, byte[]>> ecrFiles(String image, EcsBackend b) {
        Matcher ecr = ECR.matcher(image);
        if (!ecr.matches() || !ecr.group(1).equals(b.account()) || !ecr.group(2).equals(b.region())) {
            // Another account's or region's registry: the Sandbox's ECR answers for the caller's only.
            return Optional.empty();
        }
        Optional<EcrImages> images = b.ecr();
        return images.isEmpty() ? Optional.empty() : images.get().files(image);
    }

    /** The digest a pulled image reports ({@code sha256:} of its reference and files). */
    static String digest(String image, EcsBackend b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(image.getBytes(StandardCharsets.UTF_8));
            ecrFiles(image, b).ifPresent(files -> files.forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update(v);
            }));
            StringBuilder hex = new StringBuilder("sha256:");
            for (byte x : sha.digest()) {
                hex.append(String.format("%02x", x));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What a container running the image serves. */
    static Served served(String image, EcsBackend b) {
        if (NGINX.matcher(image).matches()) {
            return new Served(Map.of("/index.html", NGINX_WELCOME), "nginx/1.28.0");
        }
        if (HTTPD.matcher(image).matches()) {
            return new Served(Map.of("/index.html", HTTPD_WELCOME), "Apache/2.4.65 (Unix)");
        }
        Optional<Map<String, byte[]>> files = ecrFiles(image, b);
        if (files.isEmpty()) {
            return new Served(Map.of(), "nginx/1.28.0");
        }
        return fromSource(files.get());
    }

    /**
     * The pages of an image built from a source tree: its {@code Dockerfile}'s base image gives the
     * stock page and server, and each {@code COPY src dest} into the document root puts a file there.
     */
    static Served fromSource(Map<String, byte[]> files) {
        Map<String, String> pages = new LinkedHashMap<>();
        String dockerfile = files.containsKey("Dockerfile") ? new String(files.get("Dockerfile"), StandardCharsets.UTF_8) : "";
        Matcher from = FROM.matcher(dockerfile);
        String base = from.find() ? from.group(1) : "";
        String root = NGINX_ROOT;
        String server = "nginx/1.28.0";
        if (HTTPD.matcher(base).matches()) {
            root = HTTPD_ROOT;
            server = "Apache/2.4.65 (Unix)";
            pages.put("/index.html", HTTPD_WELCOME);
        } else if (NGINX.matcher(base).matches()) {
            pages.put("/index.html", NGINX_WELCOME);
        }
        Matcher copy = COPY.matcher(dockerfile);
        while (copy.find()) {
            String src = copy.group(1).replaceFirst("^\\./", "");
            String dest = copy.group(2);
            if (!dest.startsWith(root)) {
                continue;
            }
            String under = dest.substring(root.length());
            if (src.equals(".") || src.endsWith("/")) {
                String prefix = src.equals(".") ? "" : src;
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    if (f.getKey().startsWith(prefix)) {
                        pages.put("/" + under + f.getKey().substring(prefix.length()),
                                new String(f.getValue(), StandardCharsets.UTF_8));
                    }
                }
            } else if (files.containsKey(src)) {
                String target = under.isEmpty() || under.endsWith("/") ? under + src.substring(src.lastIndexOf('/') + 1)
                        : under;
                pages.put("/" + target, new String(files.get(src), StandardCharsets.UTF_8));
            }
        }
        return new Served(pages, server);
    }
}
