package tech.tradeos.execution.topology.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.config.ConfigLoader;

class IntentCommitsTest {
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    @Test
    void theFirstIntentOfAPeriodCommitsAtOnceTheRestAtTheEndOfThePeriod() {
        // the period is per thread: run on a fresh one so no other test's request counts
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                firstIntentCommitsAtOnce();
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(failed.get()).isNull();
    }

    private void firstIntentCommitsAtOnce() {
        IntentCommits commits = new IntentCommits(10);
        commits.init(context);
        assertThat(context.scheduledPunctuators()).singleElement().satisfies(p -> {
            assertThat(p.getInterval()).isEqualTo(Duration.ofMillis(10));
            assertThat(p.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        });

        context.setCurrentSystemTimeMs(1_000);
        commits.intentHandled();
        assertThat(context.committed()).as("the first intent in a while").isTrue();
        context.resetCommit();

        context.setCurrentSystemTimeMs(1_004);
        commits.intentHandled();
        commits.intentHandled();
        assertThat(context.committed()).as("within the period: waits for the punctuation").isFalse();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_010);
        assertThat(context.committed()).isTrue();
        context.resetCommit();

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_020);
        assertThat(context.committed()).as("nothing pending, nothing asked").isFalse();
        context.setCurrentSystemTimeMs(1_030);
        commits.intentHandled();
        assertThat(context.committed()).isTrue();
    }

    @Test
    void offUnderAtLeastOnceOrWhenSetToZero() {
        IntentCommits atLeastOnce = IntentCommits.of(ConfigLoader.load(null, Map.of("TRADEOS_KAFKA_PROCESSING_GUARANTEE", "at_least_once")));
        IntentCommits zero = IntentCommits.of(ConfigLoader.load(null, Map.of("TRADEOS_KAFKA_INTENT_COMMIT_MS", "0")));
        for (IntentCommits commits : new IntentCommits[] {atLeastOnce, zero}) {
            commits.init(context);
            commits.intentHandled();
        }
        assertThat(context.scheduledPunctuators()).isEmpty();
        assertThat(context.committed()).isFalse();
    }
}
