package tech.tradeos.execution.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.tradeos.execution.model.config.ConfigException;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * Who may call a service's ops endpoints: with a token, every caller must present it
 * ({@code Authorization: Bearer …}) except for {@code GET /health} (and {@code /health/live}, {@code /health/ready}) and the dashboard page itself; bound
 * to loopback, only requests whose {@code Host} is a loopback name are answered (a web page on another
 * site cannot reach them by DNS rebinding); browsers may read the endpoints only from the configured
 * dashboard origins. The token is never logged or echoed.
 */
public final class OpsAccess {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private final byte[] token;
    private final boolean loopback;
    private final List<String> origins;

    private OpsAccess(byte[] token, boolean loopback, List<String> origins) {
        this.token = token;
        this.loopback = loopback;
        this.origins = List.copyOf(origins);
    }

    /** Open to every local caller (tests, the demo): no token, loopback Host check, no browser origin. */
    public static OpsAccess local() {
        return new OpsAccess(null, true, List.of());
    }

    /**
     * The access of a service bound to {@code http.bind}; {@code dashboardPort} is the router's port the
     * default dashboard origin names.
     *
     * @throws ConfigException when bound beyond loopback without a token, or when the token file cannot be read
     */
    public static OpsAccess from(TradeosConfig.Http http, int dashboardPort) {
        boolean loopback = LOOPBACK.contains(http.bind());
        String token = http.token();
        if (token.isEmpty() && !http.tokenFile().isEmpty()) {
            try {
                token = Files.readAllLines(Path.of(http.tokenFile()), StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            } catch (IOException e) {
                throw new ConfigException("http.token-file " + http.tokenFile() + " cannot be read: " + e.getMessage());
            }
        }
        if (token.isEmpty() && !loopback) {
            throw new ConfigException("http.bind " + http.bind() + " exposes the ops endpoints beyond this host: set "
                    + "http.token-file (or http.token, TRADEOS_HTTP_TOKEN), or bind 127.0.0.1");
        }
        if (!token.isEmpty() && token.length() < 16) {
            throw new ConfigException("http.token must be at least 16 characters");
        }
        List<String> origins = http.dashboardOrigins().isEmpty()
                ? List.of("http://127.0.0.1:" + dashboardPort, "http://localhost:" + dashboardPort)
                : http.dashboardOrigins();
        return new OpsAccess(token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8), loopback, origins);
    }

    boolean requiresToken() {
        return token != null;
    }

    /** Whether the request's Authorization header carries the token (compared in constant time). */
    boolean authorized(Optional<String> authorization) {
        if (token == null) {
            return true;
        }
        String presented = authorization.filter(a -> a.startsWith("Bearer ")).map(a -> a.substring(7).trim()).orElse("");
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Bound to loopback, a request must name a loopback host (with any port). */
    boolean hostAllowed(Optional<String> host) {
        if (!loopback) {
            return true;
        }
        String h = host.orElse("");
        int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.lastIndexOf(':');
        String name = colon > 0 ? h.substring(0, colon) : h;
        return LOOPBACK.contains(name);
    }

    /** The origin to answer with {@code Access-Control-Allow-Origin}, when the request comes from an allowed one. */
    Optional<String> allowedOrigin(Optional<String> origin) {
        return origin.filter(origins::contains);
    }
}
