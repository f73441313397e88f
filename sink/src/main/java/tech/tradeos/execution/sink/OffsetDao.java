package tech.tradeos.execution.sink;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The {@code consumer_offsets} table: where the sink resumes. Written in the transaction of the rows
 * the records produced, so a crash can never separate the data from the position in the topic.
 */
public interface OffsetDao {
    record OffsetRow(String groupId, String topic, int partition, long nextOffset) {
    }

    @SqlBatch("""
            INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
            VALUES (:groupId, :topic, :partition, :nextOffset)
            ON CONFLICT (group_id, topic, partition)
            DO UPDATE SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset)
            """)
    void save(@BindMethods List<OffsetRow> offsets);

    @SqlQuery("SELECT next_offset FROM consumer_offsets WHERE group_id = :group AND topic = :topic AND partition = :partition")
    java.util.Optional<Long> next(@Bind("group") String group, @Bind("topic") String topic, @Bind("partition") int partition);
}
