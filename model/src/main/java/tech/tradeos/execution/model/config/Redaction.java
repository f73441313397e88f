package tech.tradeos.execution.model.config;

import java.util.regex.Pattern;

/** Secrets never reach a log line, a banner or an error body: URLs and messages pass through here first. */
public final class Redaction {
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|key)=)[^&;\\s]*");
    private static final int MAX_MESSAGE = 300;

    private Redaction() {
    }

    /** The URL without user info ({@code redis://:pw@host} → {@code redis://***@host}) or secret query parameters. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return SECRET_PARAM.matcher(USER_INFO.matcher(url).replaceAll("***@")).replaceAll("$1***");
    }

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|sasl|jaas|ssl\\.key|keystore|truststore|credential|api[._-]?key).*");

    /** Whether a configuration key (a client property's name) may hold a secret: its value is never shown. */
    public static boolean secretKey(String key) {
        return key != null && SECRET_KEY.matcher(key).matches();
    }

    /** An exception's message, redacted like a URL and cut to a bounded length. */
    public static String message(Throwable e) {
        if (e == null) {
            return "no answer";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = url(m);
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
    }
}
