package tech.tradeos.execution.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ids are a contract (a replay must derive the same ones): they stay the JDK's name-based UUIDs. */
class IdsTest {
    @Test
    void nameUuidIsTheJdksVersion3UuidForAnyName() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(120);
            for (int c = 0; c < length; c++) {
                name.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
            }
            String s = name.toString();
            assertThat(Ids.nameUuid(s)).isEqualTo(UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void orderAndFillIdsAreTheOnesEarlierReleasesDerived() {
        // fixed values: a changed derivation would give a replayed intent a second order downstream
        assertThat(Ids.orderId("BTC-USD", "i-42")).isEqualTo("ord-d4cfc67d-c082-37d6-b03e-d9c2c8870062");
        assertThat(Ids.paperFillId("ord-1")).isEqualTo("fill-"
                + UUID.nameUUIDFromBytes("tradeos/paper-fill/ord-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(Ids.liveFillId("KRAKEN_SPOT", "T-1")).isEqualTo("fill-"
                + UUID.nameUUIDFromBytes("tradeos/live-fill/KRAKEN_SPOT/T-1".getBytes(StandardCharsets.UTF_8)));
    }
}
