/**
 * The live execution stage's home: venue adapters place the router's LIVE orders at the venues, off the
 * router's stream thread, and report order updates and fills. See {@code adapters/README.md} for the
 * contract each adapter keeps.
 */
package tech.tradeos.execution.executor;
