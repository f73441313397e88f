package tech.tradeos.execution.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;

/**
 * {@code tradeos orders}: the LIVE orders the executor could not settle by itself. {@code unknown} lists the orders in
 * UNKNOWN (they may be at a venue and no lookup found them); {@code resolve} closes one the operator has checked at the
 * venue did not execute, as REJECTED with who and why (audited in the executor's log, the update and the send journal).
 */
@Command(name = "orders",
        description = {"The executor's LIVE orders whose outcome is UNKNOWN (docs/README.md §Live execution):",
                "  unknown                                        list them (GET /orders/unknown on the executor)",
                "  resolve --order ID --by WHO --reason WHY       close one that did not execute at its venue as REJECTED",
                "An order that did execute is not resolved by hand: the executor finds it, or reconciliation shows its position."},
        mixinStandardHelpOptions = true)
final class OrdersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<action>", description = "unknown or resolve")
    String action;

    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}", description = "Config file (default: $TRADEOS_CONFIG).")
    Path config;

    @Option(names = "--executor", paramLabel = "<url>", description = "The executor's ops URL (default: http://127.0.0.1:<executor.http-port>).")
    String executor;

    @Option(names = "--order", description = "resolve: the orderId") String orderId;
    @Option(names = "--by", description = "resolve: who checked the venue") String by;
    @Option(names = "--reason", description = "resolve: what the venue shows") String reason;

    @Override
    public Integer call() throws Exception {
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        String base = executor != null ? executor : "http://127.0.0.1:" + cfg.executor().httpPort();
        HttpRequest.Builder request;
        switch (action) {
            case "unknown" -> request = HttpRequest.newBuilder(URI.create(base + "/orders/unknown")).GET();
            case "resolve" -> {
                if (orderId == null || by == null || reason == null || orderId.isBlank() || by.isBlank() || reason.isBlank()) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "resolve needs --order, --by and --reason");
                }
                Map<String, String> body = new LinkedHashMap<>();
                body.put("orderId", orderId);
                body.put("by", by);
                body.put("reason", reason);
                request = HttpRequest.newBuilder(URI.create(base + "/orders/resolve")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.text(body)));
            }
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown action '" + action + "': unknown or resolve");
        }
        String token = token(cfg.http());
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("tradeos orders: the executor at " + base + " did not answer: " + e.getMessage());
            return Tradeos.EXIT_UNAVAILABLE;
        }
        (answer.statusCode() == 200 ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(answer.body());
        spec.commandLine().getOut().flush();
        return answer.statusCode() == 200 ? 0 : Tradeos.EXIT_USAGE;
    }

    private static String token(TradeosConfig.Http http) throws java.io.IOException {
        if (!http.token().isEmpty()) {
            return http.token();
        }
        return http.tokenFile().isEmpty() ? "" : Files.readAllLines(Path.of(http.tokenFile())).stream().findFirst().orElse("").trim();
    }
}
