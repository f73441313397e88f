/**
 * The sink process: fills into the PostgreSQL audit ledger and authoritative positions, the Redis
 * hot cache, and the TCA monitor.
 */
package tech.tradeos.execution.sink;
