package tech.tradeos.execution.model.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.Region;

/**
 * The whole configuration of an instance (the README), bound from YAML by {@link ConfigLoader}. Key names
 * are the kebab-case YAML keys: {@code routing.staleness-ms} is {@code routing().stalenessMs()}.
 */
public record TradeosConfig(
        Region region,
        Mode mode,
        Routing routing,
        Paper paper,
        Map<String, VenueConfig> venues,
        Positions positions,
        Tca tca,
        Kafka kafka,
        Topics topics,
        Http http,
        Postgres postgres,
        Redis redis,
        Sink sink,
        Executor executor,
        tech.tradeos.execution.model.control.Limits limits,
        Ingest ingest) {

    public TradeosConfig {
        limits = limits == null ? tech.tradeos.execution.model.control.Limits.NONE : limits;
        Map<String, VenueConfig> known = Collections.unmodifiableMap(new LinkedHashMap<>(venues));
        venues = known;
        List<String> problems = new ArrayList<>();
        routing.fallbackPriority().forEach((r, list) -> list.stream()
                .filter(v -> !known.containsKey(v))
                .forEach(v -> problems.add("routing.fallback-priority." + r + " names unknown venue " + v)));
        if (!routing.fallbackPriority().containsKey(region)) {
            problems.add("routing.fallback-priority has no list for region " + region);
        }
        if (mode == Mode.LIVE && !"exactly_once_v2".equals(kafka.processingGuarantee())) {
            // under at-least-once a re-processed intent is routed again as a new order, and a new order is sent
            problems.add("mode LIVE needs kafka.processing-guarantee exactly_once_v2 (at_least_once may route an intent"
                    + " twice, and each routed order is sent to a venue), got " + kafka.processingGuarantee());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** All venues in the order of the region's priority list, then the unlisted ones in config order. */
    public List<String> priorityOrder() {
        List<String> order = new ArrayList<>(routing.fallbackPriority().get(region));
        venues.keySet().stream().filter(v -> !order.contains(v)).forEach(order::add);
        return List.copyOf(order);
    }

    /** True when at least one configured venue lists the instrument (docs/README.md §Routing). */
    public boolean knowsInstrument(String instrument) {
        return venues.values().stream().anyMatch(v -> v.lists(instrument));
    }

    /**
     * {@code maxClockSkewMs}: market data stamped further ahead of the router's clock is refused (DLQ);
     * {@code maxIntentAge}: an intent created longer ago than this when it arrives is rejected EXPIRED.
     */
    public record Routing(long stalenessMs, Duration dedupeRetention, Map<Region, List<String>> fallbackPriority,
                          long maxClockSkewMs, Duration maxIntentAge) {
        public Routing {
            if (stalenessMs < 0) {
                throw new IllegalArgumentException("staleness-ms must be >= 0");
            }
            if (maxIntentAge == null || maxIntentAge.isNegative() || maxIntentAge.isZero()) {
                throw new IllegalArgumentException("routing.max-intent-age must be a positive ISO-8601 duration such as PT5M");
            }
            if (maxClockSkewMs < 0) {
                throw new IllegalArgumentException("routing.max-clock-skew-ms must be >= 0");
            }
            if (dedupeRetention == null || dedupeRetention.isNegative() || dedupeRetention.isZero()) {
                throw new IllegalArgumentException("dedupe-retention must be a positive ISO-8601 duration such as P7D");
            }
            fallbackPriority = Map.copyOf(fallbackPriority);
        }
    }

    /**
     * @param fillModel where a paper fill starts before the slippage: the mid (default, the seed's) or the book walk's VWAP
     */
    public record Paper(BigDecimal slippageAtrMultiple, tech.tradeos.execution.model.paper.PaperFillModel fillModel) {
        public Paper {
            if (slippageAtrMultiple == null || slippageAtrMultiple.signum() < 0) {
                throw new IllegalArgumentException("slippage-atr-multiple must be >= 0");
            }
            fillModel = fillModel == null ? tech.tradeos.execution.model.paper.PaperFillModel.MID_ATR : fillModel;
        }
    }

    /**
     * @param ledger          false: the router runs without the ledger, on its own record only
     * @param ledgerTimeoutMs the most any ledger read or reachability check may take (connect, socket, statement)
     * @param seedWaitMs      the most the stream thread waits for an instrument's first ledger read before holding its intent
     */
    public record Positions(long reconcileTimeoutMs, long reconcileIntervalMs, boolean ledger, long ledgerTimeoutMs,
                            long seedWaitMs) {
        public Positions {
            if (reconcileTimeoutMs <= 0 || reconcileIntervalMs <= 0) {
                throw new IllegalArgumentException("positions.reconcile-timeout-ms and reconcile-interval-ms must be > 0");
            }
            if (ledgerTimeoutMs < 250 || ledgerTimeoutMs > 60_000) {
                throw new IllegalArgumentException("positions.ledger-timeout-ms must be between 250 and 60000, got " + ledgerTimeoutMs);
            }
            if (seedWaitMs < 0 || seedWaitMs > ledgerTimeoutMs) {
                throw new IllegalArgumentException("positions.seed-wait-ms must be between 0 and positions.ledger-timeout-ms, got "
                        + seedWaitMs);
            }
        }
    }

    /**
     * @param session      the TCA session to report (an id); created at {@code session-start} (default: when the sink
     *                     first sees it) unless the ledger knows it. Empty: the ledger's newest session, or "default".
     * @param sessionStart when a new {@code session} starts (ISO-8601 instant); ignored for a session the ledger knows
     */
    public record Tca(BigDecimal startingEquity, Duration returnPeriod, String session, java.time.Instant sessionStart) {
        public Tca {
            if (session != null && (session.isBlank() || session.length() > 100 || !session.matches("[A-Za-z0-9._:-]+"))) {
                throw new IllegalArgumentException("tca.session must be 1–100 characters of letters, digits and ._:-");
            }
            if (startingEquity == null || startingEquity.signum() <= 0) {
                throw new IllegalArgumentException("starting-equity must be > 0");
            }
            if (startingEquity.precision() - startingEquity.scale() > 20 || startingEquity.scale() > 18) {
                throw new IllegalArgumentException("starting-equity must have at most 20 integer and 18 fraction digits");
            }
            if (returnPeriod == null || returnPeriod.isNegative() || returnPeriod.isZero()) {
                throw new IllegalArgumentException("return-period must be a positive ISO-8601 duration such as PT1H");
            }
        }
    }

    public record Kafka(
            String bootstrapServers,
            String applicationId,
            String processingGuarantee,
            int numStandbyReplicas,
            int partitions,
            short replicationFactor,
            String stateDir,
            boolean inputsKeyedByInstrument,
            long intentCommitMs,
            long hangingTransactionMs,
            Map<String, String> properties) {
        public Kafka {
            if (intentCommitMs < 0) {
                throw new IllegalArgumentException("kafka.intent-commit-ms must be >= 0, got " + intentCommitMs);
            }
            if (hangingTransactionMs <= 0) {
                throw new IllegalArgumentException("kafka.hanging-transaction-ms must be > 0, got " + hangingTransactionMs);
            }
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        /** The client properties' values are shown only for keys that cannot hold a secret (SASL, SSL, passwords are not). */
        @Override
        public String toString() {
            Map<String, String> shown = new java.util.TreeMap<>();
            properties.forEach((k, v) -> shown.put(k, Redaction.secretKey(k) ? "***" : Redaction.url(v)));
            return "Kafka[bootstrapServers=" + Redaction.url(bootstrapServers) + ", applicationId=" + applicationId
                    + ", processingGuarantee=" + processingGuarantee + ", partitions=" + partitions + ", replicationFactor="
                    + replicationFactor + ", properties=" + shown + "]";
        }
    }

    public record Topics(
            String intentsApproved,
            String orderbook,
            String funding,
            String ordersRouted,
            String intentsRejected,
            String fills,
            String tca,
            String dlq,
            String ordersUpdates,
            String control,
            String fundingPayments) {
    }

    public record Postgres(String url, String user, String password, String schema) {
        public Postgres {
            if (schema == null || !schema.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("postgres.schema must be a lower-case SQL identifier, got " + schema);
            }
        }

        @Override
        public String toString() {
            return "Postgres[url=" + Redaction.url(url) + ", user=" + user + ", password="
                    + (password == null || password.isEmpty() ? "unset" : "***") + ", schema=" + schema + "]";
        }
    }

    public record Redis(String uri, String keyPrefix) {
        @Override
        public String toString() {
            return "Redis[uri=" + Redaction.url(uri) + ", keyPrefix=" + keyPrefix + "]";
        }
    }

    public record Sink(String groupId, int maxBatch, int httpPort, String publicUrl) {
    }

    /**
     * The live execution stage ({@code tradeos executor}, docs/README.md §Live execution). {@code maxSlippageBps}: an
     * order's limit price is the SOR's expected VWAP moved this far against it; {@code ackTimeoutMs}: an order
     * the venue has not answered within this is looked up by its client id, {@code lookupAttempts} times
     * {@code lookupIntervalMs} apart, before it is REJECTED as never having reached the venue;
     * {@code mismatchPolicy}: {@code hold} or {@code trade} for an instrument whose ledger position differs from
     * the venue's at reconciliation.
     */
    /**
     * @param fundingPollSeconds how often the venues' funding history is read (LIVE funding payments)
     * @param fundingLookbackHours at start, how far back the first read of the funding history goes
     * @param maxOrderAge an order routed longer ago than this is never sent (EXPIRED); one that may have been sent is
     *                    still looked up
     * @param orderDeadlineMs the longest one order's run may take (placement, lookups, following it to a final state);
     *                        past it the order is UNKNOWN and its worker is cancelled
     * @param resolveIntervalMs how often orders in UNKNOWN are looked up again at their venue
     * @param absenceMarginMs how long after it may have been sent an order no lookup finds counts as never placed, on
     *                        the venues whose order history by client id is read (not Kraken Spot, whose deadline
     *                        decides, nor Kraken Futures, where absence is never assumed)
     */
    public record Executor(String groupId, int httpPort, BigDecimal maxSlippageBps, long ackTimeoutMs, int lookupAttempts,
                           long lookupIntervalMs, long pollIntervalMs, String mismatchPolicy,
                           Map<String, LiveVenue> venues, long fundingPollSeconds, long fundingLookbackHours,
                           Duration maxOrderAge, long orderDeadlineMs, long resolveIntervalMs, long absenceMarginMs) {
        public Executor {
            if (absenceMarginMs < 1_000 || absenceMarginMs > 86_400_000) {
                throw new IllegalArgumentException("executor.absence-margin-ms must be 1000–86400000");
            }
            if (maxOrderAge == null || maxOrderAge.isNegative() || maxOrderAge.isZero() || maxOrderAge.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("executor.max-order-age must be a positive ISO-8601 duration of at most a day, such as PT60S");
            }
            if (orderDeadlineMs < 1_000 || orderDeadlineMs > 600_000 || resolveIntervalMs < 100 || resolveIntervalMs > 3_600_000) {
                throw new IllegalArgumentException("executor.order-deadline-ms must be 1000–600000 and resolve-interval-ms 100–3600000");
            }
            if (fundingPollSeconds < 1 || fundingPollSeconds > 86_400 || fundingLookbackHours < 0 || fundingLookbackHours > 24 * 90) {
                throw new IllegalArgumentException("executor.funding-poll-seconds must be 1–86400 and funding-lookback-hours 0–2160");
            }
            if (maxSlippageBps.signum() < 0 || ackTimeoutMs <= 0 || lookupAttempts < 1 || lookupIntervalMs <= 0 || pollIntervalMs <= 0) {
                throw new IllegalArgumentException("executor: max-slippage-bps must be >= 0, the timeouts and intervals > 0,"
                        + " lookup-attempts >= 1");
            }
            if (!mismatchPolicy.equals("hold") && !mismatchPolicy.equals("trade")) {
                throw new IllegalArgumentException("executor.mismatch-policy must be hold or trade, got " + mismatchPolicy);
            }
            venues = venues == null ? Map.of() : Map.copyOf(venues);
        }
    }

    /**
     * One venue the executor trades on: its base URL (the venue simulator's in tests and the demo), its API key and
     * secret (the secret from {@code api-secret-file} or {@code api-secret} / {@code TRADEOS_EXECUTOR_VENUES_<VENUE>_API_SECRET};
     * never logged), its request rate limit, and instrument-rule overrides by venue symbol.
     */
    /**
     * {@code baseUrl} must be {@code https://} (keys and signatures never travel in clear) unless it names a loopback
     * host (the venue simulator) or {@code allowInsecure} says so explicitly.
     */
    public record LiveVenue(boolean enabled, String baseUrl, String apiKey, String apiSecret, String apiSecretFile,
                            double ratePerSecond, int burst, Map<String, RuleOverride> rules, Boolean allowInsecure) {
        public LiveVenue(boolean enabled, String baseUrl, String apiKey, String apiSecret, String apiSecretFile,
                         double ratePerSecond, int burst, Map<String, RuleOverride> rules) {
            this(enabled, baseUrl, apiKey, apiSecret, apiSecretFile, ratePerSecond, burst, rules, false);
        }

        public LiveVenue {
            allowInsecure = allowInsecure != null && allowInsecure;
            if (baseUrl != null && !baseUrl.isBlank() && !allowInsecure && !secureOrLoopback(baseUrl)) {
                throw new IllegalArgumentException("executor venue base-url " + Redaction.url(baseUrl) + " must be https:// "
                        + "(API keys and signatures would travel in clear) unless it is a loopback address; "
                        + "set allow-insecure: true only for a test venue");
            }
            rules = rules == null ? Map.of() : Map.copyOf(rules);
            if (ratePerSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("executor venue rate-per-second must be > 0 and burst >= 1");
            }
        }

        /** The secret, from its file when one is named (first line), else the value; never in a message. */
        public String secret() {
            if (apiSecretFile != null && !apiSecretFile.isBlank()) {
                try {
                    return java.nio.file.Files.readAllLines(java.nio.file.Path.of(apiSecretFile)).get(0).trim();
                } catch (java.io.IOException | IndexOutOfBoundsException e) {
                    throw new IllegalArgumentException("cannot read the API secret file " + apiSecretFile);
                }
            }
            return apiSecret == null ? "" : apiSecret;
        }

        /** Whether {@code url} is https, or http to a loopback host. */
        static boolean secureOrLoopback(String url) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("executor venue base-url is not a URL: " + Redaction.url(url));
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (scheme.equals("https")) {
                return true;
            }
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
            return scheme.equals("http") && (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
                    || host.startsWith("127."));
        }

        @Override
        public String toString() {
            return "LiveVenue[baseUrl=" + Redaction.url(baseUrl) + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "none" : "***")
                    + ", rate=" + ratePerSecond + "/s]";
        }
    }

    /**
     * The ingestion bridge ({@code tradeos ingest}, docs/README.md §Market data in): cryptofeed's Kafka topics
     * ({@code <book-topic-prefix>-<EXCHANGE>-<SYMBOL>}, {@code <funding-topic-prefix>-…}) onto the router's topics.
     * {@code mappings}: cryptofeed exchange → its symbol → {@code VENUE/INSTRUMENT}; {@code fundingIntervalHours}:
     * per venue; {@code maxSnapshotsPerSecond} per book; {@code depth} levels a side published.
     */
    public record Ingest(int httpPort, String groupId, boolean cryptofeedKafka, String bookTopicPrefix, String fundingTopicPrefix,
                         int maxSnapshotsPerSecond, int depth, Map<String, Integer> fundingIntervalHours,
                         Map<String, Map<String, String>> mappings, String redisUri, String redisPrefix, int redisResyncSeconds,
                         String cryptofeedRedisUri, int cryptofeedRedisPollMs) {
        public Ingest {
            cryptofeedRedisUri = cryptofeedRedisUri == null ? "" : cryptofeedRedisUri;
            if (cryptofeedRedisPollMs < 1 || cryptofeedRedisPollMs > 10_000) {
                throw new IllegalArgumentException("ingest.cryptofeed-redis-poll-ms must be 1..10000");
            }
            if (redisResyncSeconds < 1) {
                throw new IllegalArgumentException("ingest.redis-resync-seconds must be >= 1");
            }
            if (maxSnapshotsPerSecond < 1 || depth < 1 || depth > tech.tradeos.execution.model.BookSnapshot.MAX_LEVELS) {
                throw new IllegalArgumentException("ingest: max-snapshots-per-second >= 1, depth 1.."
                        + tech.tradeos.execution.model.BookSnapshot.MAX_LEVELS);
            }
            fundingIntervalHours = fundingIntervalHours == null ? Map.of() : Map.copyOf(fundingIntervalHours);
            mappings = mappings == null ? Map.of() : Map.copyOf(mappings);
        }

        @Override
        public String toString() {
            return "Ingest[httpPort=" + httpPort + ", groupId=" + groupId + ", cryptofeedKafka=" + cryptofeedKafka
                    + ", redisUri=" + Redaction.url(redisUri) + ", cryptofeedRedisUri=" + Redaction.url(cryptofeedRedisUri)
                    + ", mappings=" + mappings.keySet() + "]";
        }
    }

    /** Instrument rules set by hand instead of (or before) the venue's instrument endpoint; null keeps the venue's. */
    public record RuleOverride(BigDecimal lotStep, BigDecimal tick, BigDecimal minQuantity, BigDecimal minNotional) {
    }

    /**
     * {@code advertised-host} is the name other instances use to reach this one when it binds 0.0.0.0.
     * {@code token} / {@code token-file}: the bearer token the ops endpoints require (required whenever
     * {@code bind} is not loopback). {@code admin-token} / {@code admin-token-file}: the token that alone may
     * give instructions ({@code POST /control}, {@code /reconcile}, {@code /tca/sessions}); unset, the ops token
     * instructs too. {@code dashboard-origins}: the browser origins the sink lets read its endpoints (CORS);
     * empty means this router's own dashboard on loopback. {@code forward-hosts}: the instances (host or
     * host:port) a router forwards a request to, with the caller's token; empty means loopback names and
     * {@code advertised-host} only.
     */
    public record Http(String bind, int port, String advertisedHost, String token, String tokenFile,
                       List<String> dashboardOrigins, String adminToken, String adminTokenFile, List<String> forwardHosts) {
        public Http {
            token = token == null ? "" : token;
            tokenFile = tokenFile == null ? "" : tokenFile;
            adminToken = adminToken == null ? "" : adminToken;
            adminTokenFile = adminTokenFile == null ? "" : adminTokenFile;
            dashboardOrigins = dashboardOrigins == null ? List.of() : List.copyOf(dashboardOrigins);
            forwardHosts = forwardHosts == null ? List.of() : List.copyOf(forwardHosts);
        }

        public Http(String bind, int port, String advertisedHost, String token, String tokenFile, List<String> dashboardOrigins) {
            this(bind, port, advertisedHost, token, tokenFile, dashboardOrigins, "", "", List.of());
        }

        public Http withPort(int newPort) {
            return new Http(bind, newPort, advertisedHost, token, tokenFile, dashboardOrigins, adminToken, adminTokenFile, forwardHosts);
        }

        @Override
        public String toString() {
            return "Http[bind=" + bind + ", port=" + port + ", token " + (token.isEmpty() && tokenFile.isEmpty() ? "unset" : "set")
                    + ", admin-token " + (adminToken.isEmpty() && adminTokenFile.isEmpty() ? "unset" : "set") + "]";
        }
    }
}
