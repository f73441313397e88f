/**
 * The Kafka Streams application: KTables of books and funding per instrument, the SOR processor,
 * the paper adapter and interactive queries. Built on the pure engine in {@code tech.tradeos.execution.model}.
 */
package tech.tradeos.execution.topology;
