package tech.tradeos.execution.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a timeout: the tests' only way to wait (never a bare sleep). */
public final class Await {
    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50); // the polling interval, not a synchronisation
        }
    }
}
