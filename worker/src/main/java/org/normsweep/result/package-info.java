/**
 * Stage 4: what one trial produces, as plain serializable records that travel from an executor back
 * to the driver (which turns them into Parquet rows). Imports: {@code java}, {@code org.normsweep.trial}.
 */
package org.normsweep.result;
