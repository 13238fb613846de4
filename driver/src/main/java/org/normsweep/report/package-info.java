/**
 * Stage 7: reading the results back. The HTML report runs the report's Spark SQL queries ({@code reports/*.sql}, plus
 * any the user adds) over the result views, writes each result as CSV and, where the query asks for one, a PNG chart
 * (XChart), and an HTML page that shows every chart and table with the SQL that made it, the charts drawn
 * interactively by ECharts from its WebJar ({@link org.normsweep.report.InteractiveCharts}); {@code diff}
 * ({@link org.normsweep.report.RunDiff}) compares two attempts of each trial. Driver-only.
 * Imports: {@code java}, {@code org.apache.spark.sql}, {@code org.apache.commons.math3}, {@code org.apache.commons.text},
 * {@code org.knowm.xchart},
 * {@code org.normsweep.trial}, {@code org.normsweep.results} (the read-only check).
 */
package org.normsweep.report;
