package tech.tradeos.execution.executor.venue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.json.Json;

/**
 * The executor's HTTP to one venue: JDK client, a request timeout, the rate limiter, and the mapping of
 * what cannot be trusted (no answer, 5xx, 429) to {@link VenueUnavailable}. Bodies are bounded: a venue
 * answer larger than {@link #MAX_BODY} is refused.
 */
public final class VenueHttp {
    static final int MAX_BODY = 4 << 20;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final String venue;
    private final String baseUrl;
    private final HttpClient client;
    private final Duration timeout;
    private final RateLimiter limiter;
    private volatile Instant backoffUntil;
    private volatile int refusals;

    public VenueHttp(String venue, String baseUrl, Duration timeout, RateLimiter limiter) {
        this.venue = venue;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.limiter = limiter;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A body the venue answered with a 2xx or 4xx (a 4xx carries the venue's error in its body). */
    public record Answer(int status, String body) {
    }

    /** The answer as a JSON object; anything else says nothing about the request: {@link VenueUnavailable}. */
    public JsonNode json(Answer answer, String what) {
        try {
            JsonNode node = Json.tree(answer.body());
            if (!node.isObject()) {
                throw new VenueUnavailable(venue + " " + what + " answered " + answer.status() + " without a JSON object");
            }
            return node;
        } catch (IOException malformed) {
            throw new VenueUnavailable(venue + " " + what + " answered " + answer.status() + " with malformed JSON");
        }
    }

    public Answer post(String path, String form, Map<String, String> headers, boolean counted) {
        return post(path, form, "application/x-www-form-urlencoded", headers, counted);
    }

    /** A POST whose body is {@code contentType} (e.g. {@code application/json}). */
    public Answer post(String path, String body, String contentType, Map<String, String> headers, boolean counted) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Content-Type", contentType)
                .header("User-Agent", "tradeos-executor")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return send(b.build(), path, counted);
    }

    public Answer get(String pathAndQuery, Map<String, String> headers, boolean counted) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout)
                .header("User-Agent", "tradeos-executor").GET();
        headers.forEach(b::header);
        return send(b.build(), pathAndQuery, counted);
    }

    /** Takes a token of the venue's rate budget, waiting for it: for callers that sign after the wait (nonces). */
    public void acquire() {
        try {
            limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VenueUnavailable("interrupted while waiting for " + venue + "'s rate limit");
        }
    }

    /**
     * Sends the request with one deadline for headers and body alike ({@code HttpRequest.timeout} alone covers only
     * the headers on Java 17, JDK-8208693), honouring a back-off the venue asked for: while it runs nothing is sent.
     */
    private Answer send(HttpRequest request, String path, boolean counted) {
        Instant now = Instant.now();
        Instant until = backoffUntil;
        if (until != null && now.isBefore(until)) {
            throw new VenueBackingOff(venue + " asked to back off until " + until + "; " + path + " not sent", until);
        }
        if (counted) {
            acquire();
        }
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> r;
        try {
            r = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException timedOut) {
            call.cancel(true);
            throw new VenueUnavailable(venue + " did not answer " + path + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new VenueUnavailable(venue + " could not be reached for " + path + ": " + Redaction.message(e.getCause()));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new VenueUnavailable("interrupted while calling " + venue);
        }
        int status = r.statusCode();
        if (status == 429 || status == 418 || (status == 403 && !looksLikeJson(r.body()))) {
            Duration wait = backOff(r.headers().firstValue("Retry-After").orElse(null));
            throw new VenueBackingOff(venue + " answered " + status + " to " + path + "; backing off " + wait.toMillis() + " ms",
                    Instant.now().plus(wait));
        }
        refusals = 0;
        if (status >= 500) {
            throw new VenueUnavailable(venue + " answered " + status + " to " + path);
        }
        if (r.body().length > MAX_BODY) {
            throw new VenueUnavailable(venue + " answered " + r.body().length + " bytes to " + path + ", over " + MAX_BODY);
        }
        return new Answer(status, new String(r.body(), StandardCharsets.UTF_8));
    }

    /**
     * The venue said "too many requests" (429), "banned for sending after that" (418, Binance) or "access too frequent"
     * (a 403 page, Bybit): wait what its {@code Retry-After} says, else 1 s doubling with every refusal in a row, up to
     * {@link #MAX_BACKOFF}. Binance: "failing to back off after receiving 429s will result in an automated IP ban".
     */
    private synchronized Duration backOff(String retryAfter) {
        Duration wait;
        try {
            wait = retryAfter == null ? null : Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), Math.max(0, Long.parseLong(retryAfter.trim()))));
        } catch (NumberFormatException notSeconds) {
            wait = null;
        }
        if (wait == null) {
            long seconds = 1L << Math.min(6, refusals);
            wait = Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
        }
        refusals++;
        backoffUntil = Instant.now().plus(wait);
        return wait;
    }

    /** Until when the venue asked not to be called (null: it did not). */
    public Instant backoffUntil() {
        Instant until = backoffUntil;
        return until != null && Instant.now().isBefore(until) ? until : null;
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }
}
