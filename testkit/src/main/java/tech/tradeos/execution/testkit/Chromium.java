package tech.tradeos.execution.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Headless Chromium (Debian's, which {@code .ci/run} installs) rendering a page the way a browser user sees it. */
public final class Chromium {
    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** The page's DOM after its scripts ran (6 s of virtual time). */
    public static String dumpDom(Path dir, String url) throws IOException, InterruptedException {
        return run(dir, url, "--dump-dom");
    }

    public static void screenshot(Path dir, String url, Path png) throws IOException, InterruptedException {
        run(dir, url, "--screenshot=" + png);
    }

    private static String run(Path dir, String url, String what) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"),
                "--window-size=1400,1700", "--virtual-time-budget=6000", what, url));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 60 s");
        }
        return out;
    }
}
