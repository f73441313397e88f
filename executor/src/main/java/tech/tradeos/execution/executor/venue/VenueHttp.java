package tech.tradeos.execution.executor.venue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    private final String venue;
    private final String baseUrl;
    private final HttpClient client;
    private final Duration timeout;
    private final RateLimiter limiter;

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

    private Answer send(HttpRequest request, String path, boolean counted) {
        try {
            if (counted) {
                limiter.acquire();
            }
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 429 || r.statusCode() >= 500) {
                throw new VenueUnavailable(venue + " answered " + r.statusCode() + " to " + path);
            }
            if (r.body().length > MAX_BODY) {
                throw new VenueUnavailable(venue + " answered " + r.body().length + " bytes to " + path + ", over " + MAX_BODY);
            }
            return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (HttpTimeoutException timedOut) {
            throw new VenueUnavailable(venue + " did not answer " + path + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new VenueUnavailable(venue + " could not be reached for " + path + ": " + Redaction.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VenueUnavailable("interrupted while calling " + venue);
        }
    }
}
