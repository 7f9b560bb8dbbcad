/**
 * Flags for the checks' short-lived JVMs (apex-ls, PMD): one processor, the serial collector and the
 * quick compiler. They run beside the rest of the test suite on a 2-core machine, where a JVM sizing
 * its threads to every core starved the Temporal servers of other tests (measured: 75 → 58 CPU
 * seconds for the Java checks, the same findings).
 */
export const CHECK_JVM_FLAGS = ['-XX:ActiveProcessorCount=1', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
