package tech.tradeos.execution.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tech.tradeos.execution.model.config.ConfigException;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * Who may call a service's ops endpoints (docs/README.md §Security model):
 * <ul>
 *   <li>reads: with an ops token ({@code http.token}), every caller must present it ({@code Authorization: Bearer …})
 *       except for {@code GET /health} (and {@code /health/live}, {@code /health/ready}) and the dashboard page;</li>
 *   <li>instructions (a state-changing request: {@code POST /control}, {@code /reconcile}, {@code /tca/sessions}):
 *       with an admin token ({@code http.admin-token}) only that token; without one, the ops token (if any);</li>
 *   <li>a state-changing request from a browser page of a foreign origin, or whose body is not
 *       {@code application/json}, is refused whatever it carries: a cross-site page can neither send a
 *       simple request nor pass the CORS preflight a JSON body needs;</li>
 *   <li>bound to loopback, only requests whose {@code Host} is a loopback name are answered (no DNS rebinding);
 *       browsers may read the endpoints only from the configured dashboard origins.</li>
 * </ul>
 * Tokens are compared in constant time (as SHA-256 digests, so their length leaks nothing either), never
 * logged or echoed.
 */
public final class OpsAccess {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    /** What a request asks for: to read, or to change something. */
    public enum Level { READ, INSTRUCT }

    private final byte[] token;
    private final byte[] adminToken;
    private final boolean loopback;
    private final List<String> origins;

    private OpsAccess(String token, String adminToken, boolean loopback, List<String> origins) {
        this.token = token == null || token.isEmpty() ? null : digest(token);
        this.adminToken = adminToken == null || adminToken.isEmpty() ? null : digest(adminToken);
        this.loopback = loopback;
        this.origins = List.copyOf(origins);
    }

    /** Open to every local caller (tests, the demo): no token, loopback Host check, no browser origin. */
    public static OpsAccess local() {
        return new OpsAccess(null, null, true, List.of());
    }

    /**
     * The access of a service bound to {@code http.bind}; {@code dashboardPort} is the router's port the
     * default dashboard origin names.
     *
     * @throws ConfigException when bound beyond loopback without a token, or when a token file cannot be read
     */
    public static OpsAccess from(TradeosConfig.Http http, int dashboardPort) {
        boolean loopback = LOOPBACK.contains(http.bind());
        String token = read(http.token(), http.tokenFile(), "http.token-file");
        String admin = read(http.adminToken(), http.adminTokenFile(), "http.admin-token-file");
        if (token.isEmpty() && !loopback) {
            throw new ConfigException("http.bind " + http.bind() + " exposes the ops endpoints beyond this host: set "
                    + "http.token-file (or http.token, TRADEOS_HTTP_TOKEN), or bind 127.0.0.1");
        }
        if (!token.isEmpty() && token.length() < 16) {
            throw new ConfigException("http.token must be at least 16 characters");
        }
        if (!admin.isEmpty() && admin.length() < 16) {
            throw new ConfigException("http.admin-token must be at least 16 characters");
        }
        if (!admin.isEmpty() && admin.equals(token)) {
            throw new ConfigException("http.admin-token must differ from http.token: the admin token separates instructions from reads");
        }
        List<String> origins = http.dashboardOrigins().isEmpty()
                ? List.of("http://127.0.0.1:" + dashboardPort, "http://localhost:" + dashboardPort)
                : http.dashboardOrigins();
        return new OpsAccess(token, admin, loopback, origins);
    }

    private static String read(String value, String file, String key) {
        if (!value.isEmpty() || file.isEmpty()) {
            return value.trim();
        }
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        } catch (IOException e) {
            throw new ConfigException(key + " " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean requiresToken() {
        return token != null || adminToken != null;
    }

    /** Whether an instruction needs the admin token (one is configured). */
    boolean separatesInstructions() {
        return adminToken != null;
    }

    /** Whether the request's Authorization header carries the token (compared in constant time). */
    boolean authorized(Optional<String> authorization) {
        return authorized(authorization, Level.READ);
    }

    /**
     * Whether the request's Authorization header carries a token good for {@code level}: the admin token for an
     * instruction when one is set (else the ops token); the ops token or the admin token for a read.
     */
    boolean authorized(Optional<String> authorization, Level level) {
        byte[] presented = digest(authorization.filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(a -> a.substring(7).trim()).orElse(""));
        boolean admin = adminToken != null && MessageDigest.isEqual(adminToken, presented);
        boolean ops = token != null && MessageDigest.isEqual(token, presented);
        if (level == Level.INSTRUCT) {
            return adminToken != null ? admin : token == null || ops;
        }
        return token == null || ops || admin; // without an ops token (loopback only) reads are open
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

    /**
     * Whether a state-changing request may come from {@code origin}: none (not a browser, or a same-origin
     * navigation of an old one), this server's own origin ({@code http://<Host>}), or a dashboard origin.
     * {@code null} (a sandboxed frame, a file) is foreign.
     */
    boolean originMayInstruct(Optional<String> origin, Optional<String> host) {
        if (origin.isEmpty()) {
            return true;
        }
        String o = origin.get().trim().toLowerCase(Locale.ROOT);
        if (host.isPresent() && (o.equals("http://" + host.get().toLowerCase(Locale.ROOT))
                || o.equals("https://" + host.get().toLowerCase(Locale.ROOT)))) {
            return true;
        }
        return origins.stream().anyMatch(allowed -> allowed.toLowerCase(Locale.ROOT).equals(o));
    }

    /** Whether a state-changing request's body is declared JSON ({@code application/json}, any parameters). */
    static boolean isJson(Optional<String> contentType) {
        return contentType.map(c -> c.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).filter("application/json"::equals).isPresent();
    }
}
