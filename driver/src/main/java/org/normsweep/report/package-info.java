/**
 * Stage 7: the HTML report. Runs the report's Spark SQL queries ({@code reports/*.sql}, plus any the user
 * adds) over the result views, writes each result as CSV and, where the query asks for one, a PNG chart
 * (XChart), and an HTML page that shows every chart and table with the SQL that made it. Imports Spark,
 * {@code spark} (views) and XChart; driver-only.
 */
package org.normsweep.report;
