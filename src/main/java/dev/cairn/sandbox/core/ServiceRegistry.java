package dev.cairn.sandbox.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The services a Sandbox serves, found the ways a request names them: by SigV4 signing name
 * (and aliases), by query API version and by JSON target prefix; and the interfaces they export
 * to one another. Replaces every switch over service names.
 */
public final class ServiceRegistry {
    private final List<ServiceDefinition> services;
    private final Map<String, ServiceDefinition> bySigningName = new LinkedHashMap<>();
    private final Map<Class<?>, ServiceDefinition> byExport = new LinkedHashMap<>();

    public ServiceRegistry(List<ServiceDefinition> services) {
        this.services = List.copyOf(services);
        for (ServiceDefinition s : this.services) {
            claim(s.name(), s);
            s.aliases().forEach(a -> claim(a, s));
            for (Class<?> api : s.exports().keySet()) {
                if (byExport.put(api, s) != null) {
                    throw new IllegalArgumentException("two services export " + api.getName());
                }
            }
        }
    }

    private void claim(String signingName, ServiceDefinition s) {
        if (bySigningName.put(signingName, s) != null) {
            throw new IllegalArgumentException("two services are signed as '" + signingName + "'");
        }
    }

    /** Every service, in registration order. */
    public List<ServiceDefinition> all() {
        return services;
    }

    /** The service a SigV4 scope names. */
    public Optional<ServiceDefinition> bySigningName(String signingName) {
        return Optional.ofNullable(signingName == null ? null : bySigningName.get(signingName));
    }

    /** The query service of an API version ({@code Version=2016-11-15} → EC2), for unsigned requests. */
    public Optional<ServiceDefinition> byApiVersion(String version) {
        return services.stream().filter(s -> s.apiVersion() != null && s.apiVersion().equals(version)).findFirst();
    }

    /** The awsJson service of an {@code X-Amz-Target} prefix, for unsigned requests. */
    public Optional<ServiceDefinition> byTargetPrefix(String prefix) {
        return services.stream().filter(s -> prefix.equals(s.targetPrefix())).findFirst();
    }

    /** Whether some registered service exports {@code api}. */
    public boolean exports(Class<?> api) {
        return byExport.containsKey(api);
    }

    /** The exported interface of another service, bound to a call (its caller, region and clock). */
    public <T> T peer(Class<T> api, Call call) {
        ServiceDefinition provider = byExport.get(api);
        if (provider == null) {
            throw new IllegalStateException("no registered service exports " + api.getName());
        }
        Function<Call, ?> factory = provider.exports().get(api);
        return api.cast(factory.apply(call.forService(provider)));
    }
}
